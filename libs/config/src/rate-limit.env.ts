import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EnvClass = new (...args: any[]) => object;

/** Requests one credential may make, as the gateway applies them. */
export interface RateLimitSettings {
  /** Requests per second (sustained). */
  perSecond: number;
  /** Requests a credential may make above that rate in any 10 s. */
  burst: number;
}

/** The per-credential request rate limit, for the apps that serve the gateway's HTTP API. */
export function WithRateLimit<T extends EnvClass>(Base: T) {
  class WithRateLimitEnv extends Base {
    /**
     * Requests per second one credential (a mega-API instance or admin token, a WPPConnect token)
     * may make to `/rest` and `/api`; over it, 429 with `Retry-After` in the dialect's body.
     * 0 (the default) turns the limit off. Counted per gateway process.
     */
    @Type(() => Number)
    @IsInt({ message: 'ZG_RATE_LIMIT must be a whole number of requests per second (0: off)' })
    @Min(0, { message: 'ZG_RATE_LIMIT must be 0 (off) or more' })
    @Max(1_000_000, { message: 'ZG_RATE_LIMIT must be at most 1000000' })
    ZG_RATE_LIMIT: number = 0;

    /** Requests a credential may make above ZG_RATE_LIMIT in any 10 s (default: ZG_RATE_LIMIT). */
    @IsOptional()
    @Type(() => Number)
    @IsInt({ message: 'ZG_RATE_LIMIT_BURST must be a whole number of requests' })
    @Min(0, { message: 'ZG_RATE_LIMIT_BURST must be 0 or more' })
    @Max(10_000_000, { message: 'ZG_RATE_LIMIT_BURST must be at most 10000000' })
    ZG_RATE_LIMIT_BURST?: number;
  }
  return WithRateLimitEnv;
}

/** The limit the env sets, or undefined when it is off. */
export function rateLimitFrom(env: {
  ZG_RATE_LIMIT: number;
  ZG_RATE_LIMIT_BURST?: number;
}): RateLimitSettings | undefined {
  if (!env.ZG_RATE_LIMIT) return undefined;
  return { perSecond: env.ZG_RATE_LIMIT, burst: env.ZG_RATE_LIMIT_BURST ?? env.ZG_RATE_LIMIT };
}
