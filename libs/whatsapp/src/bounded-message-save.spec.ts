import { pino } from 'pino';
import { saveMessagesBounded, waitBounded } from './bounded-message-save.js';

/** A pino logger whose lines are kept (level and message). */
function recordingLogger() {
  const lines: { level: number; msg: string; tries?: number }[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

describe(saveMessagesBounded.name, () => {
  it('resolves once the save is done when it is quick', async () => {
    const { logger, lines } = recordingLogger();
    let saved = 0;
    await saveMessagesBounded(async () => void saved++, ['m1'], logger, { waitMs: 1_000 });
    expect(saved).toBe(1);
    expect(lines).toEqual([]);
  });

  it('waits for the save however long it takes when waitMs is infinite', async () => {
    const { logger, lines } = recordingLogger();
    let done = false;
    await saveMessagesBounded(
      () => new Promise<void>((r) => setTimeout(r, 40)).then(() => void (done = true)),
      ['m1'],
      logger,
      { waitMs: Infinity },
    );
    expect(done).toBe(true);
    expect(lines).toEqual([]);
  });

  it('stops waiting after waitMs while a slow save goes on', async () => {
    const { logger, lines } = recordingLogger();
    let finish!: () => void;
    let done = false;
    const slow = () =>
      new Promise<void>((r) => (finish = r)).then(() => {
        done = true;
      });
    const started = performance.now();
    await saveMessagesBounded(slow, ['m1'], logger, { waitMs: 30 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(28);
    expect(done).toBe(false);
    expect(lines.map((l) => l.msg)).toEqual([
      'the message store is slow: going on without waiting for the save',
    ]);
    finish();
    await new Promise((r) => setImmediate(r));
    expect(done).toBe(true);
  });

  it('retries a failed save in the background until it works, without holding up the caller', async () => {
    const { logger, lines } = recordingLogger();
    let failuresLeft = 2;
    let saved = false;
    const save = async () => {
      if (failuresLeft-- > 0)
        throw Object.assign(new Error('connection closed'), { name: 'MongoNetworkError' });
      saved = true;
    };
    await saveMessagesBounded(save, ['m1'], logger, { waitMs: 50, retriesMs: [5, 5, 5] });
    for (let i = 0; i < 100 && !saved; i++) await new Promise((r) => setTimeout(r, 5));
    expect(saved).toBe(true);
    expect(lines.map((l) => [l.msg, l.tries])).toEqual([
      ['storing messages failed; retrying', 1],
      ['storing messages failed; retrying', 2],
      ['messages stored after a retry', 3],
    ]);
  });

  it('logs the messages as lost once the retries run out', async () => {
    const { logger, lines } = recordingLogger();
    await saveMessagesBounded(
      async () => {
        throw new Error('down');
      },
      ['m1', 'm2'],
      logger,
      { waitMs: 50, retriesMs: [1] },
    );
    for (let i = 0; i < 100 && lines.length < 2; i++) await new Promise((r) => setTimeout(r, 5));
    expect(lines.at(-1)).toMatchObject({
      level: 50,
      msg: 'storing messages failed: they cannot be quoted, downloaded or re-sent on a retry',
      tries: 2,
      messageIds: ['m1', 'm2'],
    });
  });

  it('answers a send after waitMs at most, its save still going on', async () => {
    const { logger, lines } = recordingLogger();
    let done = false;
    const saving = new Promise<void>((r) => setTimeout(r, 80)).then(() => void (done = true));
    await waitBounded(saving, logger, 20);
    expect(done).toBe(false);
    expect(lines.map((l) => l.msg)).toEqual([
      'the message store is slow: answering the send without waiting for its save',
    ]);
    await saving;
    await waitBounded(Promise.resolve(), logger, 20);
    expect(lines).toHaveLength(1);
  });
});
