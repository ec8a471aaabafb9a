import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadEnv } from '@zapgate/config';
import {
  freePort,
  startProcess,
  startWebhookReceiver,
  type RunningProcess,
  type WebhookReceiver,
} from '@zapgate/testing';
import { WaSimulator } from '@zapgate/wa-sim';
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

/** A sandbox that `startShopAndStore` started, with its instance `shop` and session `store` paired. */
export interface ShopAndStore {
  h: Sandbox;
  /** Token of mega-API instance `shop`. */
  megaToken: string;
  /** Token of WPPConnect session `store`. */
  wppToken: string;
  /** Where both post their webhooks, when started with `webhooks`. */
  receiver?: WebhookReceiver;
  /** Stops the sandbox, then the receiver. */
  close(): Promise<void>;
}

/**
 * A sandbox with mega-API instance `shop` paired with the phone `shop` ("Shop") and WPPConnect
 * session `store` with the phone `store` ("Store"), both connected, next to the phones `others`
 * (by display name, in that order). With `webhooks`, a webhook receiver is started first and the
 * instance posts its webhooks to `${receiver.url}/mega`, the session to `${receiver.url}/wpp`.
 */
export async function startShopAndStore(
  shop: string,
  store: string,
  others: Record<string, string>,
): Promise<ShopAndStore>;
export async function startShopAndStore(
  shop: string,
  store: string,
  others: Record<string, string>,
  o: { webhooks: true },
): Promise<ShopAndStore & { receiver: WebhookReceiver }>;
export async function startShopAndStore(
  shop: string,
  store: string,
  others: Record<string, string>,
  { webhooks = false }: { webhooks?: boolean } = {},
): Promise<ShopAndStore> {
  const receiver = webhooks ? await startWebhookReceiver() : undefined;
  const h = await startSandbox().catch(async (err: unknown) => {
    await receiver?.close();
    throw err;
  });
  const close = async () => {
    await h.close();
    await receiver?.close();
  };
  try {
    await addPhones(h, [
      [shop, 'Shop'],
      [store, 'Store'],
      ...Object.entries(others).map(([name, number]): [string, string] => [number, name]),
    ]);
    const megaToken = await pairMega(h, shop, {
      ...(receiver ? { webhookUrl: `${receiver.url}/mega` } : {}),
      wait: false,
    });
    const wppToken = await pairWpp(h, store, {
      ...(receiver ? { webhook: `${receiver.url}/wpp` } : {}),
      wait: false,
    });
    await Promise.all([megaConnected(h, megaToken), wppConnected(h, wppToken)]);
    return { h, megaToken, wppToken, ...(receiver ? { receiver } : {}), close };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * What specs ask of the phones and routes of a `ShopAndStore`; `get` answers it (it is called on
 * each use, so the helpers can be made before `beforeAll` starts the sandbox). `M` is what the
 * spec reads of a phone's messages.
 */
export function shopAndStoreHelpers<M extends { id: string }>(
  get: () => Pick<ShopAndStore, 'h' | 'megaToken' | 'wppToken'>,
) {
  const inbox = async (phone: string): Promise<M[]> =>
    (await get().h.call('GET', `/sandbox/phones/${phone}/messages`)).body;
  /** The phone's copy of a message once `ready` says it shows what the test waits for. */
  const onPhone = (phone: string, id: string, ready: (m: M) => boolean = () => true) =>
    poll(`${phone} to show ${id}`, async () => {
      const m = (await inbox(phone)).find((x) => x.id === id);
      return m && ready(m) ? m : undefined;
    });
  /** A POST to a route of WPPConnect session `store`. */
  const wpp = (path: string, body: unknown) =>
    get().h.call('POST', `/api/store/${path}`, body, get().wppToken);
  /** A text mega-API instance `shop` sent to a phone, once the phone has it: its id. */
  const megaText = async (to: string, text: string): Promise<string> => {
    const sent = await get().h.call(
      'POST',
      '/rest/sendMessage/shop/text',
      { messageData: { to, text } },
      get().megaToken,
    );
    expect(sent.status).toBe(201);
    await onPhone(to, sent.body.messageData.key.id);
    return sent.body.messageData.key.id;
  };
  /** A text WPPConnect session `store` sent to a phone, once the phone has it: its id. */
  const wppText = async (phone: string, message: string): Promise<string> => {
    const sent = await wpp('send-message', { phone, message });
    expect(sent.status).toBe(201);
    const id = (sent.body.response[0].id as string).split('_')[2]!;
    await onPhone(phone, id);
    return id;
  };
  return { inbox, onPhone, wpp, megaText, wppText };
}

/** A WPPConnect error reply: `status`, `status: 'error'` and a message (matching `message` if given). */
export function expectWppError(reply: Http, status: number, message?: RegExp): void {
  expect(reply).toMatchObject({ status, body: { status: 'error', message: expect.any(String) } });
  if (message) expect(reply.body.message).toMatch(message);
}

/** A mega-API error reply: `status`, `error: true` and a message (matching `message` if given). */
export function expectMegaError(reply: Http, status: number, message?: RegExp): void {
  expect(reply).toMatchObject({ status, body: { error: true, message: expect.any(String) } });
  if (message) expect(reply.body.message).toMatch(message);
}

/** The standalone process as production runs it: the build under dist/ (`npm run build` first). */
export const STANDALONE_MAIN = fileURLToPath(
  new URL('../../../dist/apps/standalone/src/main.js', import.meta.url),
);

/**
 * A simulator in this process with `phones` created, a DATA_DIR and a port, on which a spec starts
 * the standalone process from dist/ and, after killing it, starts it again.
 */
export interface ProcessRig {
  sim: WaSimulator;
  /**
   * Starts the process on the rig's port and DATA_DIR, against its simulator, with the rig's `env`
   * and then `env` over it; resolves once /health/ready answers.
   */
  start(env?: Record<string, string>): Promise<RunningProcess>;
  /** A JSON request to the running process, as the admin. */
  call(method: string, path: string, body?: unknown): Promise<Http>;
  /**
   * Creates mega-API instance `shop` (with its webhook at `webhookUrl` if given), pairs it with the
   * phone `number` by scanning its QR code and waits until it is connected.
   */
  pairShop(number: string, webhookUrl?: string): Promise<void>;
  /** A webhook receiver on loopback, when opened with `webhooks`. */
  receiver?: WebhookReceiver;
  /**
   * SIGKILLs the processes still running, stops the simulator, removes the DATA_DIR and closes the
   * receiver.
   */
  close(): Promise<void>;
}

interface ProcessRigOptions {
  /** Tells the rig's temp dir, admin token and SECRET_KEY apart. */
  name: string;
  phones: string[];
  env?: Record<string, string>;
  /**
   * Starts a webhook receiver too and lets the process deliver to it: retries after 100-500 ms, and
   * the receiver runs on loopback, so the explicit opt-in for private targets (not a sandbox).
   */
  webhooks?: boolean;
}

export async function openProcessRig(
  o: ProcessRigOptions & { webhooks: true },
): Promise<ProcessRig & { receiver: WebhookReceiver }>;
export async function openProcessRig(o: ProcessRigOptions): Promise<ProcessRig>;
export async function openProcessRig(o: ProcessRigOptions): Promise<ProcessRig> {
  expect(existsSync(STANDALONE_MAIN)).toBe(true); // run `npm run build` first
  const admin = `${o.name}-admin-token-0123456789`;
  const sim = await WaSimulator.start({ logger: pino({ level: 'silent' }) });
  const dir = await mkdtemp(join(tmpdir(), `zg-${o.name}-`));
  const started: RunningProcess[] = [];
  let receiver: WebhookReceiver | undefined;
  const close = async () => {
    for (const p of started) await p.kill();
    await receiver?.close();
    await sim.stop();
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  };
  const webhookEnv = o.webhooks
    ? {
        WEBHOOK_BACKOFF_BASE_MS: '100',
        WEBHOOK_BACKOFF_MAX_MS: '500',
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
      }
    : {};
  try {
    if (o.webhooks) receiver = await startWebhookReceiver();
    const port = await freePort();
    for (const number of o.phones) await sim.createPhone({ number });
    const call = async (method: string, path: string, body?: unknown): Promise<Http> => {
      const res = await fetch(`http://127.0.0.1:${port}${path}`, {
        method,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, body: await res.json(), headers: res.headers };
    };
    return {
      sim,
      ...(receiver ? { receiver } : {}),
      call,
      close,
      start: async (env = {}) => {
        const p = await startProcess({
          name: `standalone (${o.name})`,
          entry: STANDALONE_MAIN,
          env: {
            PORT: String(port),
            HOST: '127.0.0.1',
            DATA_DIR: dir,
            ZG_ADMIN_TOKEN: admin,
            SECRET_KEY: `${o.name}-secret-key`,
            WA_WEBSOCKET_URL: sim.url,
            WA_SIM_TRUST_ROOT: sim.trustRoot,
            LOG_LEVEL: 'warn',
            ...webhookEnv,
            ...o.env,
            ...env,
          },
          readyUrl: `http://127.0.0.1:${port}/health/ready`,
          readyTimeoutMs: 30_000,
        });
        started.push(p);
        return p;
      },
      pairShop: async (number, webhookUrl) => {
        await call(
          'POST',
          '/rest/instance/init?instance_key=shop',
          webhookUrl ? { messageData: { webhookUrl, webhookEnabled: true } } : {},
        );
        const qr = await call('GET', '/rest/instance/qrcode_base64/shop');
        await sim.scanQr(number, qr.body.qrcode);
        await poll('the instance to connect', async () =>
          (await call('GET', '/rest/instance/shop')).body.instance?.status === 'connected' ? true : undefined,
        );
      },
    };
  } catch (err) {
    await close();
    throw err;
  }
}
