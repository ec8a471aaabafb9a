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
