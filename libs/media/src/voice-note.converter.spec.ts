import { mkdtemp, readdir, rm, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DomainError, ErrorCode } from '@zapgate/contracts';
import { fileTypeFromBuffer } from 'file-type';
import { MediaError, MediaErrorReason } from './media.exception.js';
import { oggOpus, readAll, sha256 } from './media.fixtures.js';
import { TempFileMediaStore } from './temp-file-media.store.js';
import { isOggOpus, VOICE_NOTE_MIME, VoiceNoteConverter } from './voice-note.converter.js';

/** A mono 16-bit PCM WAV of a 440 Hz tone, header written by hand. */
function wav(seconds = 0.5, rate = 8000): Buffer {
  const samples = Math.round(seconds * rate);
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++)
    data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * i) / rate) * 12_000), i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8, 'latin1');
  header.write('fmt ', 12, 'latin1');
  header.writeUInt32LE(16, 16); // fmt chunk size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28); // byte rate
  header.writeUInt16LE(2, 32); // block align
  header.writeUInt16LE(16, 34); // bits per sample
  header.write('data', 36, 'latin1');
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

describe(VoiceNoteConverter.name, () => {
  let dir: string;
  let store: TempFileMediaStore;
  let sut: VoiceNoteConverter;
  const put = (bytes: Buffer, mime: string) => store.put(Readable.from([bytes]), { mime });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zg-voice-test-'));
    store = await TempFileMediaStore.open({ dir: join(dir, 'media'), maxAgeMs: 3_600_000 });
    sut = new VoiceNoteConverter(store, { timeoutMs: 30_000 });
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('converts a WAV to ogg/opus, mono 48 kHz, as a new file, and deletes the original', async () => {
    const original = await put(wav(), 'audio/wav');

    const note = await sut.toVoiceNote(original);

    expect(note.id).not.toBe(original.id);
    expect(note.mime).toBe(VOICE_NOTE_MIME);
    const bytes = await readAll(await store.open(note));
    expect(note).toMatchObject({ size: bytes.length, sha256: sha256(bytes) });
    expect(await fileTypeFromBuffer(bytes)).toMatchObject({ mime: 'audio/ogg; codecs=opus' });
    expect(isOggOpus(bytes)).toBe(true);
    // OpusHead: version 1, channel count 1, then the input sample rate (48 kHz) little-endian
    const head = bytes.indexOf('OpusHead');
    expect(bytes[head + 9]).toBe(1);
    expect(bytes.readUInt32LE(head + 12)).toBe(48_000);
    await expect(store.open(original)).rejects.toMatchObject({ reason: MediaErrorReason.NotFound });
    expect(await readdir(join(dir, 'media'))).toEqual([note.id]);
  });

  it('passes ogg/opus through untouched', async () => {
    const original = await put(oggOpus(4096), 'audio/ogg');

    expect(await sut.toVoiceNote(original)).toBe(original);
    expect((await readAll(await store.open(original))).equals(oggOpus(4096))).toBe(true);
  });

  it('refuses bytes that are not audio as unsupported, keeping nothing new', async () => {
    const original = await put(Buffer.from('not audio at all '.repeat(100)), 'audio/mpeg');

    const err = await sut.toVoiceNote(original).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(MediaError);
    expect(err).toMatchObject({
      reason: MediaErrorReason.UnsupportedType,
      message: expect.stringContaining('could not be converted to a voice note'),
    });
    expect(await readdir(join(dir, 'media'))).toEqual([original.id]);
  });

  it('answers 501 (not implemented) saying ffmpeg is needed when it is not installed', async () => {
    sut = new VoiceNoteConverter(store, { ffmpegPath: join(dir, 'no-such-ffmpeg') });
    const original = await put(wav(), 'audio/wav');

    const err = await sut.toVoiceNote(original).catch((e: unknown) => e);

    expect(err).toBeInstanceOf(DomainError);
    expect(err).toMatchObject({
      code: ErrorCode.NotImplemented,
      message: expect.stringContaining('voice-note conversion needs ffmpeg'),
    });
    expect(await readdir(join(dir, 'media'))).toEqual([original.id]);
  });

  it('kills a conversion that outlives its time limit and refuses the file', async () => {
    // a stand-in ffmpeg that never finishes (ignores its input)
    const slow = join(dir, 'slow-ffmpeg');
    await writeFile(slow, '#!/bin/sh\nexec sleep 30\n');
    await chmod(slow, 0o755);
    sut = new VoiceNoteConverter(store, { ffmpegPath: slow, timeoutMs: 200 });
    const original = await put(wav(), 'audio/wav');

    await expect(sut.toVoiceNote(original)).rejects.toMatchObject({
      reason: MediaErrorReason.UnsupportedType,
      message: expect.stringContaining('within 0 s'),
    });
    expect(await readdir(join(dir, 'media'))).toEqual([original.id]);
  });
});
