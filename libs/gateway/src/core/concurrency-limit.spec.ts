import { ErrorCode } from '@zapgate/contracts';
import { ConcurrencyLimit } from './concurrency-limit.js';

/** A task that runs until its `finish` is called. */
function gate() {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { task: () => done, finish };
}

describe(ConcurrencyLimit.name, () => {
  it('runs at most maxRunning tasks at once and starts a waiter when a slot frees', async () => {
    const sut = new ConcurrencyLimit({ maxRunning: 2, maxWaiting: 5, maxWaitMs: 10_000 });
    const gates = [gate(), gate(), gate()];
    const started: number[] = [];
    const runs = gates.map((g, i) =>
      sut.run(async () => {
        started.push(i);
        await g.task();
        return i;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect([sut.active, sut.queued]).toEqual([2, 1]);

    gates[0]!.finish();
    await runs[0];
    await Promise.resolve();
    expect(started).toEqual([0, 1, 2]);
    expect([sut.active, sut.queued]).toEqual([2, 0]);

    gates[1]!.finish();
    gates[2]!.finish();
    expect(await Promise.all(runs)).toEqual([0, 1, 2]);
    expect([sut.active, sut.queued]).toEqual([0, 0]);
  });

  it('refuses at once with unavailable when the queue is full', async () => {
    const sut = new ConcurrencyLimit({ maxRunning: 1, maxWaiting: 1, maxWaitMs: 10_000 }, 'busy');
    const g = gate();
    const running = sut.run(g.task);
    const waiting = sut.run(async () => 'second');
    let ran = false;

    await expect(sut.run(async () => (ran = true))).rejects.toMatchObject({
      code: ErrorCode.Unavailable,
      message: 'busy',
    });
    expect(ran).toBe(false);
    g.finish();
    await running;
    expect(await waiting).toBe('second');
  });

  it('refuses a waiter that got no slot within maxWaitMs and frees its place', async () => {
    const sut = new ConcurrencyLimit({ maxRunning: 1, maxWaiting: 1, maxWaitMs: 20 });
    const g = gate();
    const running = sut.run(g.task);

    await expect(sut.run(async () => 'late')).rejects.toMatchObject({ code: ErrorCode.Unavailable });
    expect(sut.queued).toBe(0);
    g.finish();
    await running;
    expect(await sut.run(async () => 'next')).toBe('next');
    expect(sut.active).toBe(0);
  });

  it('frees the slot when a task fails', async () => {
    const sut = new ConcurrencyLimit({ maxRunning: 1, maxWaiting: 0, maxWaitMs: 0 });
    await expect(sut.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await sut.run(async () => 'ok')).toBe('ok');
  });
});
