import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BaileysEventEmitter, WAMessage } from '@whiskeysockets/baileys';
import { EVENT_SCHEMAS, type EventData, type EventName } from '@zapgate/contracts';
import { Ajv } from 'ajv';
import { openEmbeddedStorage, type EmbeddedStorage } from '@zapgate/storage';
import { pino } from 'pino';
import {
  acceptsHistory,
  ChatFeed,
  chatInfo,
  chatPatchesFromMessages,
  chatPatchFromBaileys,
  chatsReadElsewhere,
  contactPatchesFromMessages,
  contactPatchFromBaileys,
} from './chat-sync.js';

const ANA = '5511999990001@s.whatsapp.net';
const ANA_LID = '123456789012345@lid';
const GROUP = '120363000000000001@g.us';
const T = 1_700_000_000;

const text = (
  id: string,
  over: Partial<WAMessage['key']> = {},
  extra: Partial<WAMessage> = {},
): WAMessage => ({
  key: { id, remoteJid: ANA, fromMe: false, ...over },
  messageTimestamp: T,
  message: { conversation: `text ${id}` },
  pushName: 'Ana',
  ...extra,
});

describe('chat mappings', () => {
  it('moves a chat’s last message on every message and counts live ones from others as unread', () => {
    expect(
      chatPatchesFromMessages(
        [
          text('A'),
          text('B', { fromMe: true }),
          text('C', { remoteJid: `${ANA.split('@')[0]}:3@s.whatsapp.net` }),
        ],
        'notify',
      ),
    ).toEqual([
      { id: ANA, lastMessage: { id: 'A', timestamp: T * 1000, fromMe: false }, unreadDelta: 1 },
      { id: ANA, lastMessage: { id: 'B', timestamp: T * 1000, fromMe: true } },
      { id: ANA, lastMessage: { id: 'C', timestamp: T * 1000, fromMe: false }, unreadDelta: 1 },
    ]);
    // a chat addressed by LID is kept under the phone number WhatsApp gave with it
    expect(chatPatchesFromMessages([text('L', { remoteJid: ANA_LID, remoteJidAlt: ANA })], 'append')).toEqual(
      [{ id: ANA, lastMessage: { id: 'L', timestamp: T * 1000, fromMe: false } }],
    );
    // offline ('append') messages move the last message but add nothing unread
    expect(chatPatchesFromMessages([text('A')], 'append')).toEqual([
      { id: ANA, lastMessage: { id: 'A', timestamp: T * 1000, fromMe: false } },
    ]);
  });

  it('leaves out statuses, reactions, edits, revokes and messages without content', () => {
    const skipped: WAMessage[] = [
      text('S', { remoteJid: 'status@broadcast' }),
      { ...text('R'), message: { reactionMessage: { text: '👍', key: { id: 'A' } } } },
      { ...text('P'), message: { protocolMessage: { type: 0, key: { id: 'A' } } } },
      { ...text('E'), message: null },
    ];
    expect(chatPatchesFromMessages(skipped, 'notify')).toEqual([]);
  });

  it('takes who wrote, with both addresses, from messages of others', () => {
    expect(
      contactPatchesFromMessages([
        text('A', { remoteJidAlt: ANA_LID }),
        text('G', { remoteJid: GROUP, participant: ANA_LID, participantAlt: ANA }, { pushName: 'Aninha' }),
        text('M', { fromMe: true }),
      ]),
    ).toEqual([
      { id: ANA, pn: ANA, lid: ANA_LID, pushName: 'Ana' },
      { id: ANA_LID, pn: ANA, lid: ANA_LID, pushName: 'Aninha' },
    ]);
  });

  it('maps app-state chat updates, keeping only absolute unread counts', () => {
    expect(
      chatPatchFromBaileys({ id: ANA, archived: true, pinned: T * 1000, muteEndTime: -1 }, false),
    ).toEqual({
      patch: { id: ANA, archived: true, pinnedAt: T * 1000, mutedUntil: -1 },
      update: { chat: ANA, archived: true, pinned: true, mutedUntil: -1 },
    });
    expect(chatPatchFromBaileys({ id: ANA, pinned: null, muteEndTime: null, unreadCount: 0 }, false)).toEqual(
      {
        patch: { id: ANA, pinnedAt: null, mutedUntil: null, unreadCount: 0 },
        update: { chat: ANA, pinned: false, mutedUntil: 0, unreadCount: 0 },
      },
    );
    // a positive count in a live update is Baileys' increment; -1 is "marked unread"
    expect(chatPatchFromBaileys({ id: ANA, unreadCount: 3 }, false)?.patch).toEqual({ id: ANA });
    expect(chatPatchFromBaileys({ id: ANA, unreadCount: -1 }, false)?.patch).toEqual({ id: ANA });
    // history: the count and the name as the phone had them
    expect(chatPatchFromBaileys({ id: GROUP, name: 'Team', unreadCount: 3 }, true)?.patch).toEqual({
      id: GROUP,
      name: 'Team',
      unreadCount: 3,
    });
    expect(chatPatchFromBaileys({ id: 'status@broadcast', archived: true }, false)).toBeUndefined();
  });

  it('maps Baileys contacts, and chats to the canonical view in seconds', () => {
    expect(
      contactPatchFromBaileys({
        id: ANA_LID,
        phoneNumber: ANA,
        name: 'Ana Souza',
        notify: 'Ana',
        verifiedName: 'Acme',
      }),
    ).toEqual({
      id: ANA_LID,
      lid: ANA_LID,
      pn: ANA,
      name: 'Ana Souza',
      pushName: 'Ana',
      verifiedName: 'Acme',
      business: true,
    });
    expect(contactPatchFromBaileys({ id: GROUP })).toBeUndefined();
    expect(
      chatInfo({
        instance: 'i',
        id: GROUP,
        unreadCount: 1,
        archived: false,
        pinnedAt: T * 1000,
        mutedUntil: -1,
        labels: ['2'],
        lastMessage: { id: 'M', timestamp: T * 1000 + 999, fromMe: true },
        updatedAt: '',
      }),
    ).toEqual({
      id: GROUP,
      isGroup: true,
      unreadCount: 1,
      archived: false,
      pinned: true,
      pinnedAt: T,
      mutedUntil: -1,
      labels: ['2'],
      lastMessage: { id: 'M', fromMe: true, timestamp: T },
    });
  });

  it('names the chats read on another device: READ or PLAYED of messages not from this account', () => {
    expect(
      chatsReadElsewhere([
        { key: { remoteJid: ANA, id: 'A', fromMe: false }, update: { status: 4 } },
        { key: { remoteJid: ANA_LID, remoteJidAlt: ANA, id: 'B', fromMe: false }, update: { status: 5 } },
        { key: { remoteJid: GROUP, id: 'C', fromMe: false }, update: { status: 3 } },
        { key: { remoteJid: GROUP, id: 'D', fromMe: true }, update: { status: 4 } },
        { key: { remoteJid: 'status@broadcast', id: 'E', fromMe: false }, update: { status: 4 } },
        { key: { remoteJid: GROUP, id: 'F', fromMe: false }, update: { starred: true } },
      ]),
    ).toEqual([ANA]);
  });

  it('takes real history notifications only (not Baileys’ login probe, not FULL syncs)', () => {
    expect(acceptsHistory({ syncType: 3 })).toBe(false);
    expect(acceptsHistory({ syncType: 0, initialHistBootstrapInlinePayload: new Uint8Array([1]) })).toBe(
      true,
    );
    expect(acceptsHistory({ syncType: 3, directPath: '/v/t62/x' })).toBe(true);
    expect(acceptsHistory({ syncType: 2, directPath: '/v/t62/x' })).toBe(false);
  });
});

describe(ChatFeed.name, () => {
  let dir: string;
  let storage: EmbeddedStorage;
  let ev: EventEmitter;
  let published: { event: EventName; data: unknown }[];
  let saved: WAMessage[];
  let sut: ChatFeed;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zg-feed-'));
    storage = await openEmbeddedStorage(dir);
    ev = new EventEmitter();
    published = [];
    saved = [];
    sut = new ChatFeed({
      instance: 'shop',
      stores: storage,
      publish: async <E extends EventName>(event: E, data: EventData[E]) =>
        void published.push({ event, data }),
      logger: pino({ level: 'silent' }),
      saveMessages: async (m) => void saved.push(...m),
      // Baileys' mapping names a device
      pnOf: async (jid) => (jid === ANA_LID ? ANA.replace('@', ':0@') : undefined),
    });
    sut.attach(ev as unknown as BaileysEventEmitter, () => true);
  });
  afterEach(async () => {
    await storage.close();
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('keeps chats, contacts and the blocklist from live events, publishing what changed', async () => {
    ev.emit('messages.upsert', {
      messages: [text('A', { remoteJidAlt: ANA_LID }), text('B')],
      type: 'notify',
    });
    ev.emit('contacts.update', [{ id: ANA, notify: 'Ana' }]); // Baileys repeats the push name: no news
    ev.emit('chats.update', [{ id: ANA, archived: true }]);
    ev.emit('blocklist.update', { blocklist: [ANA_LID], type: 'add' });
    await sut.flushed();
    expect(await storage.chats.get('shop', ANA)).toMatchObject({
      unreadCount: 2,
      archived: true,
      lastMessage: { id: 'B', fromMe: false },
    });
    expect(await storage.contacts.get('shop', ANA_LID)).toMatchObject({ id: ANA, pn: ANA, pushName: 'Ana' });
    expect(await storage.blocklist.list('shop')).toEqual([ANA]);
    expect(published).toEqual([
      { event: 'contact-updated', data: { contact: ANA, pn: ANA, lid: ANA_LID, pushName: 'Ana' } },
      { event: 'chat-updated', data: { chat: ANA, archived: true } },
      { event: 'blocklist-changed', data: { action: 'block', jids: [ANA] } },
    ]);

    // reading clears the count once; the whole blocklist replaces the stored one when it differs
    await sut.read([ANA, ANA]);
    await sut.read([ANA]);
    await sut.replaceBlocklist([]);
    await sut.replaceBlocklist([]);
    expect((await storage.chats.get('shop', ANA))!.unreadCount).toBe(0);
    expect(published.slice(3)).toEqual([
      { event: 'chat-updated', data: { chat: ANA, unreadCount: 0 } },
      { event: 'blocklist-changed', data: { action: 'set', jids: [] } },
    ]);
    ev.emit('chats.delete', [ANA]);
    await sut.flushed();
    expect(await storage.chats.get('shop', ANA)).toBeUndefined();
    expect(published.at(-1)).toEqual({ event: 'chat-updated', data: { chat: ANA, deleted: true } });

    // every event as its schema (docs/events.md) has it
    const ajv = new Ajv({ strict: true, allErrors: true });
    for (const { event, data } of published) {
      const envelope = { id: 'e1', instance: 'shop', event, at: '2026-11-29T17:00:00.000Z', data };
      expect([event, ajv.validate(EVENT_SCHEMAS[event], envelope), ajv.errorsText()]).toEqual([
        event,
        true,
        'No errors',
      ]);
    }
  });

  it('writes nothing for the chats.update of a message’s time alone that Baileys sends after each message', async () => {
    ev.emit('messages.upsert', { messages: [text('A')], type: 'notify' });
    await sut.flushed();
    const before = (await storage.chats.get('shop', ANA))!;
    const news = published.length;
    // a chat it does not have is not made from it either
    const other = '5511999990009@s.whatsapp.net';
    ev.emit('chats.update', [
      { id: ANA, conversationTimestamp: 1_800_000_000 },
      { id: other, conversationTimestamp: 1_800_000_000 },
    ]);
    await sut.flushed();
    expect(await storage.chats.get('shop', ANA)).toEqual(before);
    expect(await storage.chats.get('shop', other)).toBeUndefined();
    expect(published).toHaveLength(news);
  });

  it('a chat another device of the account read (its relayed read receipts) has nothing unread', async () => {
    ev.emit('messages.upsert', { messages: [text('A'), text('B')], type: 'notify' });
    // a delivery receipt, and the read of a message this account sent, read nothing here
    ev.emit('messages.update', [
      { key: { remoteJid: ANA, id: 'A', fromMe: false }, update: { status: 3 } },
      { key: { remoteJid: ANA, id: 'S', fromMe: true }, update: { status: 4 } },
    ]);
    await sut.flushed();
    expect((await storage.chats.get('shop', ANA))!.unreadCount).toBe(2);
    ev.emit('messages.update', [
      { key: { remoteJid: ANA, id: 'A', fromMe: false }, update: { status: 4 } },
      { key: { remoteJid: ANA, id: 'B', fromMe: false }, update: { status: 4 } },
    ]);
    await sut.flushed();
    expect((await storage.chats.get('shop', ANA))!.unreadCount).toBe(0);
    expect(published.filter((p) => p.event === 'chat-updated')).toEqual([
      { event: 'chat-updated', data: { chat: ANA, unreadCount: 0 } },
    ]);
  });

  it('stores a history sync: chats with their counts, contacts, and the messages in the message store', async () => {
    const old = text('H1', {}, { messageTimestamp: T - 100 });
    ev.emit('messaging-history.set', {
      chats: [{ id: GROUP, name: 'Team', unreadCount: 4, archived: true }],
      contacts: [{ id: ANA, name: 'Ana Souza' }],
      messages: [old, text('H2', { remoteJid: GROUP, participant: ANA })],
      syncType: 0,
    });
    await sut.flushed();
    expect(saved.map((m) => m.key.id)).toEqual(['H1', 'H2']);
    expect(await storage.chats.get('shop', GROUP)).toMatchObject({
      name: 'Team',
      unreadCount: 4,
      archived: true,
    });
    expect(await storage.chats.get('shop', ANA)).toMatchObject({ unreadCount: 0, lastMessage: { id: 'H1' } });
    expect(await storage.contacts.get('shop', ANA)).toMatchObject({ name: 'Ana Souza', pushName: 'Ana' });
    // history is not news: only the new contact is announced
    expect(published.map((p) => p.event)).toEqual(['contact-updated']);
  });

  it('writes the message upserts that queued up together, never ahead of work queued between them', async () => {
    const applied: number[] = [];
    const apply = storage.chats.apply.bind(storage.chats);
    storage.chats.apply = (instance, patches) => {
      applied.push(patches.length);
      return apply(instance, patches);
    };
    for (const id of ['A', 'B', 'C', 'D'])
      ev.emit('messages.upsert', { messages: [text(id)], type: 'notify' });
    await sut.flushed();
    expect(applied).toEqual([4]);
    expect(await storage.chats.get('shop', ANA)).toMatchObject({ unreadCount: 4, lastMessage: { id: 'D' } });

    applied.length = 0;
    ev.emit('messages.upsert', { messages: [text('E')], type: 'notify' });
    // read on the phone (an absolute count) between two messages: the second one is unread
    ev.emit('chats.update', [{ id: ANA, unreadCount: 0 }]);
    ev.emit('messages.upsert', { messages: [text('F')], type: 'notify' });
    ev.emit('messages.upsert', { messages: [text('G', { fromMe: true })], type: 'append' });
    await sut.flushed();
    expect(applied).toEqual([1, 1, 2]);
    expect(await storage.chats.get('shop', ANA)).toMatchObject({
      unreadCount: 1,
      lastMessage: { id: 'G', fromMe: true },
    });
  });

  it('ignores a replaced socket’s events', async () => {
    const other = new EventEmitter();
    sut.attach(other as unknown as BaileysEventEmitter, () => false);
    other.emit('messages.upsert', { messages: [text('X')], type: 'notify' });
    await sut.flushed();
    expect(await storage.chats.get('shop', ANA)).toBeUndefined();
  });
});
