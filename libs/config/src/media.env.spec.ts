import { BaseEnv } from './base-env.js';
import { EnvValidationError, loadEnv } from './load-env.js';
import { WithMediaSettings } from './media.env.js';

class Env extends WithMediaSettings(BaseEnv) {}

describe(WithMediaSettings.name, () => {
  it('has a limit per kind by default, documents the largest', () => {
    const sut = loadEnv(Env, {});
    expect(sut).toMatchObject({
      MEDIA_MAX_IMAGE_SIZE: 16 * 1024 ** 2,
      MEDIA_MAX_STICKER_SIZE: 1024 ** 2,
      MEDIA_MAX_DOCUMENT_SIZE: 128 * 1024 ** 2,
      MEDIA_MAX_AGE_MINUTES: 60,
      MEDIA_BUCKET: 'zg_media',
    });
    expect(sut.MEDIA_TEMP_DIR).toMatch(/zapgate-media$/);
  });

  it('reads sizes with units and timeouts as numbers', () => {
    const sut = loadEnv(Env, {
      MEDIA_MAX_IMAGE_SIZE: '5mb',
      MEDIA_MAX_DOCUMENT_SIZE: '2gb',
      MEDIA_MAX_STICKER_SIZE: '512kb',
      MEDIA_FETCH_TIMEOUT_MS: '60000',
    });
    expect(sut).toMatchObject({
      MEDIA_MAX_IMAGE_SIZE: 5 * 1024 ** 2,
      MEDIA_MAX_DOCUMENT_SIZE: 2 * 1024 ** 3,
      MEDIA_MAX_STICKER_SIZE: 512 * 1024,
      MEDIA_FETCH_TIMEOUT_MS: 60_000,
    });
  });

  it.each([
    ['MEDIA_MAX_VIDEO_SIZE', 'huge'],
    ['MEDIA_MAX_DOCUMENT_SIZE', '3gb'],
    ['MEDIA_MAX_AUDIO_SIZE', '12'],
    ['MEDIA_FETCH_CONNECT_TIMEOUT_MS', '0'],
    ['MEDIA_BUCKET', 'zg.media'],
  ])('refuses %s=%s', (key, value) => {
    expect(() => loadEnv(Env, { [key]: value })).toThrow(EnvValidationError);
    expect(() => loadEnv(Env, { [key]: value })).toThrow(new RegExp(key));
  });
});
