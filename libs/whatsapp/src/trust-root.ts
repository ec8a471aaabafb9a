import { WA_CERT_DETAILS } from '@whiskeysockets/baileys';

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
