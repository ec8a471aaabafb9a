import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform } from 'class-transformer';
import { IsInt, IsString, Matches, Max, Min, MinLength } from 'class-validator';
import { parseByteSize } from './body-limit.env.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EnvClass = new (...args: any[]) => object;

/** A size setting read from the raw env text (implicit conversion would have made "16mb" NaN). */
const byteSize = () => Transform(({ obj, key }) => parseByteSize((obj as Record<string, unknown>)[key]));
const sizeMessage = (key: string) => ({
  message: `${key} must be a size such as 16mb, 512kb or a number of bytes`,
});
/** WhatsApp's own ceiling for any file (documents). */
const TWO_GB = 2 * 1024 ** 3;

/** What `@zapgate/media` reads: the settings below, plain (see WithMediaSettings). */
export interface MediaSettings {
  MEDIA_MAX_IMAGE_SIZE: number;
  MEDIA_MAX_VIDEO_SIZE: number;
  MEDIA_MAX_AUDIO_SIZE: number;
  MEDIA_MAX_STICKER_SIZE: number;
  MEDIA_MAX_DOCUMENT_SIZE: number;
  MEDIA_FETCH_CONNECT_TIMEOUT_MS: number;
  MEDIA_FETCH_TIMEOUT_MS: number;
  MEDIA_TEMP_DIR: string;
  MEDIA_MAX_AGE_MINUTES: number;
  MEDIA_BUCKET: string;
}

/**
 * Media intake: size limits per kind (bytes, or with a unit: `16mb`), enforced while the bytes
 * stream in and answered 413; how long a media URL may take; where media waits between the
 * gateway and the shard (a temp folder standalone, a JetStream object store bucket distributed).
 * Which hosts a media URL may point at is the webhook URL policy (WEBHOOK_ALLOW_PRIVATE_NETWORKS).
 */
export function WithMediaSettings<T extends EnvClass>(Base: T) {
  class WithMediaSettingsEnv extends Base implements MediaSettings {
    @byteSize()
    @IsInt(sizeMessage('MEDIA_MAX_IMAGE_SIZE'))
    @Min(1024)
    @Max(TWO_GB)
    MEDIA_MAX_IMAGE_SIZE: number = 16 * 1024 ** 2;

    @byteSize()
    @IsInt(sizeMessage('MEDIA_MAX_VIDEO_SIZE'))
    @Min(1024)
    @Max(TWO_GB)
    MEDIA_MAX_VIDEO_SIZE: number = 64 * 1024 ** 2;

    @byteSize()
    @IsInt(sizeMessage('MEDIA_MAX_AUDIO_SIZE'))
    @Min(1024)
    @Max(TWO_GB)
    MEDIA_MAX_AUDIO_SIZE: number = 16 * 1024 ** 2;

    /** WhatsApp shows stickers up to 100 KB (static) and 500 KB (animated); some room above. */
    @byteSize()
    @IsInt(sizeMessage('MEDIA_MAX_STICKER_SIZE'))
    @Min(1024)
    @Max(TWO_GB)
    MEDIA_MAX_STICKER_SIZE: number = 1024 ** 2;

    @byteSize()
    @IsInt(sizeMessage('MEDIA_MAX_DOCUMENT_SIZE'))
    @Min(1024)
    @Max(TWO_GB)
    MEDIA_MAX_DOCUMENT_SIZE: number = 128 * 1024 ** 2;

    /** From the request to a connected socket (DNS included), per redirect hop (ms). */
    @IsInt()
    @Min(100)
    @Max(120_000)
    MEDIA_FETCH_CONNECT_TIMEOUT_MS: number = 10_000;

    /** From the request to the last byte of the body, redirects included (ms). */
    @IsInt()
    @Min(1_000)
    @Max(3_600_000)
    MEDIA_FETCH_TIMEOUT_MS: number = 300_000;

    /** Where the standalone process keeps media between intake and send (files mode 0600). */
    @IsString()
    @MinLength(1)
    MEDIA_TEMP_DIR: string = join(tmpdir(), 'zapgate-media');

    /** Media not deleted after use is deleted after this long (temp files; object store TTL). */
    @IsInt()
    @Min(1)
    @Max(7 * 24 * 60)
    MEDIA_MAX_AGE_MINUTES: number = 60;

    /** The JetStream object store bucket media crosses from gateway to shard in (distributed). */
    @Matches(/^[A-Za-z0-9_-]+$/, { message: 'MEDIA_BUCKET may hold letters, digits, - and _ only' })
    MEDIA_BUCKET: string = 'zg_media';
  }
  return WithMediaSettingsEnv;
}
