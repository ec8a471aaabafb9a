import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EnvClass = new (...args: any[]) => object;

const bool = ({ value }: { value: unknown }) =>
  value === true || value === 'true' || value === '1'
    ? true
    : value === 'false' || value === '0'
      ? false
      : value;

/** Where webhooks may go: read by whatever accepts webhook URLs (gateway) or sends them. */
export function WithWebhookUrlPolicy<T extends EnvClass>(Base: T) {
  class WithWebhookUrlPolicyEnv extends Base {
    /** Loopback and private ranges allowed as webhook targets (link-local and cloud metadata never are). */
    @Transform(bool)
    @IsBoolean()
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: boolean = true;
  }
  return WithWebhookUrlPolicyEnv;
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
  }
  return WithWebhookDeliveryEnv;
}
