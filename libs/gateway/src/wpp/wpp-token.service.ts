import { Injectable } from '@nestjs/common';
import { INSTANCE_KEY_PATTERN } from '@zapgate/contracts';
import bcrypt from 'bcryptjs';
import { ConcurrencyLimit } from '../core/concurrency-limit.js';
import { GatewaySettings } from '../core/gateway-settings.js';

const CACHE_LIMIT = 10_000;
/** WPPConnect-server's salt rounds; a token of any other cost was not issued by a WPPConnect server. */
const COST = 10;
/**
 * The only hash form a server issues: `$2a$` (older bcrypt) or `$2b$`, cost 10, then 22 salt and
 * 31 hash characters of bcrypt's base64 alphabet (60 characters in all).
 */
const ISSUED_FORM = new RegExp(`^\\$2[ab]\\$${COST}\\$[./A-Za-z0-9]{53}$`);

/**
 * WPPConnect tokens: bcrypt(session + SECRET_KEY) with `/` written as `_` and `+` as `-`, exactly
 * as WPPConnect-server makes them, so tokens issued there keep working here. bcrypt is slow on
 * purpose, and a caller-chosen cost makes it as slow as the caller likes, so a token is hashed
 * only when it has the exact form a server issues, at most a few at a time (the rest wait briefly
 * or are refused with 503), and one that verified once is remembered (bounded) and never
 * re-hashed per request.
 */
@Injectable()
export class WppTokenService {
  private readonly verified = new Map<string, true>();
  private readonly hashing = new ConcurrencyLimit(
    { maxRunning: 2, maxWaiting: 16, maxWaitMs: 2_000 },
    'too many token checks in progress, retry shortly',
  );

  constructor(private readonly settings: GatewaySettings) {}

  /** The bcrypt hash a token stands for, or undefined when it is not in the form a server issues. */
  static issuedHash(token: string): string | undefined {
    const hash = token.replace(/_/g, '/').replace(/-/g, '+');
    return ISSUED_FORM.test(hash) ? hash : undefined;
  }

  async generate(session: string): Promise<string> {
    const hash = await this.hashing.run(() => bcrypt.hash(session + this.settings.secretKey, COST));
    return hash.replace(/\//g, '_').replace(/\+/g, '-');
  }

  /** Whether the token was issued for the session; throws `unavailable` when too many checks are running. */
  async verify(session: string, token: string): Promise<boolean> {
    const hash = WppTokenService.issuedHash(token);
    // no session of another name exists here, and no server issues another form: nothing to hash
    if (!hash || !INSTANCE_KEY_PATTERN.test(session)) return false;
    const cacheKey = `${session}\u0000${hash}`;
    if (this.verified.has(cacheKey)) return true;
    const ok = await this.hashing.run(() =>
      bcrypt.compare(session + this.settings.secretKey, hash).catch(() => false),
    );
    if (ok) {
      if (this.verified.size >= CACHE_LIMIT) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(cacheKey, true);
    }
    return ok;
  }
}
