import { isIPv6 } from 'node:net';
import { Logger } from '@nestjs/common';
import { RateLimiterMemory } from 'rate-limiter-flexible';

export interface AuthThrottleOptions {
  /** Failed authentications one client address may have in a window. */
  maxFailures: number;
  /** The window, in seconds; it starts with the first failure. */
  windowSeconds: number;
}

export const DEFAULT_AUTH_THROTTLE: AuthThrottleOptions = { maxFailures: 20, windowSeconds: 60 };

/**
 * Failed authentications per client address, in both dialects: once an address has had
 * `maxFailures` in a window, every request from it needing a credential answers 429 until the
 * window ends. In memory, per gateway process (each replica counts on its own); behind a proxy the
 * address is the proxy's unless Express's `trust proxy` is set.
 */
export class AuthThrottle {
  private readonly logger = new Logger('AuthThrottle');
  private readonly failures: RateLimiterMemory;

  constructor(private readonly options: AuthThrottleOptions = DEFAULT_AUTH_THROTTLE) {
    this.failures = new RateLimiterMemory({
      keyPrefix: 'auth-fail',
      points: options.maxFailures,
      duration: options.windowSeconds,
    });
  }

  /** Milliseconds until the address may try again; 0 when it is not blocked. */
  async blockedForMs(address: string | undefined): Promise<number> {
    const res = await this.failures.get(AuthThrottle.clientKey(address));
    if (!res || res.consumedPoints < this.options.maxFailures) return 0;
    return Math.max(res.msBeforeNext, 1);
  }

  async recordFailure(address: string | undefined): Promise<void> {
    const key = AuthThrottle.clientKey(address);
    const res = await this.failures.penalty(key);
    if (res.consumedPoints === this.options.maxFailures)
      this.logger.warn(
        `${key}: ${res.consumedPoints} failed authentications; refused for ${Math.ceil(res.msBeforeNext / 1000)} s`,
      );
  }

  /**
   * The key an address counts under: IPv4 as is (also when IPv4-mapped), IPv6 by its /64, since
   * one client usually holds a whole /64 and could otherwise rotate through it.
   */
  static clientKey(address: string | undefined): string {
    if (!address) return 'unknown';
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return mapped[1]!;
    if (!isIPv6(address)) return address;
    const [head = '', tail] = address.toLowerCase().split('::');
    const left = head ? head.split(':') : [];
    const right = tail ? tail.split(':') : [];
    // an IPv4 tail (`64:ff9b::1.2.3.4`) stands for two groups
    const ipv4Tail = [...left, ...right].at(-1)?.includes('.') ? 1 : 0;
    const missing = Math.max(8 - left.length - right.length - ipv4Tail, 0);
    const groups = [...left, ...Array<string>(missing).fill('0'), ...right];
    return `${groups
      .slice(0, 4)
      .map((g) => g.replace(/^0+(?=.)/, ''))
      .join(':')}::/64`;
  }
}

/** The address a request counts under: Express's `req.ip` (honours `trust proxy`), else the socket's. */
export function clientAddress(req: { ip?: string; socket?: { remoteAddress?: string } }): string | undefined {
  return req.ip ?? req.socket?.remoteAddress;
}
