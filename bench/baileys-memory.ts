// Baseline: resident memory per connected, idle, bare Baileys session against the simulator.
//   npm run bench:baileys-memory -- --sessions 50
// The simulator runs in a child process; this process holds only the Baileys clients. A few
// warm-up sessions are opened first (so one-time costs, lazily compiled code and caches, are not
// charged to the measured sessions); RSS and heap are read after a forced GC, then N more
// sessions are opened, left idle for a moment, and read again: the figure is the difference / N.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BaileysCompanion, trustSimulatorRoot } from '@zapgate/wa-sim';
import type { SimReady, SimReply, SimRequest } from './sim-child.js';

const { values } = parseArgs({
  options: {
    sessions: { type: 'string', default: '50' },
    concurrency: { type: 'string', default: '5' },
    settle: { type: 'string', default: '3000' },
    warmup: { type: 'string', default: '5' },
  },
});
const sessions = Number(values.sessions);
const warmup = Number(values.warmup);
const concurrency = Number(values.concurrency);
const settleMs = Number(values.settle);

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

function memory() {
  gc!();
  gc!();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external + m.arrayBuffers };
}

class SimClient {
  private next = 1;
  private readonly waiting = new Map<number, (r: SimReply) => void>();
  constructor(readonly child: ChildProcess) {
    child.on('message', (m: SimReply) => this.waiting.get(m.id)?.(m));
  }
  async call(
    req: SimRequest extends infer R ? (R extends SimRequest ? Omit<R, 'id'> : never) : never,
  ): Promise<unknown> {
    const id = this.next++;
    const reply = await new Promise<SimReply>((resolve) => {
      this.waiting.set(id, resolve);
      this.child.send({ ...req, id });
    });
    this.waiting.delete(id);
    if (!reply.ok) throw new Error(reply.error);
    return reply.value;
  }
}

const child = fork(fileURLToPath(new URL('./sim-child.js', import.meta.url)), {
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
const [ready] = (await once(child, 'message')) as [SimReady];
const sim = new SimClient(child);
trustSimulatorRoot(Buffer.from(ready.rootPublicKey, 'base64'));

const companions: BaileysCompanion[] = [];
let nextIndex = 0;
async function pair(count: number) {
  const end = nextIndex + count;
  await Promise.all(Array.from({ length: concurrency }, () => worker(end)));
}
async function worker(end: number) {
  while (nextIndex < end) {
    const number = String(5511800000000 + nextIndex++);
    await sim.call({ op: 'createPhone', number });
    const companion = BaileysCompanion.start({ url: ready.url });
    companions.push(companion);
    const qr = await companion.waitForQr(30_000);
    const opened = companion.waitForOpen(30_000);
    await sim.call({ op: 'scan', number, qr });
    await opened;
  }
}
await pair(warmup);
await new Promise((r) => setTimeout(r, settleMs));
const before = memory();
const started = Date.now();
await pair(sessions);
const pairedMs = Date.now() - started;
await new Promise((r) => setTimeout(r, settleMs));
const after = memory();

const mb = (b: number) => Math.round((b / 1024 / 1024) * 100) / 100;
const per = (k: keyof typeof before) => mb((after[k] - before[k]) / sessions);
const result = {
  benchmark: 'bare-baileys-memory',
  baileys: '7.0.0-rc14',
  node: process.version,
  warmupSessions: warmup,
  sessions,
  pairedInMs: pairedMs,
  rssMbBefore: mb(before.rss),
  rssMbAfter: mb(after.rss),
  rssMbPerSession: per('rss'),
  heapUsedMbPerSession: per('heapUsed'),
  externalMbPerSession: per('external'),
};
console.log(JSON.stringify(result, null, 2));

companions.forEach((c) => c.end());
child.disconnect();
await once(child, 'exit');
process.exit(0);
