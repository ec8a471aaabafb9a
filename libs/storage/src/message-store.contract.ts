import { randomBytes, randomUUID } from 'node:crypto';
import { BufferJSON } from '@whiskeysockets/baileys';
import {
  MAX_MESSAGE_LIST_LIMIT,
  type MessageRepository,
  type MessageStatus,
  type NewStoredMessage,
  type StoredMessage,
} from './messages.ports.js';

export interface MessageStoreUnderTest {
  messages: MessageRepository;
  /** Closes and opens the same store again (a process restart). */
  reopen(): Promise<{ messages: MessageRepository }>;
  close(): Promise<void>;
}

const T0 = Date.UTC(2026, 0, 1);
const CHAT = '5511999990001@s.whatsapp.net';
const GROUP = '120363000000000001@g.us';

const message = (instance: string, id: string, over: Partial<NewStoredMessage> = {}): NewStoredMessage => ({
  instance,
  id,
  chat: CHAT,
  fromMe: false,
  timestamp: T0,
  kind: 'text',
  text: `text of ${id}`,
  raw: JSON.stringify({ key: { id, remoteJid: over.chat ?? CHAT }, message: { conversation: id } }),
  ...over,
});

/** What `get`/`list` give back for a saved message. */
const stored = (m: NewStoredMessage): StoredMessage => ({ ...m, createdAt: expect.any(String) });

/** One behaviour, two adapters: the embedded SQLite file must act as MongoDB does. */
export function describeMessageStoreContract(name: string, open: () => Promise<MessageStoreUnderTest>): void {
  describe(`message store contract: ${name}`, () => {
    let s: MessageStoreUnderTest;
    const key = () => `i${randomUUID().slice(0, 8)}`;
    beforeEach(async () => {
      s = await open();
    });
    afterEach(() => s.close());

    it('saves idempotently; a later save replaces the fields but keeps the first createdAt', async () => {
      const instance = key();
      const first = message(instance, 'M1', { sender: '5511000000001@s.whatsapp.net', status: 'pending' });
      await s.messages.save([first]);
      await s.messages.save([first]);
      const saved = (await s.messages.get(instance, 'M1', CHAT))!;
      expect(saved).toEqual(stored(first));
      expect(Number.isNaN(Date.parse(saved.createdAt))).toBe(false);
      expect(await s.messages.list(instance, { limit: 10 })).toHaveLength(1);

      // a bounded wait for the clock to move, so a replaced createdAt would show
      while (new Date().toISOString() === saved.createdAt) await new Promise((r) => setImmediate(r));
      const edited = message(instance, 'M1', {
        text: 'edited',
        kind: 'image',
        raw: '{"edited":true}',
        status: 'sent',
        timestamp: T0 + 5,
      });
      await s.messages.save([edited]);
      const again = (await s.messages.get(instance, 'M1', CHAT))!;
      // every field replaced (sender absent now), createdAt the first one
      expect(again).toEqual({ ...edited, createdAt: saved.createdAt });
      expect(again).not.toHaveProperty('sender');

      // the same key twice in one batch: the later one wins
      await s.messages.save([
        message(instance, 'M2', { text: 'one' }),
        message(instance, 'M2', { text: 'two', status: 'sent' }),
      ]);
      expect(await s.messages.get(instance, 'M2', CHAT)).toMatchObject({ text: 'two', status: 'sent' });
      await s.messages.save([]);
      expect(await s.messages.list(instance, { limit: 10 })).toHaveLength(2);
    });

    it('applies the writes of an instance in call order, even when not awaited one by one', async () => {
      const instance = key();
      const many = Array.from({ length: 600 }, (_, n) =>
        message(instance, `M${n}`, { fromMe: true, timestamp: T0 + n, raw: '{}' }),
      );
      const saving = s.messages.save(many);
      // the last message is written last: a status sent now must wait for it
      const moved = s.messages.updateStatus(instance, CHAT, 'M599', 'delivered');
      const resaved = s.messages.save([
        message(instance, 'M599', { fromMe: true, text: 'after', raw: '{}' }),
      ]);
      const cleared = s.messages.clear(instance);
      await saving;
      expect([await moved, await cleared]).toEqual([true, 600]);
      await resaved;
      expect(await s.messages.list(instance, { limit: 10 })).toEqual([]);
    });

    it('gets a message by id with or without its chat, the newest when the id repeats in chats', async () => {
      const instance = key();
      const inChat = message(instance, 'SAME', { timestamp: T0 });
      const inGroup = message(instance, 'SAME', {
        chat: GROUP,
        sender: '5511000000002@s.whatsapp.net',
        timestamp: T0 + 1000,
      });
      await s.messages.save([inChat, inGroup, message(instance, 'OTHER')]);
      expect(await s.messages.get(instance, 'SAME', CHAT)).toEqual(stored(inChat));
      expect(await s.messages.get(instance, 'SAME', GROUP)).toEqual(stored(inGroup));
      expect(await s.messages.get(instance, 'SAME')).toEqual(stored(inGroup));
      expect(await s.messages.get(instance, 'OTHER')).toEqual(stored(message(instance, 'OTHER')));
      expect(await s.messages.get(instance, 'SAME', '5511999990009@s.whatsapp.net')).toBeUndefined();
      expect(await s.messages.get(instance, 'MISSING')).toBeUndefined();
    });

    it('keeps instances apart in every call', async () => {
      const [a, b] = [key(), key()];
      await s.messages.save([message(a, 'M', { text: 'of a' }), message(b, 'M', { text: 'of b' })]);
      expect((await s.messages.get(a, 'M'))?.text).toBe('of a');
      expect((await s.messages.get(b, 'M', CHAT))?.text).toBe('of b');
      expect(await s.messages.get(key(), 'M')).toBeUndefined();

      expect(await s.messages.updateStatus(a, CHAT, 'M', 'read')).toBe(true);
      expect((await s.messages.get(b, 'M'))?.status).toBeUndefined();
      expect((await s.messages.list(b, { limit: 10 })).map((m) => m.text)).toEqual(['of b']);

      expect(await s.messages.clear(a)).toBe(1);
      expect(await s.messages.get(a, 'M')).toBeUndefined();
      expect(await s.messages.get(b, 'M')).toEqual(stored(message(b, 'M', { text: 'of b' })));
    });

    it('lists newest first and pages by timestamp or by message without losing a tie', async () => {
      const instance = key();
      const at = (id: string, ms: number, over: Partial<NewStoredMessage> = {}) =>
        message(instance, id, { timestamp: T0 + ms, ...over });
      // three messages in one second (WhatsApp's timestamps are seconds), and another chat between
      const all = [
        at('A1', 0),
        at('A2', 1000, { fromMe: true }),
        at('A3', 2000),
        at('A4', 2000, { fromMe: true }),
        at('A5', 2000),
        at('A6', 3000),
        at('G1', 2500, { chat: GROUP }),
      ];
      await s.messages.save(all);
      const ids = (list: StoredMessage[]) => list.map((m) => m.id);

      expect(ids(await s.messages.list(instance, { chat: CHAT, limit: 100 }))).toEqual([
        'A6',
        'A5',
        'A4',
        'A3',
        'A2',
        'A1',
      ]);
      expect(await s.messages.list(instance, { chat: CHAT, limit: 1 })).toEqual([stored(all[5]!)]);
      expect(ids(await s.messages.list(instance, { limit: 3 }))).toEqual(['A6', 'G1', 'A5']);

      // pages of two, each after the last message of the one before: the tie at 2000 spans pages
      const pages: string[][] = [];
      let before: { timestamp: number; id: string } | undefined;
      for (;;) {
        const page = await s.messages.list(instance, { chat: CHAT, limit: 2, ...(before ? { before } : {}) });
        if (!page.length) break;
        pages.push(ids(page));
        before = { timestamp: page.at(-1)!.timestamp, id: page.at(-1)!.id };
      }
      expect(pages).toEqual([
        ['A6', 'A5'],
        ['A4', 'A3'],
        ['A2', 'A1'],
      ]);

      // a bare timestamp is exclusive: nothing of that ms
      expect(ids(await s.messages.list(instance, { chat: CHAT, before: T0 + 2000, limit: 10 }))).toEqual([
        'A2',
        'A1',
      ]);
      // after a point: the nearest ones, still newest first
      expect(ids(await s.messages.list(instance, { chat: CHAT, after: T0 + 1000, limit: 2 }))).toEqual([
        'A4',
        'A3',
      ]);
      expect(
        ids(
          await s.messages.list(instance, {
            chat: CHAT,
            after: { timestamp: T0 + 2000, id: 'A3' },
            limit: 10,
          }),
        ),
      ).toEqual(['A6', 'A5', 'A4']);
      expect(
        ids(
          await s.messages.list(instance, {
            after: { timestamp: T0 + 1000, id: 'A2' },
            before: { timestamp: T0 + 2000, id: 'A5' },
            limit: 10,
          }),
        ),
      ).toEqual(['A4', 'A3']);
      expect(ids(await s.messages.list(instance, { chat: CHAT, fromMe: true, limit: 10 }))).toEqual([
        'A4',
        'A2',
      ]);
      expect(ids(await s.messages.list(instance, { fromMe: false, limit: 10 }))).toEqual([
        'A6',
        'G1',
        'A5',
        'A3',
        'A1',
      ]);
      expect(await s.messages.list(instance, { chat: '5511999990009@s.whatsapp.net', limit: 10 })).toEqual(
        [],
      );
    });

    it(`caps a listing at ${MAX_MESSAGE_LIST_LIMIT} messages whatever the limit asked`, async () => {
      const instance = key();
      await s.messages.save(
        Array.from({ length: MAX_MESSAGE_LIST_LIMIT + 20 }, (_, n) =>
          message(instance, `M${String(n).padStart(4, '0')}`, { timestamp: T0 + n, raw: '{}' }),
        ),
      );
      const page = await s.messages.list(instance, { chat: CHAT, limit: 100_000 });
      expect(page).toHaveLength(MAX_MESSAGE_LIST_LIMIT);
      // the newest ones
      expect([page[0]!.timestamp, page.at(-1)!.timestamp]).toEqual([
        T0 + MAX_MESSAGE_LIST_LIMIT + 19,
        T0 + 20,
      ]);
      expect(await s.messages.list(instance, { limit: 0 })).toHaveLength(1);
    });

    it('moves a status forward only: sent < delivered < read < played, failed only from pending', async () => {
      const instance = key();
      await s.messages.save([
        message(instance, 'OUT', { fromMe: true }),
        message(instance, 'BAD', { fromMe: true, status: 'pending' }),
        message(instance, 'ACKED', { fromMe: true, status: 'sent' }),
      ]);
      const status = async (id: string) => (await s.messages.get(instance, id, CHAT))?.status;
      const steps: [MessageStatus, boolean][] = [
        ['sent', true],
        ['delivered', true],
        ['sent', false],
        ['delivered', false],
        ['read', true],
        ['pending', false],
        ['played', true],
        ['read', false],
        ['failed', false],
      ];
      for (const [next, moved] of steps)
        expect([next, await s.messages.updateStatus(instance, CHAT, 'OUT', next)]).toEqual([next, moved]);
      expect(await status('OUT')).toBe('played');

      expect(await s.messages.updateStatus(instance, CHAT, 'BAD', 'failed')).toBe(true);
      for (const next of ['sent', 'delivered', 'read', 'played', 'pending', 'failed'] as const)
        expect([next, await s.messages.updateStatus(instance, CHAT, 'BAD', next)]).toEqual([next, false]);
      expect(await status('BAD')).toBe('failed');

      // the server acknowledged it: it did not fail
      expect(await s.messages.updateStatus(instance, CHAT, 'ACKED', 'failed')).toBe(false);
      expect(await s.messages.updateStatus(instance, CHAT, 'ACKED', 'read')).toBe(true);
      expect(await status('ACKED')).toBe('read');

      expect(await s.messages.updateStatus(instance, CHAT, 'MISSING', 'sent')).toBe(false);
      expect(await s.messages.updateStatus(instance, GROUP, 'OUT', 'sent')).toBe(false);
    });

    it('moves statuses queued together (moveStatus) forward only, in call order with the other writes', async () => {
      const instance = key();
      const saving = s.messages.save([
        message(instance, 'A', { fromMe: true, status: 'pending' }),
        message(instance, 'B', { fromMe: true, status: 'pending' }),
        message(instance, 'C', { fromMe: true, status: 'sent' }),
      ]);
      // none awaited before the next: they queue behind the save and go together
      const moves = [
        s.messages.moveStatus(instance, CHAT, 'A', 'delivered'),
        s.messages.moveStatus(instance, CHAT, 'A', 'read'),
        s.messages.moveStatus(instance, CHAT, 'A', 'delivered'),
        s.messages.moveStatus(instance, CHAT, 'B', 'failed'),
        s.messages.moveStatus(instance, CHAT, 'B', 'read'),
        s.messages.moveStatus(instance, CHAT, 'C', 'failed'),
        s.messages.moveStatus(instance, CHAT, 'MISSING', 'read'),
        s.messages.moveStatus(instance, GROUP, 'A', 'played'),
      ];
      // a save queued after the moves does not undo them
      const resaved = s.messages.save([
        message(instance, 'A', { fromMe: true, status: 'sent', text: 'again' }),
      ]);
      await saving;
      await Promise.all(moves);
      await resaved;
      expect(await s.messages.get(instance, 'A', CHAT)).toMatchObject({ status: 'read', text: 'again' });
      expect((await s.messages.get(instance, 'B', CHAT))?.status).toBe('failed');
      expect((await s.messages.get(instance, 'C', CHAT))?.status).toBe('sent');
      expect(await s.messages.get(instance, 'MISSING')).toBeUndefined();
      expect(await s.messages.get(instance, 'A', GROUP)).toBeUndefined();
      // after a clear queued behind them, nothing is left
      const late = s.messages.moveStatus(instance, CHAT, 'C', 'read');
      const cleared = s.messages.clear(instance);
      await late;
      expect(await cleared).toBe(3);
    });

    it('never lets a later save undo a receipt', async () => {
      const instance = key();
      await s.messages.save([message(instance, 'M', { fromMe: true, status: 'pending' })]);
      expect(await s.messages.updateStatus(instance, CHAT, 'M', 'read')).toBe(true);
      await s.messages.save([message(instance, 'M', { fromMe: true, status: 'sent', text: 'again' })]);
      expect(await s.messages.get(instance, 'M')).toMatchObject({ status: 'read', text: 'again' });
      await s.messages.save([message(instance, 'M', { fromMe: true })]);
      expect((await s.messages.get(instance, 'M'))?.status).toBe('read');
      await s.messages.save([message(instance, 'M', { fromMe: true, status: 'played' })]);
      expect((await s.messages.get(instance, 'M'))?.status).toBe('played');
    });

    it('deletes only messages older than the cutoff, in bounded batches, and counts them', async () => {
      const [a, b] = [key(), key()];
      const day = 86_400_000;
      const batch = (instance: string) =>
        Array.from({ length: 6 }, (_, n) => message(instance, `M${n}`, { timestamp: T0 + n * day }));
      await s.messages.save([...batch(a), ...batch(b)]);
      const cutoff = T0 + 3 * day; // M0, M1, M2 of each instance are older

      const counts: number[] = [];
      for (let n = -1; n !== 0;) counts.push((n = await s.messages.deleteOlderThan(cutoff, 4)));
      expect(counts).toEqual([4, 2, 0]);
      for (const instance of [a, b])
        expect((await s.messages.list(instance, { limit: 10 })).map((m) => m.id)).toEqual(['M5', 'M4', 'M3']);

      expect(await s.messages.deleteOlderThan(T0 + 5 * day)).toBe(4);
      expect(await s.messages.deleteOlderThan(T0 + 5 * day)).toBe(0);
      expect((await s.messages.list(a, { limit: 10 })).map((m) => m.id)).toEqual(['M5']);
    });

    it('clears one instance and counts what it removed', async () => {
      const [a, b] = [key(), key()];
      await s.messages.save([message(a, '1'), message(a, '2', { chat: GROUP }), message(b, '1')]);
      expect(await s.messages.clear(a)).toBe(2);
      expect(await s.messages.list(a, { limit: 10 })).toEqual([]);
      expect(await s.messages.clear(a)).toBe(0);
      expect(await s.messages.list(b, { limit: 10 })).toHaveLength(1);
      await s.messages.save([message(a, '1', { text: 'back' })]);
      expect((await s.messages.get(a, '1'))?.text).toBe('back');
    });

    it('keeps messages, statuses and createdAt across a restart', async () => {
      const instance = key();
      await s.messages.save([message(instance, 'M1'), message(instance, 'M2', { timestamp: T0 + 1000 })]);
      expect(await s.messages.updateStatus(instance, CHAT, 'M2', 'delivered')).toBe(true);
      const before = await s.messages.list(instance, { limit: 10 });
      const reopened = await s.reopen();
      expect(await reopened.messages.list(instance, { limit: 10 })).toEqual(before);
      expect((await reopened.messages.get(instance, 'M2'))?.status).toBe('delivered');
      expect(await reopened.messages.updateStatus(instance, CHAT, 'M2', 'sent')).toBe(false);
    });

    it('keeps raw byte for byte: the Buffers of a Baileys message survive BufferJSON', async () => {
      const instance = key();
      const media = {
        mediaKey: randomBytes(32),
        fileSha256: randomBytes(32),
        jpegThumbnail: randomBytes(48 * 1024), // thumbnails make raw tens of KB
      };
      const waMessage = {
        key: { remoteJid: CHAT, fromMe: true, id: 'IMG' },
        message: {
          imageMessage: { ...media, caption: 'ação 😀 "quoted" \\ back\nline', mimetype: 'image/jpeg' },
        },
        messageTimestamp: T0 / 1000,
      };
      const raw = JSON.stringify(waMessage, BufferJSON.replacer);
      await s.messages.save([
        message(instance, 'IMG', { kind: 'image', fromMe: true, text: 'ação 😀', raw }),
      ]);

      const back = (await (await s.reopen()).messages.get(instance, 'IMG'))!;
      expect(back.raw).toBe(raw);
      const parsed = JSON.parse(back.raw, BufferJSON.reviver) as typeof waMessage;
      for (const [field, bytes] of Object.entries(media)) {
        const value = parsed.message.imageMessage[field as keyof typeof media];
        expect([field, Buffer.isBuffer(value) && value.equals(bytes)]).toEqual([field, true]);
      }
      expect(parsed.message.imageMessage.caption).toBe(waMessage.message.imageMessage.caption);
    });
  });
}
