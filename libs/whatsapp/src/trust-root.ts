import { Agent as HttpsAgent } from 'node:https';
import { WA_CERT_DETAILS } from '@whiskeysockets/baileys';
import { Agent as UndiciAgent } from 'undici';

/**
 * What `WA_SIM_TRUST_ROOT` carries: the root of the simulator's Noise certificate chain and, from
 * simulators with media, the CA of its local HTTPS media host.
 */
export interface SimulatorTrust {
  /** The 32-byte public key Baileys checks the Noise certificate chain against. */
  noiseRoot: Buffer;
  /** PEM of the CA that issued the media host's TLS certificate. */
  mediaCa?: string;
}

/**
 * What Baileys needs to reach a simulator's media host, trusting its CA and nothing else (each is
 * scoped to the calls it is given to; nothing process-wide):
 * - `fetchAgent` in the socket config: uploads (`https.request`);
 * - `dispatcher` in the socket config's `options` and in `downloadMediaMessage(msg, type,
 *   { options: { dispatcher } })`: downloads (global `fetch`).
 */
export interface SimulatorHttp {
  fetchAgent: HttpsAgent;
  dispatcher: UndiciAgent;
}

interface TrustJson {
  noiseRoot: string;
  mediaCa?: string;
}

/**
 * The value for `WA_SIM_TRUST_ROOT` (base64): the bare 32-byte root when there is no media CA,
 * else base64 of `{"noiseRoot": base64, "mediaCa": PEM}`.
 */
export function encodeSimulatorTrust(trust: SimulatorTrust): string {
  if (!trust.mediaCa) return Buffer.from(trust.noiseRoot).toString('base64');
  const json: TrustJson = {
    noiseRoot: Buffer.from(trust.noiseRoot).toString('base64'),
    mediaCa: trust.mediaCa,
  };
  return Buffer.from(JSON.stringify(json), 'utf8').toString('base64');
}

/** Reads a `WA_SIM_TRUST_ROOT` value: a bare 32-byte root (older simulators) or the JSON form. */
export function decodeSimulatorTrust(value: string): SimulatorTrust {
  const raw = Buffer.from(value.trim(), 'base64');
  if (raw.length === 32) return { noiseRoot: raw };
  let json: Partial<TrustJson> | undefined;
  try {
    json = JSON.parse(raw.toString('utf8')) as Partial<TrustJson>;
  } catch {
    json = undefined;
  }
  const noiseRoot = typeof json?.noiseRoot === 'string' ? Buffer.from(json.noiseRoot, 'base64') : undefined;
  if (!noiseRoot || noiseRoot.length !== 32)
    throw new Error(
      'WA_SIM_TRUST_ROOT must be the trustRoot (or rootPublicKey) of the simulator GET /sandbox/trust',
    );
  const mediaCa = typeof json?.mediaCa === 'string' ? json.mediaCa : undefined;
  if (mediaCa !== undefined && !mediaCa.includes('-----BEGIN CERTIFICATE-----'))
    throw new Error('WA_SIM_TRUST_ROOT carries a media CA that is not a PEM certificate');
  return { noiseRoot, mediaCa };
}

/** HTTP agents that trust exactly the given CA (PEM): for a simulator's media host. */
export function simulatorHttp(mediaCa: string): SimulatorHttp {
  return {
    fetchAgent: new HttpsAgent({ ca: mediaCa, keepAlive: true }),
    dispatcher: new UndiciAgent({ connect: { ca: mediaCa } }),
  };
}

/** The media agents of the simulators trusted now, the latest last. */
const trustedHttp: SimulatorHttp[] = [];

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
 * The same switch for a whole simulator: its Noise root, and its media CA for the agents
 * `trustedSimulatorHttp()` hands out (only to the sockets that are given them; TLS elsewhere in
 * the process is untouched). Returns a function that restores what was trusted before.
 */
export function trustSimulator(trust: SimulatorTrust): () => void {
  const untrustRoot = trustSimulatorRoot(trust.noiseRoot);
  const http = trust.mediaCa ? simulatorHttp(trust.mediaCa) : undefined;
  if (http) trustedHttp.push(http);
  return () => {
    untrustRoot();
    if (!http) return;
    trustedHttp.splice(trustedHttp.indexOf(http), 1);
    void http.dispatcher.close().catch(() => undefined);
    http.fetchAgent.destroy();
  };
}

/**
 * The media agents of the simulator this process trusts (`trustSimulator`, `useSimulatorEndpoint`,
 * or an in-process `WaSimulator`); undefined when it trusts none or its value had no media CA.
 * Give them to every Baileys socket and media download (see `SimulatorHttp`).
 */
export function trustedSimulatorHttp(): SimulatorHttp | undefined {
  return trustedHttp.at(-1);
}

/**
 * Applies an app's simulator settings: with a trust root, trusts it (it needs the simulator's URL
 * too) and warns in the log. Returns the websocket URL Baileys should use (WhatsApp's when undefined).
 * The media host's agents are then `trustedSimulatorHttp()`.
 */
export function useSimulatorEndpoint(
  settings: { url?: string; trustRoot?: string },
  logger: { warn(obj: object, msg: string): void },
): string | undefined {
  if (settings.trustRoot) {
    if (!settings.url)
      throw new Error('WA_SIM_TRUST_ROOT needs WA_WEBSOCKET_URL: it is only for a simulator');
    const trust = decodeSimulatorTrust(settings.trustRoot);
    trustSimulator(trust);
    logger.warn(
      { url: settings.url, media: !!trust.mediaCa },
      'trusting a simulator certificate root: never do this against WhatsApp',
    );
  }
  return settings.url;
}
