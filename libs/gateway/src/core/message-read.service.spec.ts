import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DomainError, ErrorCode, type DownloadMediaCommand } from '@zapgate/contracts';
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
import { MessageReadService } from './message-read.service.js';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const CHAT = '5511999990002@s.whatsapp.net';
const message = (id: string, seconds: number, chat = CHAT): NewStoredMessage => ({
  instance: 'shop',
  id,
  chat,
  fromMe: false,
  timestamp: seconds * 1000,
  kind: 'text',
  text: id,
  raw: '{}',
});

describe(MessageReadService.name, () => {
  let dir: string;
  let shard: FakeShard;
  let storage: EmbeddedStorage;
  let media: TempFileMediaStore;
  let sut: MessageReadService;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zg-message-read-'));
    shard = await FakeShard.start();
    storage = await openEmbeddedStorage(join(dir, 'store'));
    media = await TempFileMediaStore.open({ dir: join(dir, 'media'), maxAgeMs: 60_000 });
    const registry = new InstanceRegistry(new MemoryInstanceRepository());
    sut = new MessageReadService(
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

  it('downloads through the download-media command, answers the bytes whole and empties the store of them', async () => {
    const file = randomBytes(300_000);
    shard.answer('download-media', () =>
      media.put(Readable.from([file.subarray(0, 1000), file.subarray(1000)]), {
        mime: 'application/pdf',
        fileName: 'invoice.pdf',
      }),
    );
    const command: DownloadMediaCommand = { instance: 'shop', id: '3EB0A1', chat: CHAT };
    const got = await sut.download(command);
    expect(shard.received).toEqual([{ verb: 'download-media', request: command }]);
    expect(got).toMatchObject({ mime: 'application/pdf', fileName: 'invoice.pdf', sha256: sha256(file) });
    expect(sha256(got.bytes)).toBe(sha256(file));
    expect((await readdir(join(dir, 'media'))).filter((f) => !f.startsWith('.'))).toEqual([]);
  });

  it("passes the shard's refusals on, and asks no shard about an instance that does not exist", async () => {
    shard.answer('download-media', () => {
      throw new DomainError(ErrorCode.ValidationFailed, 'Message does not contain media', {
        reason: 'no_media',
      });
    });
    await expect(sut.download({ instance: 'shop', id: '3EB0A1' })).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
      details: { reason: 'no_media' },
    });
    await expect(sut.download({ instance: 'nope', id: '3EB0A1' })).rejects.toMatchObject({
      code: ErrorCode.InstanceNotFound,
    });
    expect(shard.verbs()).toEqual(['download-media']);
  });

  it("lists a chat's messages oldest first, before or after an anchor, and finds one by id", async () => {
    await storage.messages.save([
      message('A', 100),
      message('B', 200),
      message('C', 300),
      message('D', 400),
      message('X', 250, '5511999990003@s.whatsapp.net'),
    ]);
    const ids = async (page: Parameters<MessageReadService['list']>[1]) =>
      (await sut.list('shop', page)).map((m) => m.id);
    expect(await ids({ chat: CHAT, limit: 3, direction: 'before' })).toEqual(['B', 'C', 'D']);
    expect(await ids({ chat: CHAT, limit: 2, direction: 'before', anchor: 'C' })).toEqual(['A', 'B']);
    expect(await ids({ chat: CHAT, limit: 2, direction: 'after', anchor: 'A' })).toEqual(['B', 'C']);
    expect((await sut.get('shop', 'X')).chat).toBe('5511999990003@s.whatsapp.net');
    await expect(sut.get('shop', 'X', CHAT)).rejects.toMatchObject({ code: ErrorCode.MessageNotFound });
    await expect(
      sut.list('shop', { chat: CHAT, limit: 2, direction: 'after', anchor: 'Z' }),
    ).rejects.toMatchObject({
      code: ErrorCode.MessageNotFound,
    });
  });
});
