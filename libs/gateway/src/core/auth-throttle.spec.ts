import { AuthThrottle } from './auth-throttle.js';

describe(AuthThrottle.name, () => {
  it('blocks an address after maxFailures in the window, and only that address', async () => {
    const sut = new AuthThrottle({ maxFailures: 3, windowSeconds: 60 });
    for (let i = 0; i < 2; i++) await sut.recordFailure('203.0.113.7');
    expect(await sut.blockedForMs('203.0.113.7')).toBe(0);

    await sut.recordFailure('203.0.113.7');
    const wait = await sut.blockedForMs('203.0.113.7');
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60_000);
    expect(await sut.blockedForMs('203.0.113.8')).toBe(0);
  });

  it('lets the address in again once the window has passed', async () => {
    const sut = new AuthThrottle({ maxFailures: 1, windowSeconds: 0.2 });
    await sut.recordFailure('203.0.113.7');
    const wait = await sut.blockedForMs('203.0.113.7');
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(200);

    const deadline = Date.now() + 2_000;
    while ((await sut.blockedForMs('203.0.113.7')) > 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 10));
    expect(await sut.blockedForMs('203.0.113.7')).toBe(0);
  });

  it('counts an IPv6 client by its /64 and an IPv4-mapped one as IPv4', async () => {
    const sut = new AuthThrottle({ maxFailures: 2, windowSeconds: 60 });
    await sut.recordFailure('2001:db8:1:2::1');
    await sut.recordFailure('2001:db8:1:2:ffff:ffff:ffff:fffe');
    expect(await sut.blockedForMs('2001:0db8:0001:0002::9')).toBeGreaterThan(0);
    expect(await sut.blockedForMs('2001:db8:1:3::1')).toBe(0);

    await sut.recordFailure('::ffff:198.51.100.4');
    await sut.recordFailure('198.51.100.4');
    expect(await sut.blockedForMs('198.51.100.4')).toBeGreaterThan(0);
  });

  it.each([
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1:2:3:4', 'fe80:0:0:0::/64'],
    ['64:ff9b::198.51.100.4', '64:ff9b:0:0::/64'],
    ['::ffff:10.0.0.1', '10.0.0.1'],
    ['10.0.0.1', '10.0.0.1'],
    [undefined, 'unknown'],
  ])('keys %s as %s', (address, key) => {
    expect(AuthThrottle.clientKey(address)).toBe(key);
  });
});
