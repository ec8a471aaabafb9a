import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DomainError, ErrorCode, type SentMessage } from '@zapgate/contracts';
import { TempFileMediaStore } from '@zapgate/media';
import {
  openEmbeddedStorage,
  type EmbeddedStorage,
  type NewStoredMessage,
  MemoryInstanceRepository,
} from '@zapgate/storage';
import { FakeShard } from './fake-shard.fixture.js';
import { InstanceClient } from './instance-client.js';
import { InstanceRegistry } from './instance-registry.js';
import { StatusActionService } from './status-action.service.js';

const ANA = '5511999990002@s.whatsapp.net';
const BIA = '5511999990003@s.whatsapp.net';
const GROUP = '120363040000000001@g.us';
const ME = '5511999990001@s.whatsapp.net';

const text = (id: string, chat: string, seconds: number, fromMe = false): NewStoredMessage => ({
  instance: 'shop',
  id,
  chat,
  fromMe,
  timestamp: seconds * 1000,
  kind: 'text',
  text: id,
  raw: JSON.stringify({ key: { id, remoteJid: chat, fromMe }, message: { conversation: id } }),
});

const reaction = (
  id: string,
  chat: string,
  seconds: number,
  target: string,
  emoji: string,
  from: { fromMe?: boolean; participant?: string } = {},
): NewStoredMessage => ({
  instance: 'shop',
  id,
  chat,
  fromMe: !!from.fromMe,
  ...(from.participant ? { sender: from.participant } : {}),
  timestamp: seconds * 1000,
  kind: 'reaction',
  raw: JSON.stringify({
    key: { id, remoteJid: chat, fromMe: !!from.fromMe, participant: from.participant },
    messageTimestamp: seconds,
    message: { reactionMessage: { key: { id: target }, text: emoji, senderTimestampMs: seconds * 1000 + 5 } },
  }),
});

const sent = (id: string): SentMessage => ({
  id,
  remoteJid: 'status@broadcast',
  fromMe: true,
  timestamp: 1,
  raw: {},
});

describe(StatusActionService.name, () => {
  let dir: string;
  let shard: FakeShard;
  let storage: EmbeddedStorage;
  let media: TempFileMediaStore;
  let sut: StatusActionService;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zg-status-action-'));
    shard = await FakeShard.start();
    storage = await openEmbeddedStorage(join(dir, 'store'));
    media = await TempFileMediaStore.open({ dir: join(dir, 'media'), maxAgeMs: 60_000 });
    const registry = new InstanceRegistry(new MemoryInstanceRepository());
    sut = new StatusActionService(
      registry,
      new InstanceClient(shard.bus, shard.settings),
      storage.messages,
      media,
    );
    await registry.create('shop', 'wppconnect');
  });
  afterEach(async () => {
    await media.close();
    await storage.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("posts a status to the contacts of the message store's 1:1 chats, newest first, once each", async () => {
    await storage.messages.save([
      text('A1', ANA, 10),
      text('B1', BIA, 20, true),
      text('A2', ANA, 30),
      text('G1', GROUP, 40),
      text('S1', 'status@broadcast', 50),
    ]);
    shard.answer('post-status', () => sent('ST1'));
    const reply = await sut.post('shop', { kind: 'text', text: 'open today', backgroundColor: '#0275d8' });
    expect(reply.id).toBe('ST1');
    expect(shard.received).toEqual([
      {
        verb: 'post-status',
        request: {
          instance: 'shop',
          content: { kind: 'text', text: 'open today', backgroundColor: '#0275d8' },
          recipients: [ANA, BIA],
        },
      },
    ]);
  });

  it('refuses a status when the store has no contact (400) and an unknown instance (404), sending nothing', async () => {
    await storage.messages.save([text('G1', GROUP, 40)]);
    await expect(sut.post('shop', { kind: 'text', text: 'x' })).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
      message: expect.stringMatching(/no contacts to post the status to/),
    });
    await expect(sut.post('nope', { kind: 'text', text: 'x' })).rejects.toMatchObject({
      code: ErrorCode.InstanceNotFound,
    });
    expect(shard.received).toEqual([]);
  });

  it('posts a media status and deletes the file afterwards, also when the shard refuses it', async () => {
    await storage.messages.save([text('A1', ANA, 10)]);
    const put = () => media.put(Readable.from([Buffer.from('jpeg bytes')]), { mime: 'image/jpeg' });
    shard.answer('post-status', () => sent('ST2'));
    let first = '';
    const reply = await sut.postMedia(
      'shop',
      async () => {
        const ref = await put();
        first = ref.id;
        return ref;
      },
      (m) => ({ kind: 'image', media: m, caption: 'menu' }),
    );
    expect(reply.id).toBe('ST2');
    expect(shard.received[0]!.request).toMatchObject({
      content: { kind: 'image', caption: 'menu', media: { id: first, mime: 'image/jpeg' } },
      recipients: [ANA],
    });
    await expect(media.open({ id: first })).rejects.toBeDefined();

    shard.answer('post-status', () => {
      throw new DomainError(ErrorCode.NotConnected, 'gone');
    });
    let second = '';
    await expect(
      sut.postMedia(
        'shop',
        async () => {
          const ref = await put();
          second = ref.id;
          return ref;
        },
        (m) => ({ kind: 'video', media: m }),
      ),
    ).rejects.toMatchObject({ code: ErrorCode.NotConnected });
    await expect(media.open({ id: second })).rejects.toBeDefined();
  });

  it("gives each sender's latest reaction on a message, a removed one left out, other messages' ignored", async () => {
    await storage.messages.save([
      text('M1', GROUP, 100, true),
      reaction('R1', GROUP, 101, 'M1', '👍', { participant: ANA }),
      reaction('R2', GROUP, 102, 'M1', '❤️', { participant: BIA }),
      reaction('R3', GROUP, 103, 'M1', '😂', { participant: ANA }),
      reaction('R4', GROUP, 104, 'M1', '🙏', { fromMe: true }),
      reaction('R5', GROUP, 105, 'M1', '', { participant: BIA }),
      reaction('R6', GROUP, 106, 'OTHER', '🔥', { participant: BIA }),
    ]);
    const got = await sut.reactions('shop', 'M1', undefined, ME);
    expect(got).toEqual({
      id: 'M1',
      chat: GROUP,
      fromMe: true,
      reactions: [
        { id: 'R3', sender: ANA, fromMe: false, emoji: '😂', timestamp: 103_005 },
        { id: 'R4', sender: ME, fromMe: true, emoji: '🙏', timestamp: 104_005 },
      ],
    });
    expect(shard.received).toEqual([]);
  });

  it('answers a message without reactions with none, and an unknown one (or one of another chat) with message_not_found', async () => {
    await storage.messages.save([text('M2', ANA, 100), reaction('R1', ANA, 101, 'M2', '')]);
    await expect(sut.reactions('shop', 'M2', ANA)).resolves.toMatchObject({ reactions: [] });
    await expect(sut.reactions('shop', 'NOPE')).rejects.toMatchObject({ code: ErrorCode.MessageNotFound });
    await expect(sut.reactions('shop', 'M2', BIA)).rejects.toMatchObject({ code: ErrorCode.MessageNotFound });
  });

  it('stars a stored message through the shard (with its chat), and answers an unknown one with message_not_found', async () => {
    await storage.messages.save([text('M3', ANA, 100)]);
    shard.answer('star-message', (r) => ({ id: r.id, chat: r.chat!, timestamp: 100 }));
    await expect(sut.star('shop', 'NOPE', undefined, true)).rejects.toMatchObject({
      code: ErrorCode.MessageNotFound,
    });
    await expect(sut.star('shop', 'M3', BIA, true)).rejects.toMatchObject({
      code: ErrorCode.MessageNotFound,
    });
    expect(shard.received).toEqual([]);
    await expect(sut.star('shop', 'M3', undefined, false)).resolves.toEqual({
      id: 'M3',
      chat: ANA,
      timestamp: 100,
    });
    expect(shard.received).toEqual([
      { verb: 'star-message', request: { instance: 'shop', id: 'M3', chat: ANA, star: false } },
    ]);
  });

  it('sets disappearing messages through the shard, and refuses what cannot be done with not_implemented', async () => {
    shard.answer('set-disappearing', (r) => ({ chat: r.chat, seconds: r.seconds }));
    await expect(sut.setDisappearing({ instance: 'shop', chat: ANA, seconds: 604_800 })).resolves.toEqual({
      chat: ANA,
      seconds: 604_800,
    });
    await expect(sut.unsupported('shop', 'no orders')).rejects.toMatchObject({
      code: ErrorCode.NotImplemented,
      message: 'no orders',
    });
    await expect(sut.unsupported('nope', 'no orders')).rejects.toMatchObject({
      code: ErrorCode.InstanceNotFound,
    });
  });
});
