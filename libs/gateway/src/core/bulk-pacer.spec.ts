import { BulkPacer, type PacerClock } from './bulk-pacer.js';

/** A clock that only moves when the pacer sleeps, and remembers every sleep. */
class FakeClock implements PacerClock {
  at = 1_000;
  readonly sleeps: number[] = [];
  constructor(private readonly rnd = 0.5) {}
  now() {
    return this.at;
  }
  async sleep(ms: number) {
    this.sleeps.push(ms);
    this.at += ms;
  }
  random() {
    return this.rnd;
  }
}

describe(BulkPacer.name, () => {
  it('runs the first send at once and each next one a pause after the previous one ended', async () => {
    const clock = new FakeClock();
    const sut = new BulkPacer(1000, 0.3, clock);
    const started: number[] = [];
    const task = (ms: number) => async () => {
      started.push(clock.at);
      clock.at += ms; // the send itself takes time
      return ms;
    };
    expect(
      await Promise.all([sut.run('shop', task(50)), sut.run('shop', task(10)), sut.run('shop', task(0))]),
    ).toEqual([50, 10, 0]);
    expect(started).toEqual([1_000, 1_000 + 50 + 1000, 1_000 + 50 + 1000 + 10 + 1000]);
    expect(clock.sleeps).toEqual([1000, 1000]);
  });

  it('varies the pause by up to ±jitter', () => {
    expect(new BulkPacer(1000, 0.3, new FakeClock(0)).pause()).toBe(700);
    expect(new BulkPacer(1000, 0.3, new FakeClock(0.999999)).pause()).toBe(1300);
    expect(new BulkPacer(1000, 0, new FakeClock(0.9)).pause()).toBe(1000);
  });

  it('paces each instance on its own, and goes on after a failed send', async () => {
    const clock = new FakeClock();
    const sut = new BulkPacer(500, 0, clock);
    const order: string[] = [];
    const failing = sut.run('shop', async () => {
      order.push('shop-1');
      throw new Error('refused');
    });
    const other = sut.run('bakery', async () => void order.push('bakery-1'));
    const next = sut.run('shop', async () => void order.push('shop-2'));
    await expect(failing).rejects.toThrow('refused');
    await Promise.all([other, next]);
    expect(order).toEqual(['shop-1', 'bakery-1', 'shop-2']);
    expect(clock.sleeps).toEqual([500]); // only shop's second send waited
  });
});
