import { randomBytes } from 'node:crypto';
import { newDataKey, SecretDecryptionError, WebhookSecretBox } from './secret-box.js';

describe(WebhookSecretBox.name, () => {
  const sut = new WebhookSecretBox(newDataKey());

  it('seals a secret so that the stored value does not show it, and opens it again', () => {
    const sealed = sut.seal('shop', 'a-very-secret-value-1234');
    expect(sealed).toMatch(/^enc:v1:[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain('a-very-secret-value-1234');
    expect(Buffer.from(sealed.slice(7), 'base64url').toString('latin1')).not.toContain('very-secret');
    expect(sut.seal('shop', 'a-very-secret-value-1234')).not.toBe(sealed); // a fresh IV each time
    expect(sut.open('shop', sealed)).toBe('a-very-secret-value-1234');
    expect(WebhookSecretBox.isSealed(sealed)).toBe(true);
  });

  it('opens a secret stored before encryption (plaintext) as itself', () => {
    expect(WebhookSecretBox.isSealed('legacy-plain-secret-0123')).toBe(false);
    expect(sut.open('shop', 'legacy-plain-secret-0123')).toBe('legacy-plain-secret-0123');
  });

  it('refuses a value sealed for another instance, under another key, or tampered with', () => {
    const sealed = sut.seal('shop', 'a-very-secret-value-1234');
    expect(() => sut.open('store', sealed)).toThrow(SecretDecryptionError);
    expect(() => new WebhookSecretBox(newDataKey()).open('shop', sealed)).toThrow(/ZG_DATA_KEY/);
    const bytes = Buffer.from(sealed.slice(7), 'base64url');
    bytes[14]! ^= 1;
    expect(() => sut.open('shop', `enc:v1:${bytes.toString('base64url')}`)).toThrow(SecretDecryptionError);
    expect(() => sut.open('shop', 'enc:v1:AAAA')).toThrow(/damaged/);
  });

  it('takes the key as base64, base64url or hex (the same 32 bytes open the same values), nothing else', () => {
    const raw = randomBytes(32);
    const sealed = new WebhookSecretBox(raw.toString('base64')).seal('x', 's3cret-0123456789');
    for (const form of [raw.toString('base64url'), raw.toString('hex')])
      expect(new WebhookSecretBox(form).open('x', sealed)).toBe('s3cret-0123456789');
    for (const bad of ['short', randomBytes(16).toString('base64'), randomBytes(33).toString('hex')])
      expect(() => new WebhookSecretBox(bad)).toThrow(/32 random bytes/);
  });
});
