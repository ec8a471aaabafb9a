import type { EventData, EventName } from '@zapgate/contracts';
import type { TempFileMediaStore } from '@zapgate/media';
import {
  AuthStateRepository,
  MessageRepository,
  type AuthEntry,
  type EmbeddedStorage,
  type MessageListQuery,
  type MessageStatus,
  type NewStoredMessage,
} from '@zapgate/storage';
import { type WaSimulator } from '@zapgate/wa-sim';
import { parseStoredMessage, WaSession } from '@zapgate/whatsapp';
import { pino } from 'pino';
import { openSessionEnvironment, type SessionEnvironment } from './test/session-environment.js';

/** The embedded message store, with the reads the session makes written down. */
class RecordingMessages extends MessageRepository {
  readonly gets: { instance: string; id: string; chat?: string }[] = [];
  /** Every message handed to `save`, as written. */
  readonly saves: NewStoredMessage[] = [];
  constructor(private readonly inner: MessageRepository) {
    super();
  }
  save(messages: NewStoredMessage[]) {
    this.saves.push(...messages);
    return this.inner.save(messages);
  }
  get(instance: string, id: string, chat?: string) {
    this.gets.push({ instance, id, ...(chat ? { chat } : {}) });
    return this.inner.get(instance, id, chat);
  }
  list(instance: string, query: MessageListQuery) {
    return this.inner.list(instance, query);
  }
  updateStatus(instance: string, chat: string, id: string, status: MessageStatus) {
    return this.inner.updateStatus(instance, chat, id, status);
  }
  deleteOlderThan(cutoffMs: number, maxBatch?: number) {
    return this.inner.deleteOlderThan(cutoffMs, maxBatch);
  }
  clear(instance: string) {
    return this.inner.clear(instance);
  }
}

/** The embedded auth store, with the ids of the keys written down. */
class RecordingAuth extends AuthStateRepository {
  private readonly ids = new Map<string, Set<string>>();
  /** Ids of keys of that type the instance wrote (and did not delete). */
  written(instance: string, type: string): Set<string> {
    return this.ids.get(`${instance}/${type}`) ?? new Set();
  }
  constructor(private readonly inner: AuthStateRepository) {
    super();
  }
  read(instance: string, type: string, ids: string[]) {
    return this.inner.read(instance, type, ids);
  }
  write(instance: string, entries: AuthEntry[]) {
    for (const e of entries) {
      const ids = this.ids.get(`${instance}/${e.type}`) ?? new Set<string>();
      if (e.value === null) ids.delete(e.id);
      else ids.add(e.id);
      this.ids.set(`${instance}/${e.type}`, ids);
    }
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

// Real Baileys against the simulator: what a session keeps in the message store, and what it
// answers from there (quotes, a recipient's retry request).
describe(`${WaSession.name} message store`, () => {
  let sim: WaSimulator;
  let env: SessionEnvironment;
  let storage: EmbeddedStorage;
  let media: TempFileMediaStore;
  let messages: RecordingMessages;
  let auth: RecordingAuth;
  const sessions: WaSession[] = [];

  const session = (instance: string) => {
    const events: { event: EventName; data: unknown }[] = [];
    const sut = new WaSession(instance, {
      auth,
      messages,
      media,
      logger: pino({ level: 'silent' }),
      waWebSocketUrl: sim.url,
      emit: async <E extends EventName>(event: E, data: EventData[E]) => void events.push({ event, data }),
    });
    sessions.push(sut);
    return { sut, events };
  };
  const pair = async (sut: WaSession, number: string) => {
    await sim.createPhone({ number });
    await sut.start();
    const { qr } = await sut.waitForState(['qr'], 15_000);
    await sim.scanQr(number, qr!);
    return sut.waitForState(['connected'], 15_000);
  };
  const stored = (instance: string, id: string, chat: string) => storage.messages.get(instance, id, chat);
  const jid = (number: string) => `${number}@s.whatsapp.net`;

  beforeAll(async () => {
    env = await openSessionEnvironment('zg-wa-messages-');
    ({ sim, storage, media } = env);
    messages = new RecordingMessages(storage.messages);
    auth = new RecordingAuth(storage.auth);
  });
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.close()));
  });
  afterAll(() => env.close());

  it('keeps what it sends and receives (live and from the offline queue), with statuses moving forward', async () => {
    const { sut } = session('keep');
    await pair(sut, '5511950000001');
    await sim.createPhone({ number: '5511950000002' });
    const customer = jid('5511950000002');

    const sent = await sut.sendMessage({ to: customer, content: { kind: 'text', text: 'order #2 shipped' } });
    // in the store before the send resolved
    expect(await stored('keep', sent.id, customer)).toMatchObject({
      instance: 'keep',
      chat: customer,
      fromMe: true,
      kind: 'text',
      text: 'order #2 shipped',
      timestamp: sent.timestamp * 1000,
    });
    await sim.phone('5511950000002').waitForMessage((m) => m.id === sent.id && m.text === 'order #2 shipped');
    await until(async () => (await stored('keep', sent.id, customer))?.status === 'delivered');
    await sim.markRead('5511950000002', [sent.id]);
    await until(async () => (await stored('keep', sent.id, customer))?.status === 'read');
    // the raw message is Baileys' own, ready to be re-sent
    const raw = parseStoredMessage((await stored('keep', sent.id, customer))!.raw);
    expect(raw.key).toMatchObject({ id: sent.id, fromMe: true, remoteJid: customer });
    expect(raw.message?.conversation ?? raw.message?.extendedTextMessage?.text).toBe('order #2 shipped');

    const reply = await sim.sendFromPhone('5511950000002', '5511950000001', 'thanks!');
    await until(async () => !!(await stored('keep', reply.id, customer)));
    expect(await stored('keep', reply.id, customer)).toMatchObject({
      fromMe: false,
      kind: 'text',
      text: 'thanks!',
    });

    // a message that waited for the session while it was closed arrives as `append`: kept too
    await sut.close();
    const queued = await sim.sendFromPhone('5511950000002', '5511950000001', 'while you were away');
    await sut.start();
    await sut.waitForState(['connected'], 15_000);
    await until(async () => !!(await stored('keep', queued.id, customer)));
    expect(await stored('keep', queued.id, customer)).toMatchObject({ text: 'while you were away' });

    // logging out forgets the account's messages
    await sut.logout();
    expect(await storage.messages.list('keep', { limit: 10 })).toEqual([]);
  });

  it('writes a sent message once: the upsert Baileys makes after the send only moves its status', async () => {
    const { sut } = session('once');
    await pair(sut, '5511950000009');
    await sim.createPhone({ number: '5511950000010' });
    const customer = jid('5511950000010');
    const from = messages.saves.length;
    const sent = await Promise.all(
      Array.from({ length: 8 }, (_, n) =>
        sut.sendMessage({ to: customer, content: { kind: 'text', text: `batch ${n}` } }),
      ),
    );
    for (const [n, m] of sent.entries()) {
      expect(await stored('once', m.id, customer)).toMatchObject({ text: `batch ${n}` });
      await until(async () => (await stored('once', m.id, customer))?.status === 'delivered');
    }
    // each written once: a receipt Baileys folded into its late upsert only moved the status
    const saves = messages.saves.slice(from).filter((m) => m.instance === 'once');
    expect(saves.map((m) => m.id).sort()).toEqual(sent.map((m) => m.id).sort());
  });

  it('quotes and mentions stored messages, and refuses to quote one the store does not have', async () => {
    const { sut } = session('quote');
    await pair(sut, '5511950000003');
    await sim.createPhone({ number: '5511950000004' });
    const customer = jid('5511950000004');
    const question = await sim.sendFromPhone('5511950000004', '5511950000003', 'is it open today?');
    await until(async () => !!(await stored('quote', question.id, customer)));

    const answer = await sut.sendMessage({
      to: customer,
      content: { kind: 'text', text: 'yes @5511950000004, until 6' },
      options: { quoted: { id: question.id }, mentions: [customer] },
    });
    await sim.phone('5511950000004').waitForMessage((m) => m.id === answer.id);
    expect(answer.raw).toMatchObject({
      message: {
        extendedTextMessage: {
          text: 'yes @5511950000004, until 6',
          contextInfo: {
            stanzaId: question.id,
            participant: customer,
            quotedMessage: expect.anything(),
            mentionedJid: [customer],
          },
        },
      },
    });

    await expect(
      sut.sendMessage({
        to: customer,
        content: { kind: 'text', text: 'x' },
        options: { quoted: { id: 'NOPE' } },
      }),
    ).rejects.toMatchObject({ code: 'message_not_found', message: expect.stringContaining('NOPE') });
    const mine = await storage.messages.list('quote', { limit: 10, fromMe: true });
    expect(mine.map((m) => m.id)).toEqual([answer.id]);
  });

  it("answers a phone's retry request from the store after a restart", async () => {
    const { sut } = session('resend');
    await pair(sut, '5511950000007');
    await sim.createPhone({ number: '5511950000008' });
    const sent = await sut.sendMessage({
      to: jid('5511950000008'),
      content: { kind: 'text', text: 'receipt #9' },
    });
    await sim.phone('5511950000008').waitForMessage((m) => m.id === sent.id);
    await sut.close();
    await sut.start();
    await sut.waitForState(['connected'], 15_000);
    messages.gets.length = 0;

    await sim.requestRetry('5511950000008', sent.id);
    const resent = await sim
      .phone('5511950000008')
      .waitForMessage((m) => m.id === sent.id && (m.retry?.resent ?? 0) > 0);
    expect(resent.retry).toMatchObject({ requested: 1, resent: 1, undecryptable: 0 });
    expect(messages.gets).toContainEqual({ instance: 'resend', id: sent.id, chat: expect.any(String) });
  });

  it("answers a recipient's retry request from the store after a restart", async () => {
    // the recipient is another linked device (a session of its own, whose keys the test holds):
    // its one-time pre-keys are lost while it is offline, so it cannot decrypt what was sent to it
    const sender = session('retry-a');
    await pair(sender.sut, '5511950000005');
    const recipient = session('retry-b');
    await pair(recipient.sut, '5511950000006');
    await recipient.sut.close();

    const sent = await sender.sut.sendMessage({
      to: jid('5511950000006'),
      content: { kind: 'text', text: 'your code is 4512' },
    });
    await sim.phone('5511950000006').waitForMessage((m) => m.id === sent.id);
    // a restart: Baileys' own cache of recent sends is gone, only the message store has it
    await sender.sut.close();
    await sender.sut.start();
    await sender.sut.waitForState(['connected'], 15_000);
    const preKeys = [...auth.written('retry-b', 'pre-key')];
    expect(preKeys.length).toBeGreaterThan(100);
    await storage.auth.write(
      'retry-b',
      preKeys.map((id) => ({ type: 'pre-key', id, value: null })),
    );
    messages.gets.length = 0;

    const again = session('retry-b');
    await again.sut.start();
    await waitUntil(
      () =>
        again.events.some(
          (e) =>
            e.event === 'message-received' &&
            (e.data as { id: string; text?: string }).id === sent.id &&
            (e.data as { text?: string }).text === 'your code is 4512',
        ),
      20_000,
    );
    expect(messages.gets).toContainEqual({ instance: 'retry-a', id: sent.id, chat: expect.any(String) });
  });
});

async function waitUntil(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  return until(async () => check(), timeoutMs);
}

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
