import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnv } from '@zapgate/config';
import { pino } from 'pino';
import { startStandalone, type Standalone } from '../src/standalone.js';
import { StandaloneEnv } from '../src/standalone.env.js';

export interface Http {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Headers;
}

/** The standalone process in sandbox mode on a free port, with a fresh data dir. */
export async function startSandbox(extraEnv: Record<string, string> = {}): Promise<{
  zg: Standalone;
  call: (method: string, path: string, body?: unknown, token?: string) => Promise<Http>;
  close: () => Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'zg-standalone-'));
  const env = loadEnv(StandaloneEnv, {
    PORT: '1',
    HOST: '127.0.0.1',
    DATA_DIR: dir,
    ZG_SANDBOX: 'true',
    LOG_LEVEL: 'silent',
    ...extraEnv,
  });
  env.PORT = 0 as number;
  const zg = await startStandalone(env, pino({ level: 'silent' }));
  const call = async (method: string, path: string, body?: unknown, token?: string): Promise<Http> => {
    const res = await fetch(`${zg.url}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const type = res.headers.get('content-type') ?? '';
    const parsed = type.includes('json')
      ? await res.json()
      : type.startsWith('image/')
        ? Buffer.from(await res.arrayBuffer())
        : await res.text();
    return { status: res.status, body: parsed, headers: res.headers };
  };
  return {
    zg,
    call,
    close: async () => {
      await zg.stop();
      await rm(dir, { recursive: true, force: true, maxRetries: 5 });
    },
  };
}

export type Sandbox = Awaited<ReturnType<typeof startSandbox>>;

/** Retries `probe` every 50 ms until it answers something other than undefined; throws after `timeoutMs`. */
export async function poll<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 20_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Creates simulated phones: a number, or a number and a display name. */
export async function addPhones(
  h: Sandbox,
  phones: (string | [number: string, name: string])[],
): Promise<void> {
  for (const phone of phones) {
    const [number, name] = typeof phone === 'string' ? [phone, undefined] : phone;
    await h.call('POST', '/sandbox/phones', name === undefined ? { number } : { number, name });
  }
}

/**
 * Creates mega-API instance `key` (optionally with a webhook), pairs it with the phone `number` by
 * scanning its QR code and, unless `wait` is false, waits until it is connected. Answers its token.
 */
export async function pairMega(
  h: Sandbox,
  number: string,
  { key = 'shop', webhookUrl, wait = true }: { key?: string; webhookUrl?: string; wait?: boolean } = {},
): Promise<string> {
  const init = await h.call(
    'POST',
    `/rest/instance/init?instance_key=${key}`,
    webhookUrl ? { messageData: { webhookUrl, webhookEnabled: true } } : {},
    h.zg.adminToken,
  );
  const token: string = init.body.data.token;
  const qr = await h.call('GET', `/rest/instance/qrcode_base64/${key}`, undefined, token);
  await h.call('POST', `/sandbox/phones/${number}/scan`, { qr: qr.body.qrcode });
  if (wait) await megaConnected(h, token, key);
  return token;
}

/** Waits until mega-API instance `key` reports connected. */
export const megaConnected = (h: Sandbox, token: string, key = 'shop') =>
  poll(`the mega instance ${key} to connect`, async () =>
    (await h.call('GET', `/rest/instance/${key}`, undefined, token)).body.instance?.status === 'connected'
      ? true
      : undefined,
  );

/**
 * Generates a token for WPPConnect session `session`, starts it (optionally with a webhook), pairs it
 * with the phone `number` by scanning its QR code and, unless `wait` is false, waits until it is
 * connected. Answers its token.
 */
export async function pairWpp(
  h: Sandbox,
  number: string,
  { session = 'store', webhook, wait = true }: { session?: string; webhook?: string; wait?: boolean } = {},
): Promise<string> {
  const token: string = (await h.call('POST', `/api/${session}/${h.zg.secretKey}/generate-token`)).body.token;
  const started = await h.call(
    'POST',
    `/api/${session}/start-session`,
    webhook ? { waitQrCode: true, webhook } : { waitQrCode: true },
    token,
  );
  await h.call('POST', `/sandbox/phones/${number}/scan`, {
    qr: `data:image/png;base64,${started.body.qrcode}`,
  });
  if (wait) await wppConnected(h, token, session);
  return token;
}

/** Waits until WPPConnect session `session` reports CONNECTED. */
export const wppConnected = (h: Sandbox, token: string, session = 'store') =>
  poll(`the WPPConnect session ${session} to connect`, async () =>
    (await h.call('GET', `/api/${session}/status-session`, undefined, token)).body.status === 'CONNECTED'
      ? true
      : undefined,
  );
