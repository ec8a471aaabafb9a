import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WASocket } from '@whiskeysockets/baileys';
import { DomainError, ErrorCode } from '@zapgate/contracts';
import { openEmbeddedStorage, type EmbeddedStorage } from '@zapgate/storage';
import { BaileysLabels, freeColor, nextLabelId } from './baileys-labels.js';
import type { ChatFeed } from './chat-sync.js';

const ANA = '5511999990001@s.whatsapp.net';
const BIA = '5511999990002@s.whatsapp.net';

/** A socket that records the app-state changes it is asked to push. */
function fakeSocket(platform: string) {
  const pushed: unknown[][] = [];
  const socket = {
    authState: { creds: { platform } },
    user: { id: '5511999990009:3@s.whatsapp.net' },
    addLabel: async (...args: unknown[]) => void pushed.push(['addLabel', ...args]),
    addChatLabel: async (...args: unknown[]) => void pushed.push(['addChatLabel', ...args]),
    removeChatLabel: async (...args: unknown[]) => void pushed.push(['removeChatLabel', ...args]),
  };
  return { socket: socket as unknown as WASocket, pushed };
}

const code = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    return err instanceof DomainError ? { code: err.code, details: err.details } : err;
  }
  return 'resolved';
};

describe(BaileysLabels.name, () => {
  let dir: string;
  let storage: EmbeddedStorage;
  const feed = { flushed: async () => undefined } as unknown as ChatFeed;
  const make = (platform: string) => {
    const fake = fakeSocket(platform);
    const sut = new BaileysLabels(
      'shop',
      { labels: storage.labels, chats: storage.chats },
      feed,
      () => fake.socket,
    );
    return { sut, pushed: fake.pushed };
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zg-blabels-'));
    storage = await openEmbeddedStorage(dir);
  });
  afterEach(async () => {
    await storage.close();
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('creates a label under the next id with the first free colour, as a label_edit patch', async () => {
    await storage.labels.apply('shop', [
      { id: '1', name: 'New customer', color: 0 },
      { id: '4', name: 'Old', color: 1, deleted: true },
      { id: '2', name: 'Lead', color: 2 },
    ]);
    const { sut, pushed } = make('smba');
    const created = await sut.edit({ name: 'VIP' });
    expect(created).toEqual({ id: '5', name: 'VIP', color: 1, deleted: false, chats: 0 });
    expect(pushed).toEqual([
      ['addLabel', '5511999990009@s.whatsapp.net', { id: '5', name: 'VIP', color: 1 }],
    ]);
    expect(await storage.labels.get('shop', '5')).toMatchObject({ name: 'VIP', color: 1 });
  });

  it('edits and deletes a live label (keeping what is not changed); an unknown or deleted one is label_not_found', async () => {
    await storage.labels.apply('shop', [{ id: '1', name: 'Lead', color: 3, predefinedId: '2' }]);
    const { sut, pushed } = make('smbi');
    expect(await sut.edit({ id: '1', color: 6 })).toMatchObject({
      name: 'Lead',
      color: 6,
      predefinedId: '2',
    });
    expect(await sut.edit({ id: '1', deleted: true })).toMatchObject({ deleted: true });
    expect(pushed.map((p) => p[2])).toEqual([
      { id: '1', name: 'Lead', color: 6, predefinedId: 2 },
      { id: '1', name: 'Lead', color: 6, deleted: true, predefinedId: 2 },
    ]);
    expect(await code(sut.edit({ id: '1', name: 'Again' }))).toMatchObject({ code: ErrorCode.LabelNotFound });
    expect(await code(sut.edit({ id: '77', name: 'x' }))).toMatchObject({ code: ErrorCode.LabelNotFound });
    expect(await code(sut.edit({}))).toMatchObject({ code: ErrorCode.ValidationFailed });
    expect(await sut.list(false)).toEqual([]);
    expect((await sut.list(true)).map((l) => l.id)).toEqual(['1']);
  });

  it('labels and unlabels chats (label_jid patches) and keeps their labels; checks every label first', async () => {
    await storage.labels.apply('shop', [
      { id: '1', name: 'A' },
      { id: '2', name: 'B' },
    ]);
    await storage.chats.apply('shop', [{ id: ANA, labels: ['2'] }]);
    const { sut, pushed } = make('smba');
    expect(
      await sut.labelChats({
        chats: [ANA, BIA],
        changes: [
          { label: '1', action: 'add' },
          { label: '2', action: 'remove' },
        ],
      }),
    ).toEqual({
      chats: [
        { chat: ANA, labels: ['1'] },
        { chat: BIA, labels: ['1'] },
      ],
    });
    expect(pushed).toEqual([
      ['addChatLabel', ANA, '1'],
      ['removeChatLabel', ANA, '2'],
      ['addChatLabel', BIA, '1'],
      ['removeChatLabel', BIA, '2'],
    ]);
    expect((await sut.list(false)).map((l) => [l.id, l.chats])).toEqual([
      ['1', 2],
      ['2', 0],
    ]);
    const before = pushed.length;
    expect(
      await code(
        sut.labelChats({
          chats: [ANA],
          changes: [
            { label: '1', action: 'add' },
            { label: '9', action: 'add' },
          ],
        }),
      ),
    ).toMatchObject({ code: ErrorCode.LabelNotFound });
    expect(pushed).toHaveLength(before);
  });

  it('a personal account (platform android) gets forbidden, reason not_business, and pushes nothing', async () => {
    const { sut, pushed } = make('android');
    for (const call of [
      sut.list(false),
      sut.edit({ name: 'VIP' }),
      sut.labelChats({ chats: [ANA], changes: [] }),
    ])
      expect(await code(call)).toEqual({ code: ErrorCode.Forbidden, details: { reason: 'not_business' } });
    expect(pushed).toEqual([]);
  });

  it('picks ids above every id used and colours not in use', () => {
    expect(nextLabelId([])).toBe('1');
    expect(nextLabelId([{ id: '3' }, { id: '10' }, { id: 'x' }])).toBe('11');
    expect(freeColor([{ color: 0 }, { color: 2 }])).toBe(1);
    expect(freeColor(Array.from({ length: 21 }, (_, i) => ({ color: i % 20 })))).toBe(1);
  });
});
