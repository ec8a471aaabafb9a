import { retryInBackground } from './retry-in-background.js';

describe(retryInBackground.name, () => {
  it('tries again after each delay until the task succeeds', async () => {
    const log: string[] = [];
    let failuresLeft = 2;
    const task = async () => {
      log.push('try');
      if (failuresLeft-- > 0) throw new Error(`down ${failuresLeft}`);
    };
    const started = performance.now();
    const sut = retryInBackground(task, new Error('first'), {
      delaysMs: [10, 20, 40, 80],
      onRetry: (err, tries) => log.push(`retry after ${tries}: ${(err as Error).message}`),
      onGiveUp: () => log.push('gave up'),
      onRecovered: (tries) => log.push(`recovered at try ${tries}`),
    });
    expect(await sut.done).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(10 + 20 + 40 - 3);
    expect(log).toEqual([
      'retry after 1: first',
      'try',
      'retry after 2: down 1',
      'try',
      'retry after 3: down 0',
      'try',
      'recovered at try 4',
    ]);
  });

  it('gives up after the last delay with the last error', async () => {
    const gaveUp: [string, number][] = [];
    let n = 0;
    const sut = retryInBackground(
      async () => {
        throw new Error(`still down ${++n}`);
      },
      new Error('first'),
      { delaysMs: [1, 1], onGiveUp: (err, tries) => gaveUp.push([(err as Error).message, tries]) },
    );
    expect(await sut.done).toBe(false);
    expect(gaveUp).toEqual([['still down 2', 3]]);
  });

  it('stops when cancelled, without another try', async () => {
    let tries = 0;
    const sut = retryInBackground(
      async () => {
        tries++;
      },
      new Error('first'),
      { delaysMs: [60_000], onGiveUp: () => undefined },
    );
    sut.cancel();
    expect(await sut.done).toBe(false);
    expect(tries).toBe(0);
  });
});
