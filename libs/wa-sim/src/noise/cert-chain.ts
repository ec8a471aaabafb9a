import { Curve, proto, type KeyPair } from '@whiskeysockets/baileys';

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

// The trust switch lives with the Baileys adapter, which the gateway's shards use too.
export {
  decodeSimulatorTrust,
  encodeSimulatorTrust,
  simulatorHttp,
  trustedSimulatorHttp,
  trustSimulator,
  trustSimulatorRoot,
  type SimulatorHttp,
  type SimulatorTrust,
} from '@zapgate/whatsapp';
