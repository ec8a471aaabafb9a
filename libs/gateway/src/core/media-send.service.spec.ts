import { MemoryInstanceRepository } from '@zapgate/storage';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DomainError, ErrorCode, type SendMessageCommand, type SentMessage } from '@zapgate/contracts';
import { mediaFromBase64, MediaIntake, MediaUrlFetcher, TempFileMediaStore } from '@zapgate/media';
import sharp from 'sharp';
import { FakeShard } from './fake-shard.fixture.js';
import { InstanceClient } from './instance-client.js';
import { InstanceRegistry } from './instance-registry.js';
import { MediaSendService } from './media-send.service.js';
import { MediaService } from './media.service.js';
import { MessagingService } from './messaging.service.js';

const MB = 1024 ** 2;
const sent = (to: string): SentMessage => ({
  id: '3EB0ABC',
  remoteJid: to,
  fromMe: true,
  timestamp: 1_763_856_000,
  raw: {},
});
const png = () =>
  sharp({ create: { width: 32, height: 24, channels: 4, background: '#ff000080' } })
    .png()
    .toBuffer();

describe(MediaSendService.name, () => {
  let dir: string;
  let store: TempFileMediaStore;
  let shard: FakeShard;
  let media: MediaService;
  let sut: MediaSendService;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zg-media-send-'));
    store = await TempFileMediaStore.open({ dir, maxAgeMs: 60_000 });
    const intake = new MediaIntake(store, new MediaUrlFetcher({ allowPrivateNetworks: false }), {
      maxBytes: { image: MB, video: MB, audio: MB, sticker: 100_000, document: 2 * MB },
      connectTimeoutMs: 1_000,
      totalTimeoutMs: 2_000,
    });
    media = new MediaService(intake, store);
    shard = await FakeShard.start();
    const registry = new InstanceRegistry(new MemoryInstanceRepository());
    await registry.create('shop', 'wppconnect');
    const messaging = new MessagingService(registry, new InstanceClient(shard.bus, shard.settings));
    sut = new MediaSendService(media, messaging, store);
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  const stored = async () => (await readdir(dir)).filter((f) => !f.startsWith('.'));
  const dataUri = async () => `data:image/png;base64,${(await png()).toString('base64')}`;
  const imageTo = (to: string, ref: SendMessageCommand['content']): SendMessageCommand => ({
    instance: 'shop',
    to,
    content: ref,
  });

  it('sends one stored file to each recipient with keepMedia, then deletes it', async () => {
    shard.answer('send-message', (r) => sent(r.to));

    const result = await sut.sendAll(async (track) => {
      const ref = track(await sut.take({ from: 'base64', value: await dataUri() }, 'image'));
      expect(await stored()).toEqual([ref.id]);
      return ['1@s.whatsapp.net', '2@s.whatsapp.net'].map((to) => imageTo(to, { kind: 'image', media: ref }));
    });

    expect(result.map((s) => s.remoteJid)).toEqual(['1@s.whatsapp.net', '2@s.whatsapp.net']);
    expect(shard.received.map((r) => (r.request as unknown as SendMessageCommand).options)).toEqual([
      { keepMedia: true },
      { keepMedia: true },
    ]);
    expect(await stored()).toEqual([]);
  });

  it('deletes the file and the upload when a send fails, and when preparing fails', async () => {
    shard.answer('send-message', () => {
      throw new DomainError(ErrorCode.MessageNotFound, 'the quoted message is not in the store');
    });
    const upload = await media.take(mediaFromBase64(await dataUri()), 'image');
    const failed = sut.sendAll(async (track) => {
      const ref = track(await sut.take({ from: 'base64', value: await dataUri() }, 'image'));
      return [imageTo('1@s.whatsapp.net', { kind: 'image', media: ref })];
    }, upload);
    await expect(failed).rejects.toMatchObject({ code: ErrorCode.MessageNotFound });
    expect(await stored()).toEqual([]);

    const refused = sut.sendAll(async (track) => {
      track(await sut.take({ from: 'base64', value: await dataUri() }, 'image'));
      throw new DomainError(ErrorCode.ValidationFailed, 'phone is required');
    });
    await expect(refused).rejects.toMatchObject({ code: ErrorCode.ValidationFailed });
    expect(await stored()).toEqual([]);
  });

  it('makes an image a webp sticker, replacing the original', async () => {
    const image = await sut.take({ from: 'base64', value: await dataUri() }, 'image');
    const sticker = await sut.sticker(image, false);
    expect(sticker.mime).toBe('image/webp');
    expect(await stored()).toEqual([sticker.id]);
  });
});
