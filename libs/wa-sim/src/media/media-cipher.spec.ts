import { createHash, randomBytes } from 'node:crypto';
import { readFile, unlink } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { encryptedStream, getMediaKeys, type MediaType } from '@whiskeysockets/baileys';
import { encryptMedia, MediaDecipher, mediaKeys } from './media-cipher.js';

/** Feeds `bytes` in uneven chunks (MAC bytes split across chunks too) and collects the output. */
async function decrypt(sut: MediaDecipher, bytes: Buffer): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length;) {
    const n = 1 + ((i * 7919) % 4099);
    chunks.push(bytes.subarray(i, i + n));
    i += n;
  }
  const out: Buffer[] = [];
  for await (const piece of Readable.from(chunks).pipe(sut)) out.push(piece as Buffer);
  return Buffer.concat(out);
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest();

describe(MediaDecipher.name, () => {
  it('derives the same keys as Baileys for every media type', async () => {
    const mediaKey = randomBytes(32);
    for (const type of ['image', 'sticker', 'video', 'ptv', 'audio', 'ptt', 'document'] as MediaType[]) {
      const theirs = await getMediaKeys(mediaKey, type);
      const ours = mediaKeys(mediaKey, type);
      expect({ type, iv: ours.iv, cipherKey: ours.cipherKey, macKey: ours.macKey }).toEqual({
        type,
        iv: Buffer.from(theirs.iv),
        cipherKey: Buffer.from(theirs.cipherKey),
        macKey: Buffer.from(theirs.macKey!),
      });
    }
  });

  it('decrypts what Baileys encrypts, checking MAC and both hashes, streaming in any chunking', async () => {
    const plain = randomBytes(100_003);
    const enc = await encryptedStream(plain, 'document');
    try {
      const encrypted = await readFile(enc.encFilePath);
      const sut = new MediaDecipher(mediaKeys(enc.mediaKey, 'document'), {
        fileSha256: enc.fileSha256,
        fileEncSha256: enc.fileEncSha256,
      });
      expect((await decrypt(sut, encrypted)).equals(plain)).toBe(true);
      expect(sut.info).toEqual({ size: plain.length, sha256: sha256(plain), encSha256: sha256(encrypted) });
    } finally {
      await unlink(enc.encFilePath);
    }
  });

  it('round-trips its own encryption, also for an empty file', async () => {
    for (const plain of [randomBytes(31), Buffer.alloc(0)]) {
      const { mediaKey, encrypted, fileSha256, fileEncSha256 } = encryptMedia(plain, 'image');
      const sut = new MediaDecipher(mediaKeys(mediaKey, 'image'), { fileSha256, fileEncSha256 });
      expect((await decrypt(sut, encrypted)).equals(plain)).toBe(true);
    }
  });

  it('fails on a flipped byte, the wrong key type, a hash that does not match, or a file shorter than its MAC', async () => {
    const plain = randomBytes(4_000);
    const { mediaKey, encrypted, fileSha256 } = encryptMedia(plain, 'video');
    const flipped = Buffer.from(encrypted);
    flipped[100] ^= 1;
    await expect(decrypt(new MediaDecipher(mediaKeys(mediaKey, 'video')), flipped)).rejects.toThrow(/MAC/);
    await expect(decrypt(new MediaDecipher(mediaKeys(mediaKey, 'image')), encrypted)).rejects.toThrow(/MAC/);
    await expect(
      decrypt(
        new MediaDecipher(mediaKeys(mediaKey, 'video'), { fileSha256: sha256(randomBytes(8)) }),
        encrypted,
      ),
    ).rejects.toThrow(/fileSha256/);
    await expect(
      decrypt(new MediaDecipher(mediaKeys(mediaKey, 'video'), { fileEncSha256: fileSha256 }), encrypted),
    ).rejects.toThrow(/fileEncSha256/);
    await expect(decrypt(new MediaDecipher(mediaKeys(mediaKey, 'video')), randomBytes(6))).rejects.toThrow(
      /shorter than its MAC/,
    );
  });
});
