import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** What a sealed value starts with; anything else is a secret stored before encryption (plaintext). */
const PREFIX = 'enc:v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** `ZG_DATA_KEY`: 32 bytes as base64, base64url or hex. */
export const DATA_KEY_PATTERN = /^(?:[A-Fa-f0-9]{64}|[A-Za-z0-9+/_-]{43}=?)$/;

/** A new random data key, as `ZG_DATA_KEY` takes it (what `openssl rand -base64 32` prints). */
export function newDataKey(): string {
  return randomBytes(32).toString('base64');
}

export class SecretDecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretDecryptionError';
  }
}

/**
 * Encrypts webhook secrets at rest: AES-256-GCM under a key derived (HKDF-SHA256) from
 * `ZG_DATA_KEY`, with a random IV per value and the instance key as associated data (a sealed
 * secret copied to another instance does not open). A stored value that is not sealed is a
 * secret written before encryption existed: it opens as itself, and is sealed on its next write.
 */
export class WebhookSecretBox {
  private readonly key: Buffer;

  constructor(dataKey: string) {
    if (!DATA_KEY_PATTERN.test(dataKey))
      throw new Error('ZG_DATA_KEY must be 32 random bytes as base64 or hex (openssl rand -base64 32)');
    const raw = /^[A-Fa-f0-9]{64}$/.test(dataKey)
      ? Buffer.from(dataKey, 'hex')
      : Buffer.from(dataKey.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    this.key = Buffer.from(hkdfSync('sha256', raw, Buffer.alloc(0), 'zapgate webhook secret v1', 32));
  }

  /** Whether a stored value is sealed (false: a plaintext secret from before encryption). */
  static isSealed(stored: string): boolean {
    return stored.startsWith(PREFIX);
  }

  seal(instance: string, secret: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(aad(instance));
    const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
  }

  /** The secret a stored value holds; throws SecretDecryptionError when a sealed one does not open. */
  open(instance: string, stored: string): string {
    if (!WebhookSecretBox.isSealed(stored)) return stored;
    const data = Buffer.from(stored.slice(PREFIX.length), 'base64url');
    if (data.length < IV_BYTES + TAG_BYTES)
      throw new SecretDecryptionError('the stored webhook secret is damaged');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, data.subarray(0, IV_BYTES));
      decipher.setAAD(aad(instance));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      return Buffer.concat([
        decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new SecretDecryptionError(
        'the stored webhook secret does not open with this ZG_DATA_KEY (was the key changed?); set the secret again',
      );
    }
  }
}

const aad = (instance: string) => Buffer.from(`webhook-secret:${instance}`, 'utf8');
