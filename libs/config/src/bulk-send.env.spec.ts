import { BaseEnv } from './base-env.js';
import { mediaBodyLimitFrom, WithBulkSend } from './bulk-send.env.js';
import { EnvValidationError, loadEnv } from './load-env.js';
import { WithMediaSettings } from './media.env.js';

class Env extends WithBulkSend(WithMediaSettings(BaseEnv)) {}

describe(WithBulkSend.name, () => {
  it('paces sends to many at 1s ±30% by default, and derives the media body limit from the media limits', () => {
    const sut = loadEnv(Env, {});
    expect(sut).toMatchObject({ ZG_BULK_DELAY_MS: 1000, ZG_BULK_JITTER: 0.3, ZG_BULK_RETENTION_HOURS: 24 });
    expect(sut.ZG_MEDIA_BODY_LIMIT).toBeUndefined();
    // the document limit (128 MiB) is the largest: its base64 plus 64 KiB
    expect(mediaBodyLimitFrom(sut)).toBe(Math.ceil((128 * 1024 ** 2 * 4) / 3) + 64 * 1024);
  });

  it('reads the settings, the media body limit with a unit', () => {
    const sut = loadEnv(Env, {
      ZG_BULK_DELAY_MS: '20',
      ZG_BULK_JITTER: '0',
      ZG_BULK_RETENTION_HOURS: '48',
      ZG_MEDIA_BODY_LIMIT: '8mb',
      MEDIA_MAX_DOCUMENT_SIZE: '1gb',
    });
    expect(sut).toMatchObject({
      ZG_BULK_DELAY_MS: 20,
      ZG_BULK_JITTER: 0,
      ZG_BULK_RETENTION_HOURS: 48,
      ZG_MEDIA_BODY_LIMIT: 8 * 1024 ** 2,
    });
    expect(mediaBodyLimitFrom(sut)).toBe(8 * 1024 ** 2);
  });

  it.each([
    ['ZG_BULK_DELAY_MS', '-1'],
    ['ZG_BULK_DELAY_MS', 'soon'],
    ['ZG_BULK_JITTER', '2'],
    ['ZG_BULK_RETENTION_HOURS', '0'],
    ['ZG_MEDIA_BODY_LIMIT', 'big'],
    ['ZG_MEDIA_BODY_LIMIT', '12'],
  ])('refuses %s=%s', (key, value) => {
    expect(() => loadEnv(Env, { [key]: value })).toThrow(EnvValidationError);
    expect(() => loadEnv(Env, { [key]: value })).toThrow(new RegExp(key));
  });
});
