import { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BaileysEventEmitter } from '@whiskeysockets/baileys';
import { EVENT_SCHEMAS, type EventData, type EventName } from '@zapgate/contracts';
import { openEmbeddedStorage, type EmbeddedStorage } from '@zapgate/storage';
import { Ajv } from 'ajv';
import { pino } from 'pino';
import { ChatFeed } from './chat-sync.js';
import { labelInfo, labelPatchFromBaileys } from './label-sync.js';

const ANA = '5511999990001@s.whatsapp.net';

describe('label mappings', () => {
  it('maps a labels.edit to a store patch (predefined ids as text; no id: nothing)', () => {
    expect(labelPatchFromBaileys({ id: '3', name: 'VIP', color: 4, deleted: false })).toEqual({
      id: '3',
      name: 'VIP',
      color: 4,
      deleted: false,
    });
    expect(
      labelPatchFromBaileys({ id: '1', name: 'New customer', color: 0, deleted: false, predefinedId: '1' }),
    ).toMatchObject({ predefinedId: '1' });
    expect(labelPatchFromBaileys({ id: '3', deleted: true } as never)).toEqual({ id: '3', deleted: true });
    expect(labelPatchFromBaileys({ id: '', name: 'x', color: 0, deleted: false })).toBeUndefined();
  });

  it('renders a stored label as LabelInfo with its chat count', () => {
    expect(
      labelInfo({ instance: 'i', id: '2', name: 'Lead', color: 7, deleted: false, updatedAt: 'x' }, 3),
    ).toEqual({ id: '2', name: 'Lead', color: 7, deleted: false, chats: 3 });
  });
});

describe(`${ChatFeed.name} labels`, () => {
  let dir: string;
  let storage: EmbeddedStorage;
  let ev: EventEmitter;
  let published: { event: EventName; data: unknown }[];
  let sut: ChatFeed;
  const ajv = new Ajv({ strict: true, allErrors: true });
  const valid = ajv.compile(EVENT_SCHEMAS['label-updated']);
  const envelope = (data: unknown) => ({
    id: 'e1',
    instance: 'shop',
    event: 'label-updated',
    at: '2026-11-29T19:00:00.000Z',
    data,
  });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zg-labels-feed-'));
    storage = await openEmbeddedStorage(dir);
    ev = new EventEmitter();
    published = [];
    sut = new ChatFeed({
      instance: 'shop',
      stores: storage,
      publish: async <E extends EventName>(event: E, data: EventData[E]) =>
        void published.push({ event, data }),
      logger: pino({ level: 'silent' }),
      saveMessages: async () => undefined,
      pnOf: async () => undefined,
    });
    sut.attach(ev as unknown as BaileysEventEmitter, () => true);
  });
  afterEach(async () => {
    await storage.close();
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('stores label edits and chat associations and publishes label-updated (schema-valid)', async () => {
    ev.emit('labels.edit', { id: '5', name: 'VIP', color: 4, deleted: false });
    ev.emit('labels.association', {
      type: 'add',
      association: { type: 'label_jid', chatId: ANA, labelId: '5' },
    });
    ev.emit('labels.edit', { id: '5', name: 'VIP', color: 4, deleted: true });
    await sut.flushed();

    expect(await storage.labels.get('shop', '5')).toMatchObject({ name: 'VIP', color: 4, deleted: true });
    expect((await storage.chats.get('shop', ANA))?.labels).toEqual(['5']);
    const changes = published.filter((p) => p.event === 'label-updated').map((p) => p.data);
    expect(changes).toEqual([
      {
        action: 'edited',
        labelId: '5',
        label: { id: '5', name: 'VIP', color: 4, deleted: false, chats: 0 },
      },
      {
        action: 'added',
        labelId: '5',
        label: { id: '5', name: 'VIP', color: 4, deleted: false, chats: 1 },
        chat: ANA,
        chatLabels: ['5'],
      },
      {
        action: 'edited',
        labelId: '5',
        label: { id: '5', name: 'VIP', color: 4, deleted: true, chats: 1 },
      },
    ]);
    for (const data of changes) expect(valid(envelope(data))).toBe(true);
    // the chat itself is announced too
    expect(published).toContainEqual({ event: 'chat-updated', data: { chat: ANA, labels: ['5'] } });
  });

  it('an association to a label not synced yet carries no label; removing takes it off the chat', async () => {
    ev.emit('labels.association', {
      type: 'add',
      association: { type: 'label_jid', chatId: ANA, labelId: '9' },
    });
    ev.emit('labels.association', {
      type: 'remove',
      association: { type: 'label_jid', chatId: ANA, labelId: '9' },
    });
    // message labels are not chat labels
    ev.emit('labels.association', {
      type: 'add',
      association: { type: 'label_message', chatId: ANA, messageId: 'M1', labelId: '9' },
    });
    await sut.flushed();
    expect(published.filter((p) => p.event === 'label-updated').map((p) => p.data)).toEqual([
      { action: 'added', labelId: '9', chat: ANA, chatLabels: ['9'] },
      { action: 'removed', labelId: '9', chat: ANA, chatLabels: [] },
    ]);
    expect((await storage.chats.get('shop', ANA))?.labels).toEqual([]);
  });
});
