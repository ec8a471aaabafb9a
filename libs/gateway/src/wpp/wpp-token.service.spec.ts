import { ErrorCode } from '@zapgate/contracts';
import bcrypt from 'bcryptjs';
import type { GatewaySettings } from '../core/gateway-settings.js';
import { WppTokenService } from './wpp-token.service.js';

const settings: GatewaySettings = {
  adminToken: 'admin',
  secretKey: 'THISISMYSECURETOKEN',
  commandTimeoutMs: 1000,
  bodyLimitBytes: 1_000_000,
};
/** A token in the issued form that belongs to no session here (53 characters after `$2b$10$`). */
const wellFormed = (salt: string) => `$2b$10$${salt.padEnd(22, 'a')}${'b'.repeat(31)}`;

describe(WppTokenService.name, () => {
  let sut: WppTokenService;
  beforeEach(() => {
    sut = new WppTokenService(settings);
  });
  const realCompare = bcrypt.compare;
  /** Counts bcrypt comparisons from now on. */
  const countCompares = () => {
    const calls = { count: 0 };
    bcrypt.compare = ((...args: Parameters<typeof realCompare>) => {
      calls.count++;
      return realCompare(...args);
    }) as typeof realCompare;
    return calls;
  };
  afterEach(() => {
    bcrypt.compare = realCompare;
  });

  it('verifies the tokens it generates and the ones WPPConnect-server issues ($2a$ and $2b$)', async () => {
    const token = await sut.generate('store');
    expect(token).toMatch(/^\$2b\$10\$[._A-Za-z0-9]{53}$/);
    expect(await sut.verify('store', token)).toBe(true);
    expect(await sut.verify('other', token)).toBe(false);

    const fromServer = (await bcrypt.hash(`store${settings.secretKey}`, 10)).replace('$2b$', '$2a$');
    expect(await sut.verify('store', fromServer.replace(/\//g, '_'))).toBe(true);
  });

  it.each([
    ['a caller-chosen cost', `$2b$18$${'a'.repeat(53)}`],
    ['cost 04', `$2b$04$${'a'.repeat(53)}`],
    ['another prefix', `$2y$10$${'a'.repeat(53)}`],
    ['one character short', `$2b$10$${'a'.repeat(52)}`],
    ['one character long', `$2b$10$${'a'.repeat(54)}`],
    ['a character outside bcrypt base64 ("-" stands for "+")', `$2b$10$${'a'.repeat(52)}-`],
    ['garbage', 'not-a-token'],
  ])('refuses %s without hashing', async (_, token) => {
    const compares = countCompares();
    expect(WppTokenService.issuedHash(token)).toBeUndefined();
    expect(await sut.verify('store', token)).toBe(false);
    expect(compares.count).toBe(0);
  });

  it('answers a $2b$18$ token at once instead of hashing for seconds', async () => {
    const slow = await bcrypt.hash(`store${settings.secretKey}`, 4);
    const token = slow.replace('$2b$04$', '$2b$18$').replace(/\//g, '_');
    const started = performance.now();
    expect(await sut.verify('store', token)).toBe(false);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('refuses session names no instance can have without hashing', async () => {
    const token = await sut.generate('store');
    const compares = countCompares();
    expect(await sut.verify('store/../x', token)).toBe(false);
    expect(await sut.verify('', token)).toBe(false);
    expect(compares.count).toBe(0);
  });

  it('hashes a verified token once, then answers from memory', async () => {
    const token = await sut.generate('store');
    const compares = countCompares();
    expect(await sut.verify('store', token)).toBe(true);
    expect(await sut.verify('store', token)).toBe(true);
    expect(compares.count).toBe(1);
  });

  it('maps the issued form: "_" stands for "/"', () => {
    const token = wellFormed('ab_cd');
    expect(WppTokenService.issuedHash(token)).toBe(token.replace('_', '/'));
  });

  it('hashes at most two tokens at a time, queues 16 and refuses the rest with unavailable at once', async () => {
    let firstDone = false;
    const checks = Array.from({ length: 19 }, (_, i) => sut.verify('store', wellFormed(`s${i}`)));
    void checks[0]!.finally(() => (firstDone = true));

    await expect(checks[18]).rejects.toMatchObject({ code: ErrorCode.Unavailable });
    expect(firstDone).toBe(false);
    const settled = await Promise.allSettled(checks.slice(0, 18));
    // the first two hash at once; the queued ones hash as slots free (or give up after 2 s on a busy machine)
    expect(settled.slice(0, 2)).toEqual([
      { status: 'fulfilled', value: false },
      { status: 'fulfilled', value: false },
    ]);
    for (const result of settled.slice(2))
      if (result.status === 'rejected') expect(result.reason).toMatchObject({ code: ErrorCode.Unavailable });
      else expect(result.value).toBe(false);
  });
});
