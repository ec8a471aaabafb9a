import { randomUUID } from 'node:crypto';
import type { BlocklistRepository, ChatRepository, ContactRepository } from './chats.ports.js';

/** The chat, contact and blocklist repositories of one store, and how to reopen it (a restart). */
export interface ChatStoreUnderTest {
  chats: ChatRepository;
  contacts: ContactRepository;
  blocklist: BlocklistRepository;
  reopen(): Promise<{ chats: ChatRepository; contacts: ContactRepository; blocklist: BlocklistRepository }>;
  close(): Promise<void>;
}

const T0 = Date.UTC(2026, 0, 1);
const A = '5511999990001@s.whatsapp.net';
const B = '5511999990002@s.whatsapp.net';
const C = '5511999990003@s.whatsapp.net';
const G = '120363000000000001@g.us';

const key = () => `i${randomUUID().slice(0, 8)}`;

function suite(name: string, open: () => Promise<ChatStoreUnderTest>): () => ChatStoreUnderTest {
  let s: ChatStoreUnderTest;
  beforeEach(async () => {
    s = await open();
  });
  afterEach(() => s.close());
  void name;
  return () => s;
}

/** One behaviour, two adapters: the embedded SQLite file must act as MongoDB does. */
export function describeChatStoreContract(name: string, open: () => Promise<ChatStoreUnderTest>): void {
  describe(`chat store contract: ${name}`, () => {
    const store = suite(name, open);

    it('creates a chat on its first patch and merges later ones; null clears, absent keeps', async () => {
      const { chats } = store();
      const instance = key();
      expect(await chats.get(instance, A)).toBeUndefined();
      await chats.apply(instance, [{ id: A, name: 'Ana', unreadDelta: 1 }]);
      expect(await chats.get(instance, A)).toEqual({
        instance,
        id: A,
        name: 'Ana',
        unreadCount: 1,
        archived: false,
        labels: [],
        updatedAt: expect.any(String),
      });
      await chats.apply(instance, [
        { id: A, archived: true, pinnedAt: T0, mutedUntil: -1, labels: ['1', '2', '1'] },
        { id: A, unreadDelta: 2 },
      ]);
      expect(await chats.get(instance, A)).toMatchObject({
        name: 'Ana',
        archived: true,
        pinnedAt: T0,
        mutedUntil: -1,
        labels: ['1', '2'],
        unreadCount: 3,
      });
      await chats.apply(instance, [{ id: A, name: null, pinnedAt: null, mutedUntil: null, unreadCount: 0 }]);
      const cleared = (await chats.get(instance, A))!;
      expect(cleared).not.toHaveProperty('name');
      expect(cleared).not.toHaveProperty('pinnedAt');
      expect(cleared).not.toHaveProperty('mutedUntil');
      expect(cleared.unreadCount).toBe(0);
      // never below zero
      await chats.apply(instance, [{ id: A, unreadDelta: -5 }]);
      expect((await chats.get(instance, A))!.unreadCount).toBe(0);
    });

    it('applies a batch of patches to several chats in order, each on what the one before left', async () => {
      const { chats } = store();
      const instance = key();
      await chats.apply(instance, [{ id: A, unreadDelta: 1 }]);
      await chats.apply(instance, [
        { id: A, unreadDelta: 1, lastMessage: { id: 'M1', timestamp: T0 + 1_000, fromMe: false } },
        { id: B, name: 'Bia', unreadDelta: 3 },
        { id: A, unreadCount: 0 },
        { id: B, unreadDelta: -1, name: null },
        { id: A, unreadDelta: 1, lastMessage: { id: 'M2', timestamp: T0 + 2_000, fromMe: false } },
        { id: A, lastMessage: { id: 'M0', timestamp: T0, fromMe: true } },
      ]);
      expect(await chats.get(instance, A)).toMatchObject({
        unreadCount: 1,
        lastMessage: { id: 'M2', timestamp: T0 + 2_000, fromMe: false },
      });
      const b = (await chats.get(instance, B))!;
      expect(b.unreadCount).toBe(2);
      expect(b).not.toHaveProperty('name');
      expect((await chats.list(instance, { limit: 10 })).map((c) => c.id)).toEqual([A, B]);
    });

    it('keeps the newest last message: an older one (a late history message) does not replace it', async () => {
      const { chats } = store();
      const instance = key();
      await chats.apply(instance, [
        { id: A, lastMessage: { id: 'M2', timestamp: T0 + 2_000, fromMe: false } },
      ]);
      await chats.apply(instance, [
        { id: A, lastMessage: { id: 'M1', timestamp: T0 + 1_000, fromMe: true } },
      ]);
      expect((await chats.get(instance, A))!.lastMessage).toEqual({
        id: 'M2',
        timestamp: T0 + 2_000,
        fromMe: false,
      });
      await chats.apply(instance, [
        { id: A, lastMessage: { id: 'M3', timestamp: T0 + 3_000, fromMe: true } },
      ]);
      expect((await chats.get(instance, A))!.lastMessage).toEqual({
        id: 'M3',
        timestamp: T0 + 3_000,
        fromMe: true,
      });
    });

    it('takes the patches of messages to a chat it has (the path every send takes) as the merge does', async () => {
      const { chats } = store();
      const instance = key();
      const msg = (id: string, at: number, fromMe = false) => ({ id, timestamp: T0 + at, fromMe });
      await chats.apply(instance, [{ id: A, name: 'Ana', archived: true, labels: ['1'] }]);
      // a chat with no last message yet, then sends and receipts in batches
      await chats.apply(instance, [{ id: A, lastMessage: msg('M1', 1_000, true) }]);
      await chats.apply(instance, [
        { id: A, lastMessage: msg('M2', 2_000), unreadDelta: 1 },
        { id: A, lastMessage: msg('M3', 3_000), unreadDelta: 1 },
        // the same second: the later one in the batch is the last message
        { id: A, lastMessage: msg('M4', 3_000, true) },
        // older, arriving late in the same batch: counted, not the last message
        { id: A, lastMessage: msg('M0', 500), unreadDelta: 1 },
      ]);
      expect(await chats.get(instance, A)).toEqual({
        instance,
        id: A,
        name: 'Ana',
        archived: true,
        labels: ['1'],
        unreadCount: 3,
        lastMessage: msg('M4', 3_000, true),
        updatedAt: expect.any(String),
      });
      // a batch entirely older than what is stored: unread still counts
      await chats.apply(instance, [{ id: A, lastMessage: msg('M-1', 100), unreadDelta: 2 }]);
      expect(await chats.get(instance, A)).toMatchObject({
        unreadCount: 5,
        lastMessage: msg('M4', 3_000, true),
      });
      // the same time as the stored one replaces it, as the merge does
      await chats.apply(instance, [{ id: A, lastMessage: msg('M5', 3_000) }]);
      expect((await chats.get(instance, A))!.lastMessage).toEqual(msg('M5', 3_000));
      // and the chat moves in the list with its last message
      await chats.apply(instance, [{ id: B, lastMessage: msg('B1', 4_000) }]);
      expect((await chats.list(instance, { limit: 10 })).map((c) => c.id)).toEqual([B, A]);
      await chats.apply(instance, [{ id: A, lastMessage: msg('M6', 5_000, true) }]);
      expect((await chats.list(instance, { limit: 10 })).map((c) => c.id)).toEqual([A, B]);
      expect(
        (await chats.list(instance, { limit: 10, after: { activity: T0 + 5_000, id: A } })).map((c) => c.id),
      ).toEqual([B]);
    });

    it('lists newest activity first, filters, and pages both ways without losing a chat', async () => {
      const { chats } = store();
      const instance = key();
      const other = key();
      await chats.apply(instance, [
        { id: A, lastMessage: { id: 'a', timestamp: T0 + 3_000, fromMe: false }, unreadDelta: 2 },
        { id: B, lastMessage: { id: 'b', timestamp: T0 + 1_000, fromMe: true }, archived: true },
        { id: G, lastMessage: { id: 'g', timestamp: T0 + 2_000, fromMe: false }, labels: ['7'] },
        { id: C, name: 'no messages yet' },
      ]);
      await chats.apply(other, [{ id: A, lastMessage: { id: 'x', timestamp: T0 + 9_000, fromMe: false } }]);
      const ids = async (q: Parameters<ChatRepository['list']>[1]) =>
        (await chats.list(instance, q)).map((c) => c.id);
      expect(await ids({ limit: 10 })).toEqual([A, G, B, C]);
      expect(await ids({ limit: 10, archived: true })).toEqual([B]);
      expect(await ids({ limit: 10, archived: false })).toEqual([A, G, C]);
      expect(await ids({ limit: 10, kind: 'group' })).toEqual([G]);
      expect(await ids({ limit: 10, kind: 'user' })).toEqual([A, B, C]);
      expect(await ids({ limit: 10, unreadOnly: true })).toEqual([A]);
      expect(await ids({ limit: 10, withMessages: true })).toEqual([A, G, B]);
      expect(await ids({ limit: 10, labels: ['7', '8'] })).toEqual([G]);
      expect(await ids({ limit: 10, labels: ['8'] })).toEqual([]);
      // pages: two after A, then the one before B
      expect(await ids({ limit: 2, after: { activity: T0 + 3_000, id: A } })).toEqual([G, B]);
      expect(await ids({ limit: 1, before: { activity: T0 + 1_000, id: B } })).toEqual([G]);
      expect(await ids({ limit: 5, before: { activity: T0 + 1_000, id: B } })).toEqual([A, G]);
      // the same activity: the id orders them, and a cursor inside it loses nothing
      const tie = key();
      await chats.apply(tie, [
        { id: A, lastMessage: { id: '1', timestamp: T0, fromMe: false } },
        { id: B, lastMessage: { id: '2', timestamp: T0, fromMe: false } },
        { id: C, lastMessage: { id: '3', timestamp: T0, fromMe: false } },
      ]);
      const page = (await chats.list(tie, { limit: 1, after: { activity: T0, id: C } })).map((c) => c.id);
      expect(page).toEqual([B]);
      // every query is scoped to the instance
      expect((await chats.list(other, { limit: 10 })).map((c) => c.lastMessage?.id)).toEqual(['x']);
    });

    it('deletes one chat, clears an instance and keeps the rest across a restart', async () => {
      const { chats } = store();
      const instance = key();
      const other = key();
      await chats.apply(instance, [{ id: A }, { id: B }, { id: G }]);
      await chats.apply(other, [{ id: A, archived: true }]);
      expect(await chats.delete(instance, A)).toBe(true);
      expect(await chats.delete(instance, A)).toBe(false);
      expect(await chats.clear(instance)).toBe(2);
      expect(await chats.list(instance, { limit: 10 })).toEqual([]);
      const again = await store().reopen();
      expect(await again.chats.get(other, A)).toMatchObject({ id: A, archived: true });
    });
  });
}

export function describeContactStoreContract(name: string, open: () => Promise<ChatStoreUnderTest>): void {
  describe(`contact store contract: ${name}`, () => {
    const store = suite(name, open);
    const LID = '123456789012345@lid';

    it('creates, merges and finds a contact by id, phone number or LID', async () => {
      const { contacts } = store();
      const instance = key();
      await contacts.apply(instance, [{ id: A, pushName: 'Ana' }]);
      expect(await contacts.get(instance, A)).toEqual({
        instance,
        id: A,
        pn: A,
        pushName: 'Ana',
        updatedAt: expect.any(String),
      });
      // the LID learnt later joins the same contact (found by its phone number)
      await contacts.apply(instance, [{ id: LID, pn: A, lid: LID, name: 'Ana Souza', business: true }]);
      const merged = (await contacts.get(instance, LID))!;
      expect(merged).toMatchObject({
        id: A,
        pn: A,
        lid: LID,
        name: 'Ana Souza',
        pushName: 'Ana',
        business: true,
      });
      expect(await contacts.get(instance, A)).toEqual(merged);
      await contacts.apply(instance, [{ id: LID, pushName: 'Aninha', name: null }]);
      const renamed = (await contacts.get(instance, A))!;
      expect(renamed.pushName).toBe('Aninha');
      expect(renamed).not.toHaveProperty('name');
      expect(await contacts.list(instance, { limit: 10 })).toHaveLength(1);
      expect(await contacts.get(key(), A)).toBeUndefined();
    });

    it('lists by id in pages, scoped to the instance, and clears', async () => {
      const { contacts } = store();
      const instance = key();
      await contacts.apply(instance, [{ id: C }, { id: A }, { id: B, verifiedName: 'Shop' }]);
      await contacts.apply(key(), [{ id: A }]);
      expect((await contacts.list(instance, { limit: 10 })).map((c) => c.id)).toEqual([A, B, C]);
      expect((await contacts.list(instance, { limit: 1, after: A })).map((c) => c.id)).toEqual([B]);
      const again = await store().reopen();
      expect((await again.contacts.get(instance, B))?.verifiedName).toBe('Shop');
      expect(await again.contacts.clear(instance)).toBe(3);
      expect(await again.contacts.list(instance, { limit: 10 })).toEqual([]);
    });
  });
}

export function describeBlocklistContract(name: string, open: () => Promise<ChatStoreUnderTest>): void {
  describe(`blocklist contract: ${name}`, () => {
    const store = suite(name, open);

    it('replaces, adds, removes and clears, sorted and scoped to the instance', async () => {
      const { blocklist } = store();
      const instance = key();
      const other = key();
      await blocklist.replace(instance, [C, A]);
      await blocklist.add(other, [B]);
      expect(await blocklist.list(instance)).toEqual([A, C]);
      await blocklist.add(instance, [B, A]);
      expect(await blocklist.list(instance)).toEqual([A, B, C]);
      await blocklist.remove(instance, [A, G]);
      expect(await blocklist.list(instance)).toEqual([B, C]);
      await blocklist.replace(instance, [G]);
      expect(await blocklist.list(instance)).toEqual([G]);
      const again = await store().reopen();
      expect(await again.blocklist.list(other)).toEqual([B]);
      expect(await again.blocklist.clear(instance)).toBe(1);
      expect(await again.blocklist.list(instance)).toEqual([]);
      expect(await again.blocklist.list(other)).toEqual([B]);
    });
  });
}
