import { MemoryInstanceRepository } from '@zapgate/storage';
import {
  ErrorCode,
  Subjects,
  type CommandVerb,
  type InstanceStatus,
  type MessageActionResult,
  type SentMessage,
} from '@zapgate/contracts';
import { MemoryCommandBus, MemoryEventLog, MemoryLeaseStore } from '@zapgate/transport';
import { pino } from 'pino';
import { ShardService } from './shard.service.js';
import { FakeWhatsAppSessionFactory } from './whatsapp-session.fake.js';

const ANA = '5511999990001@s.whatsapp.net';

// The shard's message actions on a fake session: what reaches it, and what the schemas refuse first.
describe(`${ShardService.name} message actions`, () => {
  let bus: MemoryCommandBus;
  let sessions: FakeWhatsAppSessionFactory;
  let sut: ShardService;
  const command = <T>(verb: CommandVerb, request: object) =>
    bus.request<T, object>(Subjects.command('shop', verb), { instance: 'shop', ...request });
  const session = () => sessions.session('shop');

  beforeEach(async () => {
    bus = new MemoryCommandBus();
    sessions = new FakeWhatsAppSessionFactory((s) => (s.credentials = true));
    const instances = new MemoryInstanceRepository();
    const now = new Date().toISOString();
    await instances.create({ key: 'shop', dialect: 'mega', createdAt: now, updatedAt: now });
    sut = new ShardService(
      { shardId: 's1', capacity: 10, tickMs: 60_000 },
      {
        bus,
        events: new MemoryEventLog(),
        leases: new MemoryLeaseStore(180_000),
        instances,
        sessions,
        logger: pino({ level: 'silent' }),
      },
    );
    await sut.start();
    await expect(command<InstanceStatus>('get-status', {})).resolves.toMatchObject({ state: 'connected' });
    await command<SentMessage>('send-message', { to: ANA, content: { kind: 'text', text: 'hi' } });
  });
  afterEach(() => sut.stop());

  it('reacts, edits and deletes a message the session has', async () => {
    await expect(
      command<MessageActionResult>('react-message', { id: 'FAKE0001', chat: ANA, emoji: '👍' }),
    ).resolves.toMatchObject({ id: 'FAKE0001', chat: ANA });
    await expect(
      command<MessageActionResult>('edit-message', { id: 'FAKE0001', text: 'hello' }),
    ).resolves.toMatchObject({ id: 'FAKE0001', text: 'hello' });
    await command('delete-message', { id: 'FAKE0001', chat: ANA, forEveryone: true });
    expect(session().actions.map((a) => a.action)).toEqual(['react', 'edit', 'delete']);
    expect(session().actions[0]!.request).toEqual({ id: 'FAKE0001', chat: ANA, emoji: '👍' });
  });

  it('passes message_not_found and another chat through as the session answers them', async () => {
    await expect(command('react-message', { id: 'NOPE', emoji: '👍' })).rejects.toMatchObject({
      code: ErrorCode.MessageNotFound,
    });
    await expect(
      command('react-message', { id: 'FAKE0001', chat: '5511999990002@s.whatsapp.net', emoji: '👍' }),
    ).rejects.toMatchObject({ code: ErrorCode.ValidationFailed });
    expect(session().actions).toEqual([]);
  });

  it('sends read receipts and chat states; a chat state without its chat never reaches the session', async () => {
    await expect(command('read-messages', { keys: [{ chat: ANA, id: 'X1' }] })).resolves.toEqual({ read: 1 });
    await expect(command('send-presence', { chat: ANA, state: 'recording' })).resolves.toEqual({
      state: 'recording',
      chat: ANA,
    });
    await expect(command('send-presence', { state: 'composing' })).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
    });
    await expect(command('send-presence', { chat: ANA, state: 'typing' })).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
    });
    expect(session().actions).toEqual([
      { action: 'read', request: [{ chat: ANA, id: 'X1' }] },
      { action: 'presence', request: { state: 'recording', chat: ANA } },
    ]);
  });
});
