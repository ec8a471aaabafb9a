import { Curve, generateSignalPubKey } from '@whiskeysockets/baileys';
import * as libsignal from 'libsignal';

/**
 * Every connect of a Baileys socket checks the server's Noise certificate chain: two XEdDSA
 * signature checks (`Curve.verify`) in libsignal's pure-JS curve25519, ~26 ms of CPU per connect,
 * a fifth of a shard's CPU when it opens hundreds of sessions at once (bench/shard-scale.ts).
 *
 * Baileys 7.0.0-rc14's `Curve.verify` also throws the answer away: libsignal's `verifySignature`
 * RETURNS false for a wrong signature (it throws only for a key or signature of the wrong length),
 * and Baileys returns true whenever it did not throw, so a forged certificate chain (or account
 * signature, at pairing) passes. The replacement here returns libsignal's answer (the same call)
 * and remembers the POSITIVE ones: the chain is the same on every connect to the same server, and
 * whether a signature verifies depends only on (public key, message, signature). The key is the
 * exact bytes of all three (nothing hashed); anything not remembered, and every failing check,
 * runs the real verification.
 *
 * Why a runtime wrapper rather than a second patch of Baileys' files: `Curve` is an exported,
 * mutable object and Baileys' noise handler (and pairing) look `Curve.verify` up at each call, so
 * replacing it changes no library file and, like the simulator trust switch (trust-root.ts), is one
 * explicit call (`WaSession` makes it). The spec fails if Baileys stops going through it.
 */

/** libsignal's curve module (its typings leave it out). */
interface LibsignalCurve {
  /** true when the signature verifies, false when not; throws for a malformed key or signature. */
  verifySignature(pubKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
}
const curve = (libsignal as unknown as { curve: LibsignalCurve }).curve;

/** XEdDSA verification, as Baileys' `Curve.verify` means it: false for anything that does not verify. */
export function verifyCurveSignature(
  pubKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  try {
    return curve.verifySignature(generateSignalPubKey(pubKey), message, signature) === true;
  } catch {
    return false;
  }
}

/** Distinct signatures remembered (a server's chain is two; WhatsApp rotates its leaf certificates). */
export const VERIFIED_KEPT = 64;

type Verify = (pubKey: Uint8Array, message: Uint8Array, signature: Uint8Array) => boolean;

/** A memoised verify: `remembered` is how many positive answers it holds, `hits` how many it served. */
export interface MemoVerify extends Verify {
  readonly remembered: number;
  readonly hits: number;
  readonly original: Verify;
}

const MEMO = Symbol.for('zapgate.curve-verify-memo');
type Marked = Verify & { [MEMO]?: MemoVerify };

const b64 = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

/**
 * `verify` with its positive answers remembered (the `kept` most recently used). The key is the
 * three byte strings in base64, joined by a character base64 never uses: equal keys mean equal
 * bytes, so a remembered `true` is only ever returned for the very input that produced it.
 */
export function memoizeVerify(verify: Verify, kept = VERIFIED_KEPT): MemoVerify {
  const verified = new Map<string, true>();
  let hits = 0;
  const memo = ((pubKey: Uint8Array, message: Uint8Array, signature: Uint8Array) => {
    const key = `${b64(pubKey)}.${b64(message)}.${b64(signature)}`;
    if (verified.has(key)) {
      hits++;
      verified.delete(key); // most recently used last
      verified.set(key, true);
      return true;
    }
    const ok = verify(pubKey, message, signature);
    if (ok === true) {
      verified.set(key, true);
      if (verified.size > kept) verified.delete(verified.keys().next().value!);
    }
    return ok;
  }) as MemoVerify;
  Object.defineProperties(memo, {
    remembered: { get: () => verified.size },
    hits: { get: () => hits },
    original: { value: verify },
  });
  return memo;
}

/**
 * Whether `message` is a pairing's account signature (the ADV prefixes 6,0 and, for hosted
 * accounts, 6,5: Baileys' Defaults). The Noise certificate details are protobuf and never start
 * with 6 (field 0 is not a valid protobuf tag).
 */
const isAccountSignature = (message: Uint8Array) =>
  message.length > 2 && message[0] === 6 && (message[1] === 0 || message[1] === 5);

/**
 * Replaces Baileys' `Curve.verify` in this process (idempotent; returns the function in place):
 * the Noise certificate chain of every connect is verified for real and its positive answers
 * remembered (`verifyCurveSignature`, memoised). A pairing's account signature keeps Baileys'
 * own answer: Baileys chooses its prefix from the device identity's `deviceType` where whatsmeow
 * reads the container's `accountType`, so a real hosted account might fail a strict check that
 * no Baileys user has ever run, and no pairing could be tried against real WhatsApp here. That
 * check guards a pairing already made over the Noise channel, whose server the (now real)
 * certificate check authenticates.
 */
export function memoizeCurveVerify(): MemoVerify {
  const current = Curve.verify as Marked;
  if (current[MEMO]) return current[MEMO];
  const baileys = Curve.verify;
  const memo = memoizeVerify(verifyCurveSignature);
  const verify = ((pubKey: Uint8Array, message: Uint8Array, signature: Uint8Array) =>
    isAccountSignature(message)
      ? baileys(pubKey, message, signature)
      : memo(pubKey, message, signature)) as Marked;
  Object.defineProperties(verify, {
    remembered: { get: () => memo.remembered },
    hits: { get: () => memo.hits },
    original: { value: verifyCurveSignature },
  });
  verify[MEMO] = verify as MemoVerify;
  Curve.verify = verify;
  return verify as MemoVerify;
}

/** The wrapper in place, if any (tests and diagnostics). */
export function curveVerifyMemo(): MemoVerify | undefined {
  return (Curve.verify as Marked)[MEMO];
}
