import type { EventData, EventName } from '@zapgate/contracts';
import type { TempFileMediaStore } from '@zapgate/media';
import type { EmbeddedStorage } from '@zapgate/storage';
import { type WaSimulator } from '@zapgate/wa-sim';
import { pino } from 'pino';
import { WaSession } from '@zapgate/whatsapp';
import { openSessionEnvironment, type SessionEnvironment } from './test/session-environment.js';

describe(WaSession.name, () => {
  let sim: WaSimulator;
  let env: SessionEnvironment;
  let storage: EmbeddedStorage;
  let media: TempFileMediaStore;
  const sessions: WaSession[] = [];

  const session = (instance: string) => {
    const events: { event: EventName; data: unknown }[] = [];
    const sut = new WaSession(instance, {
      auth: storage.auth,
      messages: storage.messages,
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

  beforeAll(async () => {
    env = await openSessionEnvironment('zg-wa-');
    ({ sim, storage, media } = env);
  });
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.close()));
  });
  afterAll(() => env.close());

  it('pairs by QR, stores the auth state, sends a text and publishes normalised events', async () => {
    const { sut, events } = session('shop');
    const status = await pair(sut, '5511960000001');
    expect(status).toMatchObject({
      state: 'connected',
      me: { id: '5511960000001@s.whatsapp.net', lid: expect.stringMatching(/@lid$/) },
    });
    // creds and the uploaded prekeys, written behind Baileys within a turn of the event loop
    await waitUntilAsync(async () => (await storage.auth.count('shop')) > 100);

    await sim.createPhone({ number: '5511960000002' });
    const sent = await sut.sendMessage({
      to: '5511960000002@s.whatsapp.net',
      content: { kind: 'text', text: 'order #1 shipped' },
    });
    await sim.phone('5511960000002').waitForMessage((m) => m.id === sent.id && m.text === 'order #1 shipped');

    const reply = await sim.sendFromPhone('5511960000002', '5511960000001', 'thanks!');
    await waitUntil(() =>
      events.some((e) => e.event === 'message-received' && (e.data as { id: string }).id === reply.id),
    );
    const received = events.find(
      (e) => e.event === 'message-received' && (e.data as { id: string }).id === reply.id,
    )!.data;
    expect(received).toMatchObject({
      chat: '5511960000002@s.whatsapp.net',
      fromMe: false,
      text: 'thanks!',
      type: 'extendedTextMessage',
      delivery: 'notify',
    });
    await waitUntil(() =>
      events.some(
        (e) =>
          e.event === 'message-status-changed' && (e.data as { id: string; status: string }).id === sent.id,
      ),
    );
    // a new link (WPPConnect: qrReadSuccess)
    expect(
      events.find(
        (e) => e.event === 'connection-changed' && (e.data as { state: string }).state === 'connected',
      )?.data,
    ).toMatchObject({ linked: true });
    expect(events.map((e) => e.event)).toEqual(
      expect.arrayContaining([
        'connection-changed',
        'qr-updated',
        'message-received',
        'message-status-changed',
      ]),
    );
  });

  it('logs in again from the stored auth state without a QR', async () => {
    const first = session('again');
    await pair(first.sut, '5511960000003');
    await first.sut.close();
    const second = session('again');
    await second.sut.start();
    await second.sut.waitForState(['connected'], 15_000);
    expect(second.events.some((e) => e.event === 'qr-updated')).toBe(false);
    // stored credentials (WPPConnect: isLogged)
    expect(
      second.events.find(
        (e) => e.event === 'connection-changed' && (e.data as { state: string }).state === 'connected',
      )?.data,
    ).toMatchObject({ linked: false });
  });

  it('pairs with a pairing code when started with a phone number', async () => {
    await sim.createPhone({ number: '5511960000004' });
    const { sut, events } = session('code');
    await sut.start({ pairingPhone: '5511960000004' });
    const { pairingCode } = await sut.waitForState(['pairing-code'], 15_000);
    expect(pairingCode).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    await sim.enterPairingCode('5511960000004', pairingCode!);
    await sut.waitForState(['connected'], 15_000);
    expect(
      events.find(
        (e) => e.event === 'connection-changed' && (e.data as { state: string }).state === 'connected',
      )?.data,
    ).toMatchObject({ linked: true });
    expect(events.find((e) => e.event === 'pairing-code-issued')?.data).toEqual({
      code: pairingCode,
      phone: '5511960000004',
    });
  });

  it('ends in logged-out with cleared credentials when the phone unlinks it (401), and in conflict on 440', async () => {
    const a = session('unlinked');
    await pair(a.sut, '5511960000005');
    await sim.injectFault({ type: 'stream-error', number: '5511960000005', code: 401 });
    await a.sut.waitForState(['logged-out'], 15_000);
    expect(await storage.auth.count('unlinked')).toBe(0);
    // the phone did it, not a command (WPPConnect: disconnectedMobile, not logoutsession)
    const unlinked = a.events.filter((e) => e.event === 'connection-changed').at(-1)?.data;
    expect(unlinked).toMatchObject({ state: 'logged-out' });
    expect(unlinked).not.toHaveProperty('command');

    const b = session('replaced');
    await pair(b.sut, '5511960000006');
    await sim.injectFault({ type: 'stream-error', number: '5511960000006', code: 440 });
    expect(await b.sut.waitForState(['conflict'], 15_000)).toMatchObject({
      reason: expect.stringContaining('440'),
    });
  });

  it("publishes a contact's chat state as presence-updated", async () => {
    const { sut, events } = session('typing');
    await pair(sut, '5511960000007');
    await sim.createPhone({ number: '5511960000008' });
    const presences = () =>
      events
        .filter((e) => e.event === 'presence-updated')
        .map((e) => e.data as EventData['presence-updated']);

    await sim.sendPresence('5511960000008', 'composing', '5511960000007');
    await waitUntil(() => presences().some((p) => p.presence === 'composing'));
    await sim.sendPresence('5511960000008', 'recording', '5511960000007');
    await waitUntil(() => presences().some((p) => p.presence === 'recording'));
    // Baileys reports a paused chat state as `available` (online, not typing)
    await sim.sendPresence('5511960000008', 'paused', '5511960000007');
    await waitUntil(() => presences().some((p) => p.presence === 'available'));
    expect(presences()).toEqual([
      {
        chat: '5511960000008@s.whatsapp.net',
        participant: '5511960000008@s.whatsapp.net',
        presence: 'composing',
      },
      {
        chat: '5511960000008@s.whatsapp.net',
        participant: '5511960000008@s.whatsapp.net',
        presence: 'recording',
      },
      {
        chat: '5511960000008@s.whatsapp.net',
        participant: '5511960000008@s.whatsapp.net',
        presence: 'available',
      },
    ]);
  });

  it('says which command closed or logged out the session, and none for a close by the shard', async () => {
    const { sut, events } = session('requested');
    await pair(sut, '5511960000009');
    const changes = () =>
      events
        .filter((e) => e.event === 'connection-changed')
        .map((e) => e.data as EventData['connection-changed']);

    await sut.close('closed on request', 'close');
    expect(changes().at(-1)).toEqual({
      state: 'stopped',
      reason: 'closed on request',
      command: 'close',
      me: expect.objectContaining({ id: '5511960000009@s.whatsapp.net' }),
    });
    await sut.start();
    await sut.waitForState(['connected'], 15_000);
    expect(changes().at(-1)).toMatchObject({ state: 'connected' });
    expect(changes().at(-1)).not.toHaveProperty('command');

    await sut.restart();
    await sut.waitForState(['connected'], 15_000);
    expect(changes().slice(-3)).toEqual([
      expect.objectContaining({ state: 'stopped', reason: 'restarting', command: 'restart' }),
      expect.objectContaining({ state: 'connecting' }),
      expect.objectContaining({ state: 'connected' }),
    ]);

    await sut.logout();
    expect(changes().at(-1)).toEqual({
      state: 'logged-out',
      reason: 'logged out on request',
      command: 'logout',
    });

    const other = session('handover');
    await pair(other.sut, '5511960000010');
    await other.sut.close('shard stopping');
    expect(other.events.filter((e) => e.event === 'connection-changed').at(-1)?.data).toEqual({
      state: 'stopped',
      reason: 'shard stopping',
      me: expect.any(Object),
    });
  });

  it('refuses to send while not connected, with a clear error', async () => {
    const { sut } = session('idle');
    await expect(
      sut.sendMessage({ to: '5511960000002@s.whatsapp.net', content: { kind: 'text', text: 'x' } }),
    ).rejects.toMatchObject({
      code: 'not_connected',
    });
    expect(() => sut.qr()).toThrow(expect.objectContaining({ code: 'qr_not_available' }));
  });
});

async function waitUntil(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  return waitUntilAsync(async () => check(), timeoutMs);
}

async function waitUntilAsync(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
