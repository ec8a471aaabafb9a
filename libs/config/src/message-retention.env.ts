import { IsInt, Max, Min } from 'class-validator';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EnvClass = new (...args: any[]) => object;

/** How long the message store keeps messages: for the apps that run it (shard, standalone). */
export function WithMessageRetention<T extends EnvClass>(Base: T) {
  class WithMessageRetentionEnv extends Base {
    /**
     * Days a message is kept, counted from its WhatsApp timestamp; 0 keeps messages forever. Older
     * messages can no longer be answered to a retry request, downloaded, forwarded or reacted to.
     */
    @IsInt({ message: 'ZG_MESSAGE_RETENTION_DAYS must be a whole number of days (0 keeps messages forever)' })
    @Min(0, { message: 'ZG_MESSAGE_RETENTION_DAYS must be 0 (keep forever) or more' })
    @Max(36_500, { message: 'ZG_MESSAGE_RETENTION_DAYS must be at most 36500 (use 0 to keep forever)' })
    ZG_MESSAGE_RETENTION_DAYS: number = 30;
  }
  return WithMessageRetentionEnv;
}
