import { once } from 'node:events';
import { DisconnectReason } from '@whiskeysockets/baileys';
import { SimHarness, textOf } from './harness.js';

describe('faults on demand', () => {
  let h: SimHarness;
  beforeEach(async () => {
    h = await SimHarness.start();
  });
  afterEach(() => h.close());

  it('401 logs the device out: Baileys reports loggedOut and the old credentials stop working', async () => {
    const { companion, phone } = await h.linkedCompanion('5511910000001');
    const closed = companion.waitForClose();
    await h.sim.injectFault({ type: 'stream-error', number: phone.number, code: 401 });
    expect(await closed).toBe(DisconnectReason.loggedOut);
    expect(h.sim.getPhone(phone.number).devices.map((d) => d.id)).toEqual([0]);

    const again = h.companion(companion.auth);
    expect(await again.waitForClose()).toBe(DisconnectReason.loggedOut);
  });

  it('440 closes the socket as replaced, and a second login of the same device replaces the first', async () => {
    const { companion, phone } = await h.linkedCompanion('5511910000002');
    const closed = companion.waitForClose();
    await h.sim.injectFault({ type: 'stream-error', number: phone.number, device: 1, code: 440 });
    expect(await closed).toBe(DisconnectReason.connectionReplaced);

    const first = h.companion(companion.auth);
    await first.waitForOpen();
    expect(h.sim.connections.concurrentLogins).toBe(0);
    const firstClosed = first.waitForClose();
    const second = h.companion(companion.auth);
    await second.waitForOpen();
    expect(await firstClosed).toBe(DisconnectReason.connectionReplaced);
    expect(h.sim.connections.concurrentLogins).toBe(1);
  });

  it('515 asks for a restart; the client reconnects and opens again', async () => {
    const { companion, phone } = await h.linkedCompanion('5511910000003');
    const closed = companion.waitForClose();
    const reopened = companion.waitFor(
      'connection.update',
      (u) =>
        u.connection === 'open' &&
        companion.events.filter(
          (e) => e.name === 'connection.update' && (e.data as { connection?: string }).connection === 'open',
        ).length >= 2,
    );
    await h.sim.injectFault({ type: 'stream-error', number: phone.number, code: 515 });
    expect(await closed).toBe(DisconnectReason.restartRequired);
    await reopened;
  });

  it('closes sockets abruptly on disconnect', async () => {
    const { companion, phone } = await h.linkedCompanion('5511910000004');
    const closed = companion.waitForClose();
    const result = await h.sim.injectFault({ type: 'disconnect', number: phone.number });
    expect(result.affected).toBe(1);
    expect(await closed).toBe(DisconnectReason.connectionClosed);
  });

  it('refuses logins while the fault lasts', async () => {
    const { companion, phone } = await h.linkedCompanion('5511910000005');
    const closed = companion.waitForClose();
    companion.end();
    await closed;
    await h.sim.injectFault({ type: 'refuse-login', number: phone.number, durationMs: 60_000 });
    const refused = h.companion(companion.auth);
    expect(await refused.waitForClose()).toBe(DisconnectReason.unavailableService);
    h.sim.faults.clear();
    const accepted = h.companion(companion.auth);
    await accepted.waitForOpen();
  });

  it('delays frames to an account', async () => {
    const { companion, phone } = await h.linkedCompanion('5511910000006');
    await h.sim.createPhone({ number: '5511910000007' });
    await h.sim.injectFault({ type: 'delay', number: phone.number, ms: 400, durationMs: 30_000 });
    const started = Date.now();
    const sent = await h.sim.sendFromPhone('5511910000007', phone.number, 'slow');
    await companion.waitFor('messages.upsert', ({ messages }) => messages.some((m) => m.key.id === sent.id));
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  });

  it('drops frames of the given kind: the dropped message never arrives, later ones do', async () => {
    const { companion, phone } = await h.linkedCompanion('5511910000008');
    await h.sim.createPhone({ number: '5511910000009' });
    await h.sim.injectFault({ type: 'drop', number: phone.number, durationMs: 60_000, tags: ['message'] });
    const dropped = once(h.sim.faults, 'dropped');
    const lost = await h.sim.sendFromPhone('5511910000009', phone.number, 'lost');
    const [node] = await dropped;
    expect(node.attrs.id).toBe(lost.id);
    h.sim.faults.clear();
    const kept = await h.sim.sendFromPhone('5511910000009', phone.number, 'kept');
    await companion.waitFor('messages.upsert', ({ messages }) => messages.some((m) => m.key.id === kept.id));
    const texts = companion.events.flatMap((e) =>
      e.name === 'messages.upsert'
        ? (e.data as { messages: Parameters<typeof textOf>[0][] }).messages.map(textOf)
        : [],
    );
    expect(texts).toContain('kept');
    expect(texts).not.toContain('lost');
    expect(lost.id).not.toBe(kept.id);
  });

  it('rejects malformed faults', async () => {
    await expect(h.sim.injectFault({ type: 'delay', ms: 0, durationMs: 1000 })).rejects.toMatchObject({
      code: 'invalid_fault',
    });
    await expect(h.sim.injectFault({ type: 'disconnect', number: '000000' })).rejects.toMatchObject({
      code: 'unknown_phone',
    });
  });
});
