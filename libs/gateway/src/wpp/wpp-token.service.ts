import { Injectable } from '@nestjs/common';
import bcrypt from 'bcryptjs';
import { GatewaySettings } from '../core/gateway-settings.js';

const CACHE_LIMIT = 10_000;

/**
 * WPPConnect tokens: bcrypt(session + SECRET_KEY) with `/` written as `_` and `+` as `-`, exactly
 * as WPPConnect-server makes them, so tokens issued there keep working here. bcrypt is slow on
 * purpose, so a token that verified once is remembered (bounded) and never re-hashed per request.
 */
@Injectable()
export class WppTokenService {
  private readonly verified = new Map<string, true>();

  constructor(private readonly settings: GatewaySettings) {}

  async generate(session: string): Promise<string> {
    const hash = await bcrypt.hash(session + this.settings.secretKey, 10);
    return hash.replace(/\//g, '_').replace(/\+/g, '-');
  }

  async verify(session: string, token: string): Promise<boolean> {
    const cacheKey = `${session}\u0000${token}`;
    if (this.verified.has(cacheKey)) return true;
    const hash = token.replace(/_/g, '/').replace(/-/g, '+');
    const ok = await bcrypt.compare(session + this.settings.secretKey, hash).catch(() => false);
    if (ok) {
      if (this.verified.size >= CACHE_LIMIT) this.verified.delete(this.verified.keys().next().value!);
      this.verified.set(cacheKey, true);
    }
    return ok;
  }
}
