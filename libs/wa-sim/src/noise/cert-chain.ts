import { Curve, proto, WA_CERT_DETAILS, type KeyPair } from '@whiskeysockets/baileys';

/** 2100-01-01: the simulator's certificates never expire during a test run. */
const NOT_AFTER = 4102444800;

export interface SimulatorCertificates {
  /** Public key of the simulator's own root; clients must be told to trust it. */
  rootPublicKey: Buffer;
  /** Encoded `proto.CertChain` sent in the server hello. */
  chain: Buffer;
}

/**
 * Builds a root -> intermediate -> leaf chain signed by a root the simulator generates itself.
 * Baileys checks the intermediate against its pinned WhatsApp root and `issuerSerial === 0`.
 */
export function makeCertificateChain(
  serverStaticPublic: Uint8Array,
  root: KeyPair = Curve.generateKeyPair(),
): SimulatorCertificates {
  const intermediate = Curve.generateKeyPair();
  const Details = proto.CertChain.NoiseCertificate.Details;
  const intermediateDetails = Details.encode({
    serial: 1,
    issuerSerial: 0,
    key: intermediate.public,
    notBefore: 0,
    notAfter: NOT_AFTER,
  }).finish();
  const leafDetails = Details.encode({
    serial: 2,
    issuerSerial: 1,
    key: serverStaticPublic,
    notBefore: 0,
    notAfter: NOT_AFTER,
  }).finish();
  const chain = proto.CertChain.encode({
    intermediate: { details: intermediateDetails, signature: Curve.sign(root.private, intermediateDetails) },
    leaf: { details: leafDetails, signature: Curve.sign(intermediate.private, leafDetails) },
  }).finish();
  return { rootPublicKey: Buffer.from(root.public), chain: Buffer.from(chain) };
}

/**
 * THE explicit trust switch: makes every Baileys socket in this process accept certificates
 * signed by the given simulator root instead of WhatsApp's. It replaces the root Baileys pins
 * (`WA_CERT_DETAILS.PUBLIC_KEY`, a mutable export); no library file is modified.
 *
 * Never call this in a process that talks to real WhatsApp: it is for tests and sandbox mode only.
 * Returns a function that restores the original root.
 */
export function trustSimulatorRoot(rootPublicKey: Uint8Array): () => void {
  if (rootPublicKey.length !== 32) throw new Error('simulator root public key must be 32 bytes');
  const original = WA_CERT_DETAILS.PUBLIC_KEY;
  WA_CERT_DETAILS.PUBLIC_KEY = Buffer.from(rootPublicKey);
  return () => {
    WA_CERT_DETAILS.PUBLIC_KEY = original;
  };
}
