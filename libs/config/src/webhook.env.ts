import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Matches, Max, Min, ValidateIf } from 'class-validator';
import { DATA_KEY_PATTERN } from '@zapgate/webhook-core';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EnvClass = new (...args: any[]) => object;

/**
 * `true`/`1` and `false`/`0` as booleans, read from the raw setting: implicit conversion has already
 * turned the text into `Boolean(text)` (true for "false") by the time `value` gets here.
 */
export const envBoolean = ({ obj, key }: { obj: Record<string, unknown>; key: string }) => {
  const raw = obj[key];
  return raw === true || raw === 'true' || raw === '1' ? true : raw === 'false' || raw === '0' ? false : raw;
};

/** Where webhooks may go: read by whatever accepts webhook URLs (gateway) or sends them. */
export function WithWebhookUrlPolicy<T extends EnvClass>(Base: T) {
  class WithWebhookUrlPolicyEnv extends Base {
    /**
     * Loopback, private and other non-public ranges allowed as webhook targets (link-local and cloud
     * metadata never are). Unset: false, except in the sandbox (ZG_SANDBOX), where it is true.
     */
    @IsOptional()
    @Transform(envBoolean)
    @IsBoolean()
    WEBHOOK_ALLOW_PRIVATE_NETWORKS?: boolean;
  }
  return WithWebhookUrlPolicyEnv;
}

/**
 * `ZG_DATA_KEY`, the key webhook secrets are encrypted with at rest (AES-256-GCM): 32 random bytes
 * as base64 or hex, the same in every app that reads or writes webhook settings (gateway,
 * webhook-dispatch). Required unless `generated` (the standalone process keeps one in DATA_DIR).
 */
export function WithDataKey<T extends EnvClass>(Base: T, o: { generated?: boolean } = {}) {
  class WithDataKeyEnv extends Base {
    @ValidateIf((e: { ZG_DATA_KEY?: string }) => !o.generated || e.ZG_DATA_KEY !== undefined)
    @Matches(DATA_KEY_PATTERN, {
      message:
        'ZG_DATA_KEY is required: 32 random bytes as base64 or hex (generate one: openssl rand -base64 32)',
    })
    ZG_DATA_KEY?: string;
  }
  return WithDataKeyEnv;
}

/** Settings of webhook delivery (the dispatcher app, and the standalone process that embeds it). */
export function WithWebhookDelivery<T extends EnvClass>(Base: T) {
  class WithWebhookDeliveryEnv extends WithWebhookUrlPolicy(Base) {
    /** WPPConnect's global webhook, for sessions that set none (checked against the URL policy at boot). */
    @IsOptional()
    @IsString()
    WEBHOOK_URL?: string;

    /** How long one POST may take (ms). */
    @IsInt()
    @Min(100)
    @Max(300_000)
    WEBHOOK_TIMEOUT_MS: number = 10_000;

    /** Attempts per delivery, the first included, before it becomes a dead letter. */
    @IsInt()
    @Min(1)
    @Max(100)
    WEBHOOK_MAX_ATTEMPTS: number = 10;

    /** Instances delivered to in parallel (each instance in order, one POST at a time). */
    @IsInt()
    @Min(1)
    @Max(10_000)
    WEBHOOK_CONCURRENCY: number = 64;

    /** First retry delay (ms); doubles per attempt with jitter, up to WEBHOOK_BACKOFF_MAX_MS. */
    @IsInt()
    @Min(10)
    WEBHOOK_BACKOFF_BASE_MS: number = 1_000;

    @IsInt()
    @Min(100)
    WEBHOOK_BACKOFF_MAX_MS: number = 600_000;

    /** How long delivered deliveries stay in the log (dead letters stay until replayed). */
    @IsInt()
    @Min(1)
    WEBHOOK_RETENTION_HOURS: number = 72;

    /**
     * WPPConnect's autoDownload: a media message's file (up to this many bytes) is put in its
     * webhook body as base64, fetched through the owning shard; larger files and 0 (off) send the
     * thumbnail instead.
     */
    @IsInt()
    @Min(0)
    @Max(100 * 1024 * 1024)
    WEBHOOK_MEDIA_MAX_BYTES: number = 16 * 1024 * 1024;
  }
  return WithWebhookDeliveryEnv;
}
