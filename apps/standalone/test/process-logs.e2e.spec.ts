import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startProcess, type RunningProcess } from '@zapgate/testing';

// The standalone sandbox as users run it (dist/, `npm run build` first), at LOG_LEVEL=trace so
// every line any part of it can write is written: pairing, a conversation that makes libsignal
// close and reopen Signal sessions, WPPConnect calls with the token and SECRET_KEY in their URLs,
// and a clean SIGTERM. Then its whole stdout and stderr are searched for what must not be there.
const MAIN = fileURLToPath(new URL('../../../dist/apps/standalone/src/main.js', import.meta.url));
const ADMIN = 'logs-test-admin-token-0123456789abcdef';
const SECRET = 'logs-test-SECRET_KEY-9f8e7d6c5b4a';
const SHOP = '5511950000001';
const CUSTOMER = '5511950000002';

interface LogLine {
  level: number;
  msg?: string;
  [k: string]: unknown;
}

describe('standalone process logs', () => {
  let dir: string;
  let proc: RunningProcess;
  let base: string;
  let output: string;
  let lines: LogLine[];
  let token: string;
  let exit: { code: number | null; signal: NodeJS.Signals | null };

  const call = async (method: string, path: string, body?: unknown, bearer?: string) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const type = res.headers.get('content-type') ?? '';
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const parsed: any = type.includes('json') ? await res.json() : Buffer.from(await res.arrayBuffer());
    return { status: res.status, body: parsed };
  };
  const until = async (what: string, check: () => Promise<boolean>, timeoutMs = 20_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline)
        throw new Error(`${what}: not in ${timeoutMs} ms\n${proc.logs().slice(-4000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const received = async (phone: string, text: string) =>
    (
      (await call('GET', `/sandbox/phones/${phone}/messages`)).body as { direction: string; text: string }[]
    ).some((m) => m.direction === 'in' && m.text === text);

  beforeAll(async () => {
    expect(existsSync(MAIN)).toBe(true); // run `npm run build` first
    dir = await mkdtemp(join(tmpdir(), 'zg-logs-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    proc = await startProcess({
      name: 'standalone',
      entry: MAIN,
      env: {
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: join(dir, 'data'),
        ZG_SANDBOX: 'true',
        ZG_ADMIN_TOKEN: ADMIN,
        SECRET_KEY: SECRET,
        LOG_LEVEL: 'trace',
      },
      readyUrl: `${base}/health/ready`,
    });

    await call('POST', '/sandbox/phones', { number: SHOP });
    await call('POST', '/sandbox/phones', { number: CUSTOMER });
    token = (await call('POST', `/api/shop/${SECRET}/generate-token`)).body.token;
    expect(token).toMatch(/^\$2[ab]\$10\$/);
    const started = await call('POST', `/api/shop:${token}/start-session`, { waitQrCode: true });
    expect(started.body.status).toBe('qrcode');
    const scanned = await call('POST', `/sandbox/phones/${SHOP}/scan`, {
      qr: `data:image/png;base64,${started.body.qrcode}`,
    });
    expect(scanned.status).toBe(200);
    await until(
      'connected',
      async () => (await call('GET', `/api/shop:${token}/status-session`)).body.status === 'CONNECTED',
    );
    expect((await call('GET', `/api/${SECRET}/show-all-sessions`)).body.response).toEqual(['shop']);

    // a conversation: the first messages each way set up Signal sessions, and libsignal closes
    // the one a new prekey bundle replaces ("Closing session: SessionEntry {...}")
    await call('POST', `/sandbox/phones/${CUSTOMER}/messages`, { to: SHOP, text: 'hi' });
    const sent = await call('POST', `/api/shop:${token}/send-message`, { phone: CUSTOMER, message: 'hello' });
    expect(sent.status).toBe(201);
    await until('the reply arrives', () => received(CUSTOMER, 'hello'));
    await call('POST', `/sandbox/phones/${CUSTOMER}/messages`, { to: SHOP, text: 'hi again' });
    await call('POST', `/api/shop:${token}/send-message`, { phone: CUSTOMER, message: 'bye' });
    await until('the second reply arrives', () => received(CUSTOMER, 'bye'));
    // (old builds printed the dump; this one the debug line)
    await until('a session was closed', async () => proc.logs().includes('Closing session'));

    exit = await proc.stop();
    output = proc.logs();
    lines = output
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as LogLine);
  });
  afterAll(async () => {
    await proc?.kill();
    await rm(dir, { recursive: true, force: true, maxRetries: 5 });
  });

  it('stops cleanly on SIGTERM, having logged at every level', () => {
    expect(exit).toEqual({ code: 0, signal: null });
    expect(lines.some((l) => l.level === 10)).toBe(true); // trace lines: nothing was left out
  });

  it("prints no Signal session and none of the account's private keys", async () => {
    for (const dump of [
      'SessionEntry',
      'Closing session:',
      'privKey',
      'rootKey',
      'ephemeralKeyPair',
      'chainKey',
    ])
      expect([dump, output.includes(dump)]).toEqual([dump, false]);
    // what libsignal said is in the debug log, as one line without its arguments
    expect(lines).toContainEqual(expect.objectContaining({ level: 20, msg: 'libsignal: Closing session' }));

    const keys = await privateKeysOf(join(dir, 'data', 'store', 'auth'));
    expect(keys.length).toBeGreaterThan(800); // creds, pre-keys, sessions: there is something to find
    const leaked = keys.filter((k) => forms(k).some((f) => output.includes(f)));
    expect(leaked.map((k) => k.toString('base64'))).toEqual([]);
  });

  it('prints neither the WPPConnect token nor SECRET_KEY, though every request URL is logged', () => {
    expect(output).not.toContain(SECRET);
    expect(output).not.toContain(token);
    expect(output).not.toContain(token.slice(7)); // the hash without its `$2b$10$`
    expect(output).not.toContain(ADMIN);
    const urls = lines.map((l) => (l['req'] as { url?: string } | undefined)?.url).filter(Boolean);
    expect(urls).toEqual(
      expect.arrayContaining([
        '/api/shop/[redacted]/generate-token',
        '/api/shop:[redacted]/start-session',
        '/api/[redacted]/show-all-sessions',
      ]),
    );
  });

  it('logs the restart after pairing and the shutdown without one error', () => {
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    expect(lines).toContainEqual(expect.objectContaining({ level: 30, msg: expect.stringMatching(/515/) }));
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 30,
        instance: 'shop',
        msg: expect.stringMatching(/no other shard running/),
      }),
    );
    expect(output).not.toMatch(/no service answers/);
  });

  it('keeps DATA_DIR owner-only: folders 0700, files 0600', async () => {
    const found: [string, string, string][] = [];
    const add = async (path: string, isDir: boolean) =>
      found.push([
        path.slice(dir.length + 1),
        isDir ? '700' : '600',
        ((await stat(path)).mode & 0o777).toString(8),
      ]);
    await add(join(dir, 'data'), true);
    for (const e of await readdir(join(dir, 'data'), { recursive: true, withFileTypes: true }))
      await add(join(e.parentPath, e.name), e.isDirectory());
    expect(found.map(([path]) => path)).toEqual(
      expect.arrayContaining(['data', 'data/store', 'data/store/auth', 'data/store/instances.db']),
    );
    expect(found.filter(([, expected, mode]) => mode !== expected)).toEqual([]);
  });
});

/**
 * Every private key the auth store holds for the instance: the creds' private halves and
 * advSecretKey, the pre-keys' private halves, and each Signal session's ratchet keys.
 */
async function privateKeysOf(authDir: string): Promise<Buffer[]> {
  const keys: Buffer[] = [];
  const walk = (v: unknown, path: string) => {
    if (!v || typeof v !== 'object') {
      if (typeof v === 'string' && /advSecretKey|privKey|rootKey|chainKey\.key|messageKeys/.test(path))
        keys.push(Buffer.from(v, 'base64'));
      return;
    }
    const buf = v as { type?: string; data?: unknown };
    if (buf.type === 'Buffer' && typeof buf.data === 'string') {
      if (/private/.test(path)) keys.push(Buffer.from(buf.data, 'base64'));
      return;
    }
    for (const [k, c] of Object.entries(v)) walk(c, `${path}.${k}`);
  };
  for (const file of await readdir(authDir)) {
    for (const line of (await readFile(join(authDir, file), 'utf8')).split('\n').slice(1)) {
      if (!line) continue;
      const entry = JSON.parse(line) as { t: string; v: string | null };
      if (!entry.v) continue;
      try {
        walk(JSON.parse(entry.v), entry.t);
      } catch {
        // not JSON: no key of the kinds above
      }
    }
  }
  return keys.filter((k) => k.length >= 16);
}

/** How a key shows up when printed: base64, hex, or as node prints a Buffer (`<Buffer 0a 1b ...`). */
function forms(key: Buffer): string[] {
  const hex = key.toString('hex');
  return [key.toString('base64'), hex, hex.slice(0, 32).replace(/(..)(?!$)/g, '$1 ')];
}
