import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TempFileMediaStore } from '@zapgate/media';
import {
  AuthStateRepository,
  openEmbeddedStorage,
  type AuthEntry,
  type EmbeddedStorage,
} from '@zapgate/storage';
import { WaSimulator } from '@zapgate/wa-sim';
import { pino } from 'pino';
import { WaSession } from '@zapgate/whatsapp';

/** Auth storage whose reads wait for `open()`: a database slow to answer right after a failover. */
class GatedAuth extends AuthStateRepository {
  private release?: () => void;
  private readonly gate = new Promise<void>((r) => (this.release = r));
  reads = 0;
  constructor(private readonly inner: AuthStateRepository) {
    super();
  }
  open() {
    this.release!();
  }
  async read(instance: string, type: string, ids: string[]) {
    this.reads++;
    await this.gate;
    return this.inner.read(instance, type, ids);
  }
  write(instance: string, entries: AuthEntry[]) {
    return this.inner.write(instance, entries);
  }
  clear(instance: string) {
    return this.inner.clear(instance);
  }
  count(instance: string) {
    return this.inner.count(instance);
  }
  entries(instance: string) {
    return this.inner.entries(instance);
  }
}

// A shard that loses an instance's lease closes its session at once, possibly while the session is
// still loading its auth state to connect: no socket may open after that close, or it would log in
// next to the shard that takes the instance over.
describe(`${WaSession.name} closed while connecting`, () => {
  let sim: WaSimulator;
  let dir: string;
  let storage: EmbeddedStorage;
  let media: TempFileMediaStore;

  beforeAll(async () => {
    sim = await WaSimulator.start();
    dir = await mkdtemp(join(tmpdir(), 'zg-wa-race-'));
    storage = await openEmbeddedStorage(dir);
    media = await TempFileMediaStore.open({ dir: join(dir, 'media'), maxAgeMs: 60_000 });
  });
  afterAll(async () => {
    await sim.stop();
    await media.close();
    await storage.close();
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('opens no socket once closed, even when the close came while the auth state was loading', async () => {
    const auth = new GatedAuth(storage.auth);
    const emitted: string[] = [];
    const sut = new WaSession('racing', {
      auth,
      messages: storage.messages,
      media,
      logger: pino({ level: 'silent' }),
      waWebSocketUrl: sim.url,
      emit: async (event, data) => void emitted.push(`${event}:${(data as { state?: string }).state ?? ''}`),
    });
    const starting = sut.start();
    await until(() => auth.reads > 0); // connect is waiting for the auth state
    const closed = await sut.close('lease lost');
    expect(closed.state).toBe('stopped');
    const afterClose = emitted.length;
    auth.open();
    await starting;
    // the same start without a close gets a socket and a QR: wait for one as long as it takes
    const control = new WaSession('control', {
      auth: storage.auth,
      messages: storage.messages,
      media,
      logger: pino({ level: 'silent' }),
      waWebSocketUrl: sim.url,
      emit: async () => undefined,
    });
    await control.start();
    await control.waitForState(['qr'], 15_000);
    await control.close();
    // the closed session never connected, showed a QR or published anything after its close
    expect(sut.status().state).toBe('stopped');
    expect(emitted.slice(afterClose)).toEqual([]);
  }, 60_000);
});

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
