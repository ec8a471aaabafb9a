// Resident memory per connected, idle instance on one shard, against bare Baileys measured the
// same way in the same run.
//   npm run bench:gateway-memory -- --sessions 100 --mode distributed|standalone [--store sqlite|postgresql]
// distributed: the session-shard process (a private NATS and FerretDB, the gateway in its own
// process); standalone: the all-in-one process (gateway, shard and the embedded store, which keeps
// its documents in memory). The simulator runs in its own process, then the bare-Baileys benchmark
// (bench/baileys-memory.ts, with its own simulator). Both figures are RSS after a forced full GC
// (zapgate's through the inspector protocol on loopback, so the apps carry no benchmark hook),
// before and after N sessions, divided by N, after the same warm-up.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { InspectedProcess } from './inspected-process.js';
import { parseMode, parseStore, sleep, startTopology, type Topology } from './topology.js';

const { values } = parseArgs({
  options: {
    sessions: { type: 'string', default: '100' },
    warmup: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '5' },
    settle: { type: 'string', default: '3000' },
    port: { type: 'string', default: '21497' },
    simPort: { type: 'string', default: '21494' },
    mode: { type: 'string', default: 'distributed' },
    store: { type: 'string', default: 'sqlite' },
  },
});
const mode = parseMode(values.mode);
const sessions = Number(values.sessions);
const warmup = Number(values.warmup);
const concurrency = Number(values.concurrency);
const settleMs = Number(values.settle);
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
let inspected: InspectedProcess | undefined;
let topology: Topology | undefined;
let bare: ChildProcess | undefined;
process.on('exit', () => bare?.exitCode === null && bare.kill('SIGKILL'));

const mb = (b: number) => Math.round((b / 1024 / 1024) * 100) / 100;
try {
  topology = await startTopology({
    mode,
    port: Number(values.port),
    simPort: Number(values.simPort),
    holderArgs: ['--inspect=127.0.0.1:0'],
    pipeHolderStderr: true,
    store: parseStore(values.store),
  });
  inspected = await InspectedProcess.attach(topology.holder);

  let next = 0;
  async function pairInstances(count: number) {
    const end = next + count;
    const worker = async () => {
      while (next < end) {
        const i = next++;
        await topology!.pair(`mem-${i}`, String(5511700000000 + i));
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  }

  await pairInstances(warmup);
  await sleep(settleMs);
  const before = await inspected.rssAfterGc();
  const started = Date.now();
  await pairInstances(sessions);
  const pairedInMs = Date.now() - started;
  await sleep(settleMs);
  const after = await inspected.rssAfterGc();
  inspected.close();
  inspected = undefined;
  // the baseline runs alone
  await topology.stop();
  topology = undefined;

  // bare Baileys, measured by its own benchmark in the same run
  bare = spawn(
    process.execPath,
    [
      '--expose-gc',
      here('./baileys-memory.js'),
      '--sessions',
      String(sessions),
      '--warmup',
      String(warmup),
      '--concurrency',
      String(concurrency),
      '--settle',
      String(settleMs),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  bare.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  await once(bare, 'exit');
  const baseline = JSON.parse(out.slice(out.indexOf('{'))) as { rssMbPerSession: number };

  const perSession = mb((after - before) / sessions);
  console.log(
    JSON.stringify(
      {
        benchmark: 'gateway-memory',
        mode:
          mode === 'standalone'
            ? 'standalone process (gateway, shard, embedded store)'
            : 'session-shard process (NATS, FerretDB, gateway apart)',
        warmupSessions: warmup,
        sessions,
        pairedInMs,
        rssMbBefore: mb(before),
        rssMbAfter: mb(after),
        rssMbPerSession: perSession,
        bareBaileysRssMbPerSession: baseline.rssMbPerSession,
        ratio: +(perSession / baseline.rssMbPerSession).toFixed(2),
      },
      null,
      2,
    ),
  );
} catch (err) {
  console.error(err);
  process.exitCode = 1;
} finally {
  inspected?.close(); // an inspected process would otherwise wait for its debugger before exiting
  await topology?.stop();
}
process.exit();
