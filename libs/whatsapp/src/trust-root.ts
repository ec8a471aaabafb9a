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

/**
 * Applies an app's simulator settings: with a trust root, trusts it (it needs the simulator's URL
 * too) and warns in the log. Returns the websocket URL Baileys should use (WhatsApp's when undefined).
 */
export function useSimulatorEndpoint(
  settings: { url?: string; trustRoot?: string },
  logger: { warn(obj: object, msg: string): void },
): string | undefined {
  if (settings.trustRoot) {
    if (!settings.url)
      throw new Error('WA_SIM_TRUST_ROOT needs WA_WEBSOCKET_URL: it is only for a simulator');
    trustSimulatorRoot(Buffer.from(settings.trustRoot, 'base64'));
    logger.warn(
      { url: settings.url },
      'trusting a simulator certificate root: never do this against WhatsApp',
    );
  }
  return settings.url;
}
