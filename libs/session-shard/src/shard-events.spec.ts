import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EVENT_NAMES,
  EVENT_SCHEMAS,
  Subjects,
  type EventEnvelope,
  type EventName,
  type InstanceStatus,
} from '@zapgate/contracts';
import { openEmbeddedStorage, type EmbeddedStorage } from '@zapgate/storage';
import { MemoryCommandBus, MemoryEventLog, MemoryLeaseStore, type StoredEvent } from '@zapgate/transport';
import { MEGA_WEBHOOK_EVENTS, renderMegaWebhook } from '@zapgate/dialect-mega';
import { renderWppWebhook, WPP_WEBHOOK_EVENTS } from '@zapgate/dialect-wppconnect';
import { TempFileMediaStore } from '@zapgate/media';
import { WaSimulator } from '@zapgate/wa-sim';
import { BaileysSessionFactory } from '@zapgate/whatsapp';
import { Ajv } from 'ajv';
import { pino } from 'pino';
import { ShardService } from './shard.service.js';

// What the shard really publishes, driven through its commands against the simulator, checked
// against the JSON Schemas users of ZG_EVENTS get (docs/events.md).
describe(`${ShardService.name} events`, () => {
  let sim: WaSimulator;
  let dir: string;
  let storage: EmbeddedStorage;
  let sut: ShardService;
  let media: TempFileMediaStore;
  const bus = new MemoryCommandBus();
  const log = new MemoryEventLog();
  const seen: StoredEvent<EventEnvelope>[] = [];

  const command = <T>(instance: string, verb: Parameters<typeof Subjects.command>[1], extra = {}) =>
    bus.request<T, object>(Subjects.command(instance, verb), { instance, ...extra });
  const addInstance = (key: string) =>
    storage.instances.create({
      key,
      dialect: 'wppconnect',
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    });
  const published = (instance: string, event: EventName) =>
    seen.filter((e) => e.data.instance === instance && e.data.event === event).map((e) => e.data);

  beforeAll(async () => {
    sim = await WaSimulator.start();
    dir = await mkdtemp(join(tmpdir(), 'zg-shard-events-'));
    storage = await openEmbeddedStorage(dir);
    media = await TempFileMediaStore.open({ dir: join(dir, 'media'), maxAgeMs: 60_000 });
    sut = new ShardService(
      { shardId: 's1', capacity: 10, tickMs: 5_000 },
      {
        bus,
        events: log,
        leases: new MemoryLeaseStore(15_000),
        instances: storage.instances,
        sessions: new BaileysSessionFactory({
          auth: storage.auth,
          messages: storage.messages,
          media,
          waWebSocketUrl: sim.url,
          chats: {
            chats: storage.chats,
            contacts: storage.contacts,
            blocklist: storage.blocklist,
            labels: storage.labels,
          },
        }),
        logger: pino({ level: 'silent' }),
      },
    );
    await log.consume<EventEnvelope>({ durable: 'schema-check' }, async (e) => void seen.push(e));
  });
  afterAll(async () => {
    await sut.stop();
    await media.close();
    await storage.close();
    await sim.stop();
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('publishes every event on its subject, each valid against EVENT_SCHEMAS', async () => {
    await addInstance('shop');
    await addInstance('code');
    await sut.start();
    await sim.createPhone({ number: '5511970000001', name: 'Shop' });
    await sim.createPhone({ number: '5511970000002', name: 'Customer' });
    await sim.createPhone({ number: '5511970000003', name: 'Coded' });

    // QR pairing, a text each way with receipts, a chat state, a requested close, a logout
    // a WhatsApp Business account (labels)
    await sim.setBusinessProfile('5511970000001', { websites: [] });
    const { qr } = await command<InstanceStatus>('shop', 'connect');
    await sim.scanQr('5511970000001', qr!);
    await until(async () => (await command<InstanceStatus>('shop', 'get-status')).state === 'connected');
    const sent = await command<{ id: string }>('shop', 'send-message', {
      to: '5511970000002@s.whatsapp.net',
      content: { kind: 'text', text: 'order #1 shipped' },
    });
    await sim.phone('5511970000002').waitForMessage((m) => m.id === sent.id);
    await sim.markRead('5511970000002', [sent.id]);
    const thanks = await sim.sendFromPhone('5511970000002', '5511970000001', 'thanks!');
    await sim.sendPresence('5511970000002', 'composing', '5511970000001');
    await until(async () =>
      published('shop', 'message-status-changed').some(
        (e) => (e.data as { status: string }).status === 'read',
      ),
    );
    await until(async () =>
      published('shop', 'message-received').some((e) => !(e.data as { fromMe: boolean }).fromMe),
    );
    await until(async () => published('shop', 'presence-updated').length > 0);
    // the customer calls; the shop rejects the call, which the customer's phone sees
    const placed = await sim.placeCall('5511970000002', '5511970000001');
    await until(async () => published('shop', 'call-received').length > 0);
    expect(published('shop', 'call-received')[0]!.data).toMatchObject({
      id: placed.id,
      from: '5511970000002@s.whatsapp.net',
      isVideo: false,
      isGroup: false,
    });
    await command('shop', 'reject-call', { callId: placed.id });
    await until(async () => sim.callsOf('5511970000002')[0]?.status === 'rejected');
    // the shop makes a label and puts it on the customer's chat (app-state patches its own client
    // decodes too)
    const vip = await command<{ id: string }>('shop', 'edit-label', { name: 'VIP', color: 4 });
    await command('shop', 'label-chats', {
      chats: ['5511970000002@s.whatsapp.net'],
      changes: [{ label: vip.id, action: 'add' }],
    });
    await until(async () =>
      published('shop', 'label-updated').some((e) => (e.data as { action: string }).action === 'added'),
    );
    // the customer reacts to the shop's message, edits its own, then deletes it for everyone
    await sim.reactFromPhone('5511970000002', sent.id, '👍');
    await sim.editFromPhone('5511970000002', thanks.id, 'thanks a lot!');
    await sim.revokeFromPhone('5511970000002', thanks.id);
    await until(async () => published('shop', 'message-revoked').length > 0);
    await until(async () => published('shop', 'message-edited').length > 0);
    await until(async () => published('shop', 'message-reacted').length > 0);
    // a poll the shop sends, and the customer's vote on it (encrypted with the poll's secret)
    const pollSent = await command<{ id: string }>('shop', 'send-message', {
      to: '5511970000002@s.whatsapp.net',
      content: { kind: 'poll', name: 'Which day?', options: ['Monday', 'Friday'], selectableCount: 1 },
    });
    await sim.phone('5511970000002').waitForMessage((m) => m.id === pollSent.id && !!m.poll);
    await sim.voteFromPhone('5511970000002', pollSent.id, ['Friday']);
    await until(async () => published('shop', 'poll-voted').length > 0);
    expect(published('shop', 'poll-voted')[0]!.data).toMatchObject({
      fromMe: false,
      target: { id: pollSent.id, fromMe: true },
      selectedOptions: ['Friday'],
      tally: [
        { name: 'Monday', votes: 0, voters: [] },
        { name: 'Friday', votes: 1, voters: ['5511970000002@s.whatsapp.net'] },
      ],
    });
    expect(published('shop', 'message-reacted')[0]!.data).toMatchObject({
      reaction: '👍',
      fromMe: false,
      target: { id: sent.id, fromMe: true },
    });
    expect(published('shop', 'message-edited')[0]!.data).toMatchObject({
      text: 'thanks a lot!',
      target: { id: thanks.id, fromMe: false },
    });
    expect(published('shop', 'message-revoked')[0]!.data).toMatchObject({
      target: { id: thanks.id, fromMe: false },
    });
    // chats: the customer became a contact; reading its chat clears the unread count; a block
    await until(async () => published('shop', 'contact-updated').length > 0);
    await command('shop', 'modify-chat', { chat: '5511970000002@s.whatsapp.net', action: 'mark-read' });
    await command('shop', 'block-contact', { contact: '5511970000002@s.whatsapp.net', block: true });
    await until(async () => published('shop', 'chat-updated').length > 0);
    await until(async () => published('shop', 'blocklist-changed').length > 0);
    expect(published('shop', 'blocklist-changed').at(-1)!.data).toEqual({
      action: 'set',
      jids: ['5511970000002@s.whatsapp.net'],
    });
    // groups: the shop creates one with the customer and promotes it, turns join approval on, and
    // a third phone asks to join by the invite code
    const group = await command<{ id: string }>('shop', 'create-group', {
      subject: 'Team',
      participants: ['5511970000002@s.whatsapp.net'],
    });
    await command('shop', 'update-group-participants', {
      group: group.id,
      action: 'promote',
      participants: ['5511970000002@s.whatsapp.net'],
    });
    await command('shop', 'set-group-setting', { group: group.id, setting: 'join_approval_on' });
    const invite = await command<{ code: string }>('shop', 'get-group-invite-code', { group: group.id });
    await sim.createPhone({ number: '5511970000004', name: 'Joiner' });
    expect(await sim.joinGroupFromPhone('5511970000004', invite.code)).toEqual({ pending: true });
    await until(async () => published('shop', 'group-join-requested').length > 0);
    await until(async () => published('shop', 'group-participants-changed').length > 0);
    expect(published('shop', 'group-participants-changed')[0]!.data).toMatchObject({
      group: group.id,
      action: 'promote',
    });
    expect(published('shop', 'group-join-requested')[0]!.data).toMatchObject({
      group: group.id,
      action: 'created',
      method: 'invite_link',
    });
    expect(
      published('shop', 'group-updated').some(
        (e) => (e.data as { metadata?: { id: string } }).metadata?.id === group.id,
      ),
    ).toBe(true);
    await command('shop', 'close');
    await command('shop', 'connect');
    await until(async () => (await command<InstanceStatus>('shop', 'get-status')).state === 'connected');
    await command('shop', 'logout');

    // a pairing code
    await command('code', 'connect', { pairingPhone: '5511970000003' });
    await until(async () => published('code', 'pairing-code-issued').length > 0);

    const ajv = new Ajv({ strict: true, allErrors: true });
    for (const e of seen) {
      expect(e.subject).toBe(Subjects.event(e.data.instance, e.data.event));
      expect(e.id).toBe(e.data.id);
      const validate =
        ajv.getSchema(`urn:zapgate:event:${e.data.event}`) ?? ajv.compile(EVENT_SCHEMAS[e.data.event]);
      if (!validate(e.data))
        throw new Error(`${e.subject}: ${ajv.errorsText(validate.errors)}\n${JSON.stringify(e.data)}`);
    }
    expect(new Set(seen.map((e) => e.data.event))).toEqual(new Set(EVENT_NAMES));
    expect(published('shop', 'connection-changed').map((e) => e.data)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ state: 'stopped', command: 'close' }),
        expect.objectContaining({ state: 'logged-out', command: 'logout' }),
      ]),
    );

    // both dialects render what the shard really published, every webhook event they know
    const me = { id: '5511970000001@s.whatsapp.net' };
    const mega = seen.flatMap((e) => renderMegaWebhook(e.data, { key: e.data.instance, me }));
    const wpp = seen.flatMap((e) => renderWppWebhook(e.data, { key: e.data.instance, me }));
    expect(new Set(mega.map((w) => w.event))).toEqual(new Set(MEGA_WEBHOOK_EVENTS));
    expect(new Set(wpp.map((w) => w.event))).toEqual(new Set(WPP_WEBHOOK_EVENTS));
    expect(wpp.find((w) => w.event === 'onmessage')?.body).toMatchObject({
      session: 'shop',
      body: 'thanks!',
      type: 'chat',
      from: '5511970000002@c.us',
      to: '5511970000001@c.us',
      notifyName: 'Customer',
    });
    expect(
      mega.find((w) => w.event === 'message' && !(w.body['key'] as { fromMe: boolean }).fromMe)?.body,
    ).toMatchObject({
      instance_key: 'shop',
      jid: '5511970000001@s.whatsapp.net',
      messageType: 'extendedTextMessage',
      key: { remoteJid: '5511970000002@s.whatsapp.net', fromMe: false },
      pushName: 'Customer',
      message: { extendedTextMessage: { text: 'thanks!' } },
    });
  });
});

async function until(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
