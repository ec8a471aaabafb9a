import { MemoryInstanceRepository } from '@zapgate/storage';
import { ErrorCode, Subjects, type ChatInfo, type CommandVerb, type ContactInfo } from '@zapgate/contracts';
import { MemoryCommandBus, MemoryEventLog, MemoryLeaseStore } from '@zapgate/transport';
import { NoChats, type ChatListing, type ChatModificationRequest } from '@zapgate/whatsapp';
import { pino } from 'pino';
import { ShardService } from './shard.service.js';
import { FakeWhatsAppSessionFactory } from './whatsapp-session.fake.js';

const ANA = '5511999990001@s.whatsapp.net';
const info = (id: string): ChatInfo => ({
  id,
  isGroup: false,
  unreadCount: 0,
  archived: false,
  pinned: false,
  labels: [],
});

/** Records what the shard asks of the session's chats. */
class RecordingChats extends NoChats {
  readonly calls: [string, unknown][] = [];
  override async listChats(q: ChatListing): Promise<ChatInfo[]> {
    this.calls.push(['list', q]);
    return [info(ANA)];
  }
  override async modifyChat(r: ChatModificationRequest): Promise<ChatInfo> {
    this.calls.push(['modify', r]);
    return info(r.chat);
  }
  override async getContact(jid: string): Promise<ContactInfo> {
    this.calls.push(['contact', jid]);
    return { id: jid, blocked: false };
  }
  override async block(jid: string, block: boolean): Promise<string[]> {
    this.calls.push(['block', [jid, block]]);
    return block ? [jid] : [];
  }
  override async profilePicture(jid: string, preview: boolean): Promise<string | undefined> {
    this.calls.push(['picture', [jid, preview]]);
    return undefined;
  }
}

// The shard's chat commands on a fake session: what reaches its chats, and what the schemas refuse first.
describe(`${ShardService.name} chat commands`, () => {
  let bus: MemoryCommandBus;
  let chats: RecordingChats;
  let instances: MemoryInstanceRepository;
  let forgotten: number;
  let sut: ShardService;
  const command = <T>(verb: CommandVerb, request: object) =>
    bus.request<T, object>(Subjects.command('shop', verb), { instance: 'shop', ...request });

  beforeEach(async () => {
    bus = new MemoryCommandBus();
    chats = new RecordingChats();
    forgotten = 0;
    const sessions = new FakeWhatsAppSessionFactory((s) => {
      Object.defineProperty(s, 'chats', { value: chats });
      s.forget = async () => void forgotten++;
    });
    instances = new MemoryInstanceRepository();
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
  });
  afterEach(() => sut.stop());

  it('runs chat commands on the session’s chats, without the instance key', async () => {
    await expect(command('list-chats', { unreadOnly: true, limit: 5 })).resolves.toEqual([info(ANA)]);
    await expect(
      command('modify-chat', { chat: ANA, action: 'mute', muteUntil: 1_800_000_000 }),
    ).resolves.toEqual(info(ANA));
    await expect(command('get-contact', { contact: ANA })).resolves.toEqual({ id: ANA, blocked: false });
    await expect(command('block-contact', { contact: ANA, block: true })).resolves.toEqual({ jids: [ANA] });
    await expect(command('get-profile-picture', { jid: ANA })).resolves.toEqual({ jid: ANA });
    expect(chats.calls).toEqual([
      ['list', { unreadOnly: true, limit: 5 }],
      ['modify', { chat: ANA, action: 'mute', muteUntil: 1_800_000_000 }],
      ['contact', ANA],
      ['block', [ANA, true]],
      ['picture', [ANA, false]],
    ]);
  });

  it('refuses malformed chat commands before the session sees them, and passes its refusals on', async () => {
    await expect(command('modify-chat', { chat: ANA, action: 'star' })).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
    });
    await expect(command('block-contact', { contact: '1@g.us', block: true })).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
    });
    // what this fake session cannot do: NoChats' not_implemented
    await expect(command('get-blocklist', {})).rejects.toMatchObject({ code: ErrorCode.NotImplemented });
    await expect(command('get-presence', { chat: ANA })).rejects.toMatchObject({
      code: ErrorCode.NotImplemented,
    });
    await expect(command('subscribe-presence', { chat: '1@g.us' })).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
    });
    expect(chats.calls).toEqual([]);
  });

  it('forgets a deleted instance’s messages and chats once it let the session go', async () => {
    await expect(command('list-chats', {})).resolves.toEqual([info(ANA)]);
    await sut.tick();
    expect(forgotten).toBe(0);
    await instances.delete('shop');
    await sut.tick();
    expect(sut.instances).toEqual([]);
    expect(forgotten).toBe(1);
  });
});
