import { MemoryEventLog } from '@zapgate/transport';
import { EventBufferFullError, EventPublisher, type PendingEvent } from './event-publisher.js';

// `publishStored`: what an incoming message's delivery receipt waits on (the event STORED, not
// just accepted into the retrying buffer).
class FlakyLog extends MemoryEventLog {
  down = false;
  stored: string[] = [];
  override async publish<T>(subject: string, data: T, options: { id: string }) {
    if (this.down) throw Object.assign(new Error('TIMEOUT'), { code: 'TIMEOUT' });
    const r = await super.publish(subject, data, options);
    this.stored.push(options.id);
    return r;
  }
}

const event = (n: number): PendingEvent => ({
  key: 'a',
  subject: 'zg.evt.a.message-received',
  id: `a-${n}`,
  kind: 'message-received',
  data: { n },
});

describe('EventPublisher.publishStored', () => {
  it('resolves only once the log stored the event, retries included', async () => {
    const log = new FlakyLog();
    const sut = new EventPublisher(log, { minBackoffMs: 5, maxBackoffMs: 10 });
    log.down = true;
    let done = false;
    const stored = sut.publishStored(event(1)).then(() => (done = true));
    for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 5));
    expect(done).toBe(false); // accepted, not stored: no receipt yet
    log.down = false;
    await stored;
    expect(log.stored).toEqual(['a-1']);
    expect(sut.depth).toBe(0);
  });

  it('rejects when the buffer is full or the publisher closes first', async () => {
    const log = new FlakyLog();
    const sut = new EventPublisher(log, { maxBuffered: 1, minBackoffMs: 5, maxBackoffMs: 10 });
    log.down = true;
    const first = sut.publishStored(event(1));
    await expect(sut.publishStored(event(2))).rejects.toBeInstanceOf(EventBufferFullError);
    for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 5));
    expect(sut.close()).toBe(1);
    await expect(first).rejects.toThrow(/closed before the event was stored/);
  });
});
