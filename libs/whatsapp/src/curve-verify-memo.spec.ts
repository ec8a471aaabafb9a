import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Curve } from '@whiskeysockets/baileys';
import {
  curveVerifyMemo,
  memoizeCurveVerify,
  memoizeVerify,
  verifyCurveSignature,
} from './curve-verify-memo.js';

/** Baileys' own `Curve.verify`, before this file replaces it. */
const baileysVerify = Curve.verify;
const baileysLib = dirname(createRequire(import.meta.url).resolve('@whiskeysockets/baileys'));

/** A signed message as Baileys' certificate chain carries it (XEdDSA over curve25519). */
function signed(text: string) {
  const key = Curve.generateKeyPair();
  const message = Buffer.from(text);
  return { pubKey: key.public, message, signature: Buffer.from(Curve.sign(key.private, message)) };
}
const flipped = (bytes: Uint8Array, at: number) => {
  const copy = Buffer.from(bytes);
  copy[at]! ^= 0x01;
  return copy;
};

describe('memoised Curve.verify (the Noise certificate check of each connect)', () => {
  it('replaces a Baileys verify that accepts forged signatures (update this when Baileys fixes it)', () => {
    const { pubKey, message, signature } = signed('leaf details');
    // Baileys 7.0.0-rc14 ignores libsignal's false: only a malformed key or signature fails
    expect(baileysVerify(pubKey, message, flipped(signature, 5))).toBe(true);
    expect(baileysVerify(pubKey, flipped(message, 0), signature)).toBe(true);
    expect(verifyCurveSignature(pubKey, message, signature)).toBe(true);
    expect(verifyCurveSignature(pubKey, message, flipped(signature, 5))).toBe(false);
    expect(verifyCurveSignature(pubKey, flipped(message, 0), signature)).toBe(false);
    expect(verifyCurveSignature(pubKey, message, signature.subarray(0, 63))).toBe(false); // malformed
  });

  it('is what Baileys calls: the noise handler and pairing look Curve.verify up at each check', () => {
    const noise = readFileSync(join(baileysLib, 'Utils', 'noise-handler.js'), 'utf8');
    expect(noise).toContain(
      "import { aesDecryptGCM, aesEncryptGCM, Curve, hkdf, sha256 } from './crypto.js'",
    );
    expect(noise.match(/Curve\.verify\(/g)).toHaveLength(2);
    expect(noise).toContain("throw new Boom('noise certificate signature invalid'");
    const pairing = readFileSync(join(baileysLib, 'Utils', 'validate-connection.js'), 'utf8');
    expect(pairing).toContain('if (!Curve.verify(accountSignatureKey, accountMsg, accountSignature))');
  });

  it('remembers a signature that verified, and only that one', () => {
    const real = verifyCurveSignature;
    const calls: boolean[] = [];
    const memo = memoizeVerify((k, m, s) => {
      const ok = real(k, m, s);
      calls.push(ok);
      return ok;
    });
    const { pubKey, message, signature } = signed('leaf details');
    expect(memo(pubKey, message, signature)).toBe(true);
    expect(memo(Buffer.from(pubKey), Buffer.from(message), Buffer.from(signature))).toBe(true);
    expect(calls).toEqual([true]); // the second, same bytes in other buffers, was remembered
    expect(memo.hits).toBe(1);

    // a wrong signature, message or key next to the remembered one: the real check, every time
    const wrong = [
      [pubKey, message, flipped(signature, 5)],
      [pubKey, flipped(message, 0), signature],
      [flipped(pubKey, 3), message, signature],
      [pubKey, Buffer.concat([message, Buffer.from('x')]), signature],
      [Buffer.concat([Buffer.from([5]), pubKey]).subarray(0, 32), message, signature],
    ] as const;
    for (const [k, m, s] of wrong) {
      expect(memo(k, m, s)).toBe(false);
      expect(memo(k, m, s)).toBe(false);
    }
    expect(calls).toEqual([true, ...Array<boolean>(wrong.length * 2).fill(false)]);
    expect(memo.remembered).toBe(1);
  });

  it('keeps the most recently used few', () => {
    let calls = 0;
    const memo = memoizeVerify(() => (calls++, true), 2);
    const [a, b, c] = ['a', 'b', 'c'].map((t) => [Buffer.from(t), Buffer.from(t), Buffer.from(t)] as const);
    memo(...a!);
    memo(...b!);
    memo(...a!); // a used last: b is the oldest
    memo(...c!);
    expect(memo.remembered).toBe(2);
    expect(calls).toBe(3);
    memo(...a!);
    expect(calls).toBe(3);
    memo(...b!); // forgotten: checked again
    expect(calls).toBe(4);
  });

  it('wraps Baileys’ Curve.verify in place, once, and still refuses a bad signature', () => {
    expect(curveVerifyMemo()).toBeUndefined();
    const memo = memoizeCurveVerify();
    expect(Curve.verify).toBe(memo);
    expect(curveVerifyMemo()).toBe(memo);
    expect(memoizeCurveVerify()).toBe(memo); // idempotent: not wrapped twice
    expect(memo.original).toBe(verifyCurveSignature);

    const { pubKey, message, signature } = signed('intermediate details');
    const hits = memo.hits;
    expect(Curve.verify(pubKey, message, signature)).toBe(true);
    expect(Curve.verify(pubKey, message, signature)).toBe(true);
    expect(memo.hits).toBe(hits + 1);
    expect(Curve.verify(pubKey, message, flipped(signature, 40))).toBe(false);
    expect(Curve.verify(pubKey, flipped(message, 2), signature)).toBe(false);
  });

  it('leaves a pairing’s account signature to Baileys’ own check (its hosted-account prefix is unproven)', () => {
    memoizeCurveVerify();
    for (const prefix of [
      [6, 0],
      [6, 5],
    ]) {
      const { pubKey, message, signature } = signed('device details');
      const account = Buffer.concat([Buffer.from(prefix), message]);
      const key = Curve.generateKeyPair();
      const good = Buffer.from(Curve.sign(key.private, account));
      expect(Curve.verify(key.public, account, good)).toBe(true);
      // what Baileys rc14 answers (true for a wrong signature: see the first test), unchanged
      expect(Curve.verify(key.public, account, flipped(good, 5))).toBe(
        baileysVerify(key.public, account, flipped(good, 5)),
      );
      // a certificate's details (protobuf) go through the real, remembered check
      expect(Curve.verify(pubKey, message, flipped(signature, 5))).toBe(false);
    }
  });
});
