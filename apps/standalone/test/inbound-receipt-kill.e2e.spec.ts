import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from '@zapgate/testing';
import { WaSimulator } from '@zapgate/wa-sim';
import { pino } from 'pino';

// No inbound message lost: the standalone process (dist/, `npm run build` first) is SIGKILLed by its
// test-only fault hook right after Baileys decrypted an incoming message and before its event was
// published, i.e. before the (patched) delivery receipt. The simulator keeps the unreceipted
// message and delivers it again on the next login; after a restart on the same DATA_DIR it
// reaches the webhook exactly once.
const MAIN = fileURLToPath(new URL('../../../dist/apps/standalone/src/main.js', import.meta.url));
const ADMIN = 'receipt-kill-admin-token-0123456789';
const SHOP = '5511940100001';
const CUSTOMER = '5511940100002';
const FAULT = 'die-before-publish';

describe('standalone killed between decryption and receipt', () => {
  let sim: WaSimulator;
  let receiver: WebhookReceiver;
  let dir: string;
  let port: number;
  const children: ChildProcess[] = [];

  const start = async (env: Record<string, string> = {}) => {
    const child = spawn(process.execPath, [MAIN], {
      env: {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dir,
        ZG_ADMIN_TOKEN: ADMIN,
        SECRET_KEY: 'receipt-kill-secret-key',
        WA_WEBSOCKET_URL: sim.url,
        WA_SIM_TRUST_ROOT: sim.rootPublicKey.toString('base64'),
        WEBHOOK_BACKOFF_BASE_MS: '100',
        WEBHOOK_BACKOFF_MAX_MS: '500',
        WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
        LOG_LEVEL: 'warn',
        ...env,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(child);
    for (let i = 0; ; i++) {
      const ok = await fetch(`http://127.0.0.1:${port}/health/ready`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return child;
      if (child.exitCode !== null || i > 300) throw new Error('standalone did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return { status: res.status, body: (await res.json()) as any };
  };
  const poll = async (ok: () => boolean | Promise<boolean>, tries = 400) => {
    for (let i = 0; i < tries && !(await ok()); i++) await new Promise((r) => setTimeout(r, 50));
    return ok();
  };
  const text = (w: ReceivedWebhook): string | undefined =>
    w.body?.message?.extendedTextMessage?.text ?? w.body?.message?.conversation;
  const hooksFor = (t: string) => receiver.received.filter((w) => text(w) === t);
  /** Messages the simulator delivered to the shop's linked devices and got no receipt for. */
  const unanswered = () =>
    sim
      .getPhone(SHOP)
      .devices.filter((d) => d.id !== 0)
      .reduce((n, d) => n + sim.unansweredMessages(SHOP, d.id), 0);

  beforeAll(async () => {
    expect(existsSync(MAIN)).toBe(true); // run `npm run build` first
    sim = await WaSimulator.start({ logger: pino({ level: 'silent' }) });
    receiver = await startWebhookReceiver();
    dir = await mkdtemp(join(tmpdir(), 'zg-receipt-kill-'));
    port = await freePort();
    await sim.createPhone({ number: SHOP });
    await sim.createPhone({ number: CUSTOMER });
  });
  afterAll(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    await receiver?.close();
    await sim?.stop();
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('delivers the message the process died on, once, after a restart', async () => {
    let child = await start({ ZG_FAULT_KILL_BEFORE_PUBLISH: FAULT });
    await call('POST', '/rest/instance/init?instance_key=shop', {
      messageData: { webhookUrl: `${receiver.url}/hook`, webhookEnabled: true },
    });
    const qr = await call('GET', '/rest/instance/qrcode_base64/shop');
    await sim.scanQr(SHOP, qr.body.qrcode);
    expect(
      await poll(
        async () => (await call('GET', '/rest/instance/shop')).body.instance?.status === 'connected',
      ),
    ).toBe(true);

    // an ordinary message: published, receipted, delivered once
    await sim.sendFromPhone(CUSTOMER, SHOP, 'before the fault');
    expect(await poll(() => hooksFor('before the fault').length > 0)).toBe(true);
    expect(await poll(() => unanswered() === 0)).toBe(true);

    // the fault: the process dies after decrypting this one, before publishing its event
    const exited = once(child, 'exit');
    const doomed = await sim.sendFromPhone(CUSTOMER, SHOP, `${FAULT} 1`);
    const [, signal] = await exited;
    expect(signal).toBe('SIGKILL');
    expect(hooksFor(`${FAULT} 1`)).toHaveLength(0);
    // no receipt went out: WhatsApp still holds it for the device
    expect(unanswered()).toBe(1);

    child = await start();
    expect(await poll(() => hooksFor(`${FAULT} 1`).length > 0, 600)).toBe(true);
    await sim.sendFromPhone(CUSTOMER, SHOP, 'after the restart');
    expect(await poll(() => hooksFor('after the restart').length > 0)).toBe(true);
    expect(await poll(() => unanswered() === 0)).toBe(true);

    const [hook] = hooksFor(`${FAULT} 1`);
    expect(hooksFor(`${FAULT} 1`)).toHaveLength(1); // exactly once
    expect(hook!.headers['x-zapgate-event-id']).toEqual(expect.any(String));
    expect(JSON.stringify(hook!.body)).toContain(doomed.id); // the same message (its WhatsApp id)
    expect(hooksFor('before the fault')).toHaveLength(1); // receipted: never delivered again

    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
  }, 120_000);
});
