import { Transform } from 'class-transformer';
import { IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { parseByteSize } from './body-limit.env.js';
import type { MediaSettings } from './media.env.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EnvClass = new (...args: any[]) => object;

/** What the gateway reads for sends to many recipients and for media carried in JSON bodies. */
export interface BulkSendSettings {
  ZG_BULK_DELAY_MS: number;
  ZG_BULK_JITTER: number;
  ZG_BULK_RETENTION_HOURS: number;
  ZG_MEDIA_BODY_LIMIT?: number;
}

/**
 * Sends to many recipients (mega `textToMany`, `mediaUrlToMany`) and base64 media bodies: for
 * the apps that serve the gateway's HTTP API.
 */
export function WithBulkSend<T extends EnvClass>(Base: T) {
  class WithBulkSendEnv extends Base implements BulkSendSettings {
    /**
     * The pause between two sends of a send to many, per instance (milliseconds): WhatsApp bans
     * accounts that send to many chats at machine speed.
     */
    @IsInt({ message: 'ZG_BULK_DELAY_MS must be a whole number of milliseconds' })
    @Min(0, { message: 'ZG_BULK_DELAY_MS must be 0 or more' })
    @Max(600_000, { message: 'ZG_BULK_DELAY_MS must be at most 600000 (10 minutes)' })
    ZG_BULK_DELAY_MS: number = 1000;

    /** How much each pause varies, as a fraction of ZG_BULK_DELAY_MS (0.3: ±30%). */
    @IsNumber({}, { message: 'ZG_BULK_JITTER must be a number between 0 and 1' })
    @Min(0, { message: 'ZG_BULK_JITTER must be between 0 and 1' })
    @Max(1, { message: 'ZG_BULK_JITTER must be between 0 and 1' })
    ZG_BULK_JITTER: number = 0.3;

    /**
     * How long a finished send to many is kept in storage with each recipient's outcome (hours),
     * then deleted. A job still running is never deleted: it is resumed after a restart.
     */
    @IsInt({ message: 'ZG_BULK_RETENTION_HOURS must be a whole number of hours' })
    @Min(1, { message: 'ZG_BULK_RETENTION_HOURS must be at least 1' })
    @Max(8_760, { message: 'ZG_BULK_RETENTION_HOURS must be at most 8760 (a year)' })
    ZG_BULK_RETENTION_HOURS: number = 24;

    /**
     * The largest body of the routes that carry a file as base64 JSON (mega `mediaBase64`,
     * WPPConnect `send-file-base64`, ...): bytes or with a unit. Unset: the largest media size
     * limit × 4/3 (base64) plus 64 KiB. Such a body is held in memory while it is read; large
     * files are better sent by URL or multipart upload, which stream.
     */
    @IsOptional()
    @Transform(({ obj, key }) => {
      const raw = (obj as Record<string, unknown>)[key];
      return raw === undefined || raw === '' ? undefined : parseByteSize(raw);
    })
    @IsInt({ message: 'ZG_MEDIA_BODY_LIMIT must be a size such as 64mb or a number of bytes' })
    @Min(1024, { message: 'ZG_MEDIA_BODY_LIMIT must be at least 1kb' })
    @Max(3 * 1024 ** 3, { message: 'ZG_MEDIA_BODY_LIMIT must be at most 3gb' })
    ZG_MEDIA_BODY_LIMIT?: number;
  }
  return WithBulkSendEnv;
}

/** Room for the JSON around the base64 text (field names, caption, file name). */
const MEDIA_BODY_SLACK = 64 * 1024;

/** The body limit of base64 media routes: ZG_MEDIA_BODY_LIMIT, or the largest media limit in base64. */
export function mediaBodyLimitFrom(env: Partial<BulkSendSettings> & MediaSettings): number {
  if (env.ZG_MEDIA_BODY_LIMIT !== undefined) return env.ZG_MEDIA_BODY_LIMIT;
  const largest = Math.max(
    env.MEDIA_MAX_IMAGE_SIZE,
    env.MEDIA_MAX_VIDEO_SIZE,
    env.MEDIA_MAX_AUDIO_SIZE,
    env.MEDIA_MAX_STICKER_SIZE,
    env.MEDIA_MAX_DOCUMENT_SIZE,
  );
  return Math.ceil((largest * 4) / 3) + MEDIA_BODY_SLACK;
}
