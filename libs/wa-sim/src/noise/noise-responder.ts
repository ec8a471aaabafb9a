import { hkdfSync } from 'node:crypto';
import { aesDecryptGCM, aesEncryptGCM, NOISE_MODE, sha256 } from '@whiskeysockets/baileys';

const EMPTY = Buffer.alloc(0);

function hkdf64(ikm: Uint8Array, salt: Uint8Array): Buffer {
  return Buffer.from(hkdfSync('sha256', ikm, salt, EMPTY, 64));
}

function nonce(counter: number): Buffer {
  const iv = Buffer.alloc(12);
  iv.writeUInt32BE(counter, 8);
  return iv;
}

interface TransportKeys {
  encKey: Buffer;
  decKey: Buffer;
  writeCounter: number;
  readCounter: number;
}

/**
 * Responder (server) side of WhatsApp's Noise_XX_25519_AESGCM_SHA256 handshake, plus the
 * transport cipher that follows it. The mode name is exactly 32 bytes, so it is the initial hash.
 */
export class NoiseResponder {
  private hash: Buffer;
  private salt: Buffer;
  private key: Buffer;
  private counter = 0;
  private transport?: TransportKeys;

  constructor() {
    const mode = Buffer.from(NOISE_MODE);
    this.hash = mode.length === 32 ? mode : sha256(mode);
    this.salt = this.hash;
    this.key = this.hash;
  }

  get isTransportReady(): boolean {
    return this.transport !== undefined;
  }

  authenticate(data: Uint8Array): void {
    this.hash = sha256(Buffer.concat([this.hash, data]));
  }

  mixIntoKey(data: Uint8Array): void {
    const out = hkdf64(data, this.salt);
    this.salt = out.subarray(0, 32);
    this.key = out.subarray(32);
    this.counter = 0;
  }

  encrypt(plaintext: Uint8Array): Buffer {
    const ciphertext = aesEncryptGCM(plaintext, this.key, nonce(this.counter++), this.hash);
    this.authenticate(ciphertext);
    return ciphertext;
  }

  decrypt(ciphertext: Uint8Array): Buffer {
    const plaintext = aesDecryptGCM(ciphertext, this.key, nonce(this.counter++), this.hash);
    this.authenticate(ciphertext);
    return plaintext;
  }

  /** Splits the chaining key into the two transport keys (client writes with the first half). */
  finishHandshake(): void {
    const out = hkdf64(EMPTY, this.salt);
    this.transport = {
      decKey: out.subarray(0, 32),
      encKey: out.subarray(32),
      writeCounter: 0,
      readCounter: 0,
    };
  }

  encryptFrame(plaintext: Uint8Array): Buffer {
    const t = this.requireTransport();
    return aesEncryptGCM(plaintext, t.encKey, nonce(t.writeCounter++), EMPTY);
  }

  decryptFrame(ciphertext: Uint8Array): Buffer {
    const t = this.requireTransport();
    return aesDecryptGCM(ciphertext, t.decKey, nonce(t.readCounter++), EMPTY);
  }

  private requireTransport(): TransportKeys {
    if (!this.transport) throw new Error('noise handshake not finished');
    return this.transport;
  }
}
