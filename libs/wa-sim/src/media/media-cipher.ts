import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
  type Hash,
  type Hmac,
  type Decipheriv,
} from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/** The media types WhatsApp derives keys for, by the HKDF info they use. */
const HKDF_INFO: Record<string, string> = {
  image: 'WhatsApp Image Keys',
  sticker: 'WhatsApp Image Keys',
  video: 'WhatsApp Video Keys',
  gif: 'WhatsApp Video Keys',
  ptv: 'WhatsApp Video Keys',
  audio: 'WhatsApp Audio Keys',
  ptt: 'WhatsApp Audio Keys',
  document: 'WhatsApp Document Keys',
};

/** Bytes of the truncated HMAC-SHA256 after the ciphertext. */
export const MEDIA_MAC_LENGTH = 10;

export interface MediaKeys {
  iv: Buffer;
  cipherKey: Buffer;
  macKey: Buffer;
}

/** HKDF-SHA256(mediaKey, empty salt, "WhatsApp <X> Keys") to 112 bytes: iv, cipher key, MAC key. */
export function mediaKeys(mediaKey: Uint8Array, mediaType: string): MediaKeys {
  const info = HKDF_INFO[mediaType];
  if (!info) throw new Error(`no media keys for type ${mediaType}`);
  const expanded = Buffer.from(hkdfSync('sha256', mediaKey, Buffer.alloc(0), info, 112));
  return {
    iv: expanded.subarray(0, 16),
    cipherKey: expanded.subarray(16, 48),
    macKey: expanded.subarray(48, 80),
  };
}

/** A media file encrypted as WhatsApp does, with the hashes its message carries. */
export interface EncryptedMedia {
  mediaKey: Buffer;
  /** AES-256-CBC(plain) followed by HMAC-SHA256(macKey, iv ‖ ciphertext)[0:10]. */
  encrypted: Buffer;
  fileSha256: Buffer;
  fileEncSha256: Buffer;
}

/** Encrypts a (small) file in memory: for tests and fixtures; phones send through Baileys. */
export function encryptMedia(plain: Buffer, mediaType: string, mediaKey = randomBytes(32)): EncryptedMedia {
  const { iv, cipherKey, macKey } = mediaKeys(mediaKey, mediaType);
  const cipher = createCipheriv('aes-256-cbc', cipherKey, iv);
  const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
  const mac = createHmac('sha256', macKey)
    .update(iv)
    .update(ciphertext)
    .digest()
    .subarray(0, MEDIA_MAC_LENGTH);
  const encrypted = Buffer.concat([ciphertext, mac]);
  return {
    mediaKey,
    encrypted,
    fileSha256: createHash('sha256').update(plain).digest(),
    fileEncSha256: createHash('sha256').update(encrypted).digest(),
  };
}

/** What the decrypted file turned out to be (known once the stream ended without error). */
export interface DecryptedMediaInfo {
  size: number;
  /** SHA-256 of the decrypted bytes. */
  sha256: Buffer;
  /** SHA-256 of the encrypted bytes as downloaded. */
  encSha256: Buffer;
}

/**
 * Decrypts a media download as a stream, and checks what a strict WhatsApp client checks: the
 * trailing MAC over iv ‖ ciphertext and, when given, the SHA-256 of the encrypted and decrypted
 * files against the message's `fileEncSha256` and `fileSha256`. A mismatch fails the stream.
 * Holds back only the last 10 bytes (the MAC), so a file of any size streams through.
 */
export class MediaDecipher extends Transform {
  /** Set when the stream finished cleanly. */
  info?: DecryptedMediaInfo;
  private readonly hmac: Hmac;
  private readonly decipher: Decipheriv;
  private readonly encHash: Hash = createHash('sha256');
  private readonly plainHash: Hash = createHash('sha256');
  private tail = Buffer.alloc(0);
  private size = 0;

  constructor(
    keys: MediaKeys,
    private readonly expected: { fileSha256?: Uint8Array | null; fileEncSha256?: Uint8Array | null } = {},
  ) {
    super();
    this.hmac = createHmac('sha256', keys.macKey).update(keys.iv);
    this.decipher = createDecipheriv('aes-256-cbc', keys.cipherKey, keys.iv);
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    try {
      this.encHash.update(chunk);
      const data = this.tail.length ? Buffer.concat([this.tail, chunk]) : chunk;
      const body = data.length - MEDIA_MAC_LENGTH;
      if (body <= 0) {
        this.tail = Buffer.from(data);
        return done();
      }
      this.tail = Buffer.from(data.subarray(body));
      const ciphertext = data.subarray(0, body);
      this.hmac.update(ciphertext);
      this.emitPlain(this.decipher.update(ciphertext));
      done();
    } catch (err) {
      done(err as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    try {
      if (this.tail.length !== MEDIA_MAC_LENGTH) throw new Error('media file is shorter than its MAC');
      const mac = this.hmac.digest().subarray(0, MEDIA_MAC_LENGTH);
      if (!timingSafeEqual(mac, this.tail))
        throw new Error('media MAC does not match (wrong key or corrupt file)');
      this.emitPlain(this.decipher.final());
      const encSha256 = this.encHash.digest();
      const sha256 = this.plainHash.digest();
      const { fileEncSha256, fileSha256 } = this.expected;
      if (fileEncSha256?.length && !encSha256.equals(Buffer.from(fileEncSha256)))
        throw new Error('downloaded file does not match the message fileEncSha256');
      if (fileSha256?.length && !sha256.equals(Buffer.from(fileSha256)))
        throw new Error('decrypted file does not match the message fileSha256');
      this.info = { size: this.size, sha256, encSha256 };
      done();
    } catch (err) {
      done(err as Error);
    }
  }

  private emitPlain(plain: Buffer): void {
    if (!plain.length) return;
    this.size += plain.length;
    this.plainHash.update(plain);
    this.push(plain);
  }
}
