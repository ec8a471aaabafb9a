import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError, ErrorCode, type ChatInfo } from '@zapgate/contracts';
import {
  openEmbeddedStorage,
  type EmbeddedStorage,
  type NewStoredMessage,
  MemoryInstanceRepository,
} from '@zapgate/storage';
import { ChatService } from './chat.service.js';
import { FakeShard } from './fake-shard.fixture.js';
import { InstanceClient } from './instance-client.js';
import { InstanceRegistry } from './instance-registry.js';

const ANA = '5511999990002@s.whatsapp.net';
const BIA = '5511999990003@s.whatsapp.net';
const chat = (id: string, unreadCount: number): ChatInfo => ({
  id,
  isGroup: false,
  unreadCount,
  archived: false,
  pinned: false,
  labels: [],
});
const message = (id: string, seconds: number, chatId: string, fromMe = false): NewStoredMessage => ({
  instance: 'shop',
  id,
  chat: chatId,
  fromMe,
  timestamp: seconds * 1000,
  kind: 'text',
  text: id,
  raw: '{}',
});

describe(ChatService.name, () => {
  let dir: string;
  let shard: FakeShard;
  let storage: EmbeddedStorage;
  let sut: ChatService;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zg-chat-service-'));
    shard = await FakeShard.start();
    storage = await openEmbeddedStorage(dir);
    const registry = new InstanceRegistry(new MemoryInstanceRepository());
    sut = new ChatService(registry, new InstanceClient(shard.bus, shard.settings), storage.messages);
    await registry.create('shop', 'wppconnect');
  });
  afterEach(async () => {
    await storage.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('asks the owning shard for chats, contacts and the blocklist, with the query as given', async () => {
    shard
      .answer('list-chats', () => [chat(ANA, 1)])
      .answer('get-chat', (r) => chat(r.chat, 0))
      .answer('list-contacts', () => [{ id: ANA, pushName: 'Ana', blocked: false }])
      .answer('get-blocklist', () => ({ jids: [BIA] }))
      .answer('block-contact', (r) => ({ jids: r.block ? [r.contact] : [] }))
      .answer('get-profile-picture', (r) => ({ jid: r.jid }));
    expect(await sut.list({ instance: 'shop', unreadOnly: true, kind: 'user', limit: 5 })).toEqual([
      chat(ANA, 1),
    ]);
    expect(await sut.get('shop', BIA)).toEqual(chat(BIA, 0));
    expect(await sut.contacts('shop')).toEqual([{ id: ANA, pushName: 'Ana', blocked: false }]);
    expect(await sut.blocklist('shop')).toEqual([BIA]);
    expect(await sut.block('shop', ANA, true)).toEqual([ANA]);
    expect(await sut.profilePicture('shop', ANA)).toBeUndefined();
    expect(shard.received.map((r) => r.request)).toEqual([
      { instance: 'shop', unreadOnly: true, kind: 'user', limit: 5 },
      { instance: 'shop', chat: BIA },
      { instance: 'shop' },
      { instance: 'shop' },
      { instance: 'shop', contact: ANA, block: true },
      { instance: 'shop', jid: ANA, preview: false },
    ]);
  });

  it("passes the shard's refusals on (not_implemented for app-state changes, chat_not_found)", async () => {
    shard.answer('modify-chat', () => {
      throw new DomainError(ErrorCode.NotImplemented, 'app-state key missing');
    });
    shard.answer('get-chat', (r) => {
      throw new DomainError(ErrorCode.ChatNotFound, `chat ${r.chat} not found`);
    });
    await expect(sut.modify({ instance: 'shop', chat: ANA, action: 'archive' })).rejects.toMatchObject({
      code: ErrorCode.NotImplemented,
    });
    await expect(sut.get('shop', ANA)).rejects.toMatchObject({ code: ErrorCode.ChatNotFound });
    await expect(sut.get('nobody', ANA)).rejects.toMatchObject({ code: ErrorCode.InstanceNotFound });
    expect(shard.verbs()).toEqual(['modify-chat', 'get-chat']);
  });

  it('subscribes to presence one user at a time, reads the presence seen, and rejects calls', async () => {
    shard
      .answer('subscribe-presence', (r) => ({ chat: r.chat }))
      .answer('get-presence', (r) => ({ chat: r.chat, presence: 'available' as const, at: 5 }))
      .answer('reject-call', (r) => ({ callId: r.callId }));
    await sut.subscribePresence('shop', [ANA, BIA]);
    expect(await sut.presence('shop', ANA)).toEqual({ chat: ANA, presence: 'available', at: 5 });
    await sut.rejectCall('shop', 'CALL1');
    expect(shard.received).toEqual([
      { verb: 'subscribe-presence', request: { instance: 'shop', chat: ANA } },
      { verb: 'subscribe-presence', request: { instance: 'shop', chat: BIA } },
      { verb: 'get-presence', request: { instance: 'shop', chat: ANA } },
      { verb: 'reject-call', request: { instance: 'shop', callId: 'CALL1' } },
    ]);
    await expect(sut.rejectCall('nobody', 'CALL1')).rejects.toMatchObject({
      code: ErrorCode.InstanceNotFound,
    });
  });

  it("lists each unread chat's newest unread received messages, oldest first per chat", async () => {
    await storage.messages.save([
      message('A1', 100, ANA),
      message('A2', 101, ANA),
      message('A3', 102, ANA),
      message('mine', 103, ANA, true),
      message('B1', 104, BIA),
    ]);
    shard.answer('list-chats', () => [chat(ANA, 2), chat(BIA, 1)]);
    expect((await sut.unreadMessages('shop')).map((m) => m.id)).toEqual(['A2', 'A3', 'B1']);
    expect(shard.received[0]!.request).toEqual({ instance: 'shop', unreadOnly: true, limit: 1_000 });
    expect((await sut.chatMessages('shop', ANA, 10)).map((m) => m.id)).toEqual(['A1', 'A2', 'A3', 'mine']);
    expect((await sut.chatMessages('shop', ANA, 10, false)).map((m) => m.id)).toEqual(['A1', 'A2', 'A3']);
  });
});
