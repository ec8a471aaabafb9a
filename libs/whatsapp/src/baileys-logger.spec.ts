import { Writable } from 'node:stream';
import { pino } from 'pino';
import { baileysLogger } from './baileys-logger.js';

/** What Baileys logs when WhatsApp closes the stream with `<stream:error code="...">`. */
const streamError = (code: string) => ({ fullErrorNode: { tag: 'stream:error', attrs: { code } } });

describe(baileysLogger.name, () => {
  let lines: { level: number; msg: string; [k: string]: unknown }[];
  let linking: boolean;
  let sut: ReturnType<typeof baileysLogger>;

  beforeEach(() => {
    lines = [];
    linking = false;
    const out = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    });
    sut = baileysLogger(pino({ level: 'trace' }, out), { linking: () => linking }).child({
      class: 'baileys',
    });
  });

  it("tells the 515 restart that follows linking as info, not as Baileys' error", () => {
    linking = true;
    sut.error(streamError('515'), 'stream errored out');
    expect(lines).toEqual([expect.objectContaining({ level: 30, class: 'baileys' })]);
    expect(lines[0]!.msg).toMatch(/515/);
  });

  it('warns of a 515 at any other time, and keeps every other stream error an error', () => {
    sut.error(streamError('515'), 'stream errored out');
    linking = true;
    sut.error(streamError('503'), 'stream errored out');
    sut.error({ err: new Error('x') }, 'unexpected error in handler');
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [40, expect.stringMatching(/515/)],
      [50, 'stream errored out'],
      [50, 'unexpected error in handler'],
    ]);
  });

  it('passes the other levels through and shares the level Baileys reads', () => {
    sut.trace({ a: 1 }, 'recv xml');
    sut.debug({ b: 2 }, 'sent ack');
    sut.info('connected to WA');
    sut.warn({ c: 3 }, 'careful');
    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [10, 'recv xml'],
      [20, 'sent ack'],
      [30, 'connected to WA'],
      [40, 'careful'],
    ]);
    expect(lines[0]).toMatchObject({ a: 1, class: 'baileys' });
    expect(sut.level).toBe('trace');
    sut.level = 'info';
    sut.debug({}, 'hidden');
    expect(lines).toHaveLength(4);
  });
});
