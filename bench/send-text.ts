// Send-text throughput and latency through the gateway against bare Baileys (in this process)
// sending to the same simulator (its own process) in the same run. zapgate runs standalone (one
// process) or distributed (gateway and one session shard on a private NATS and FerretDB).
//   npm run bench:send-text -- --mode standalone|distributed --messages 2000 --concurrency 16 --rate 100 --seconds 10
//   (--rounds N alternates which side goes first and prints each round and the median ratio;
//   --warmup N sends N through each side first: sessions, caches, JIT)
//   (distributed: --store postgresql runs FerretDB on the machine's PostgreSQL; sqlite by default)
//   (--http-floor adds a third side: bare Baileys in its own process behind a bare node:http route,
//   bench/http-floor-child.ts, the least any HTTP gateway does; its ratio to bare Baileys bounds the
//   gateway's)
// Everything is on loopback; request counts and durations are bounded by the arguments.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BaileysCompanion, trustSimulatorRoot } from '@zapgate/wa-sim';
import { commandCpuSeconds, cpuSeconds, http, parseMode, parseStore, startTopology } from './topology.js';
import { ownCpuSeconds, saturate as saturateLoad, summary } from './load.js';
import type { FloorMessage } from './http-floor-child.js';

const { values } = parseArgs({
  options: {
    mode: { type: 'string', default: 'standalone' },
    /** Distributed: what FerretDB keeps the data in (sqlite, or postgresql on the machine's server). */
    store: { type: 'string', default: 'sqlite' },
    messages: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '16' },
    rate: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '1' },
    warmup: { type: 'string', default: '500' },
    port: { type: 'string', default: '21499' },
    simPort: { type: 'string', default: '21496' },
    /** Directory for a V8 CPU profile of the process holding the session. */
    profile: { type: 'string' },
    /** Directory for V8 CPU profiles of every zapgate process (distributed: shard, gateway, dispatcher). */
    'profile-all': { type: 'string' },
    'http-floor': { type: 'boolean', default: false },
  },
});
const mode = parseMode(values.mode);
const store = parseStore(values.store);
const messages = Number(values.messages);
const concurrency = Number(values.concurrency);
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const warmup = Number(values.warmup);
const httpFloor = values['http-floor'];

/**
 * `count` sends with `concurrency` in flight (bench/load.ts), plus each process's CPU share per
 * message when there are several (distributed: shard, gateway, dispatcher).
 */
async function saturate(
  send: () => Promise<void>,
  count: number,
  cpu?: () => number,
  processes: { name: string; cpu: () => number }[] = [],
) {
  const processesBefore = processes.map((p) => p.cpu());
  const result = await saturateLoad(send, count, concurrency, cpu);
  const perMessage = (seconds: number) => +((seconds * 1000) / count).toFixed(2);
  return {
    ...result,
    ...(processes.length
      ? {
          cpuMsPerMessageByProcess: Object.fromEntries(
            processes.map((p, i) => [p.name, perMessage(p.cpu() - processesBefore[i]!)]),
          ),
        }
      : {}),
  };
}

/** A fixed arrival rate for `seconds`: latency under a steady load. */
async function steady(send: () => Promise<void>) {
  const latencies: number[] = [];
  const inflight: Promise<void>[] = [];
  const started = performance.now();
  for (let i = 0; i < rate * seconds; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const t = performance.now();
    inflight.push(send().then(() => void latencies.push(performance.now() - t)));
  }
  await Promise.all(inflight);
  return summary(latencies, performance.now() - started);
}

/**
 * Runs a phase after a pause: a burst leaves the simulator delivering and acknowledging for a
 * while, which would otherwise land on the next phase's latencies.
 */
async function settled<T>(phase: () => Promise<T>): Promise<T> {
  await new Promise((r) => setTimeout(r, 3000));
  return phase();
}

const topology = await startTopology({
  mode,
  store,
  port: Number(values.port),
  simPort: Number(values.simPort),
  holderArgs: values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : [],
  zapgateArgs: values['profile-all'] ? ['--cpu-prof', `--cpu-prof-dir=${values['profile-all']}`] : [],
});
try {
  const { base, simBase, trust } = topology;
  // the gateway instance (account 1) and the recipient (account 3)
  const token = await topology.pair('bench', '5511900000001');
  await http('POST', `${simBase}/sandbox/phones`, { number: '5511900000003' });

  // bare Baileys (account 2), in this process
  await http('POST', `${simBase}/sandbox/phones`, { number: '5511900000002' });
  trustSimulatorRoot(Buffer.from(trust.rootPublicKey, 'base64'));
  // as an app runs it: no history of every event kept (a growing heap the gateway does not have)
  const bare = BaileysCompanion.start({ url: trust.waWebSocketUrl, retainEvents: 16 });
  const qr = await bare.waitForQr(30_000);
  const opened = bare.waitForOpen(30_000);
  await http('POST', `${simBase}/sandbox/phones/5511900000002/scan`, { qr });
  await opened;
  const floor = httpFloor ? await startFloor(trust, simBase, Number(values.port) + 7) : undefined;

  const to = '5511900000003@s.whatsapp.net';
  const viaGateway = () =>
    http('POST', `${base}/rest/sendMessage/bench/text`, { messageData: { to, text: 'bench' } }, token).then(
      () => undefined,
    );
  // zapgate's processes; the bare client shares this process with the (light) load generator
  const zapgateCpu = () => topology.zapgate.reduce((sum, p) => sum + cpuSeconds(p.pid!), 0);
  // the simulator's and the load generator's (this process's) share, beside each side's own
  const simCpu = () => cpuSeconds(topology.sim.pid!);
  const context = [
    { name: 'simulator', cpu: simCpu },
    { name: 'bench process', cpu: ownCpuSeconds },
  ];
  const zapgateProcesses = [
    ...topology.zapgate.map((p) => ({
      name: /apps\/([^/]+)\//.exec(p.spawnargs.at(-1) ?? '')?.[1] ?? String(p.pid),
      cpu: () => cpuSeconds(p.pid!),
    })),
    // distributed: what the stores and the bus cost per message too (not in zapgate's figure)
    ...(mode === 'distributed'
      ? ['ferretdb', 'postgres', 'nats-server'].map((name) => ({ name, cpu: () => commandCpuSeconds(name) }))
      : []),
  ];
  const viaBaileys = () => bare.socket.sendMessage(to, { text: 'bench' }).then(() => undefined);
  const viaFloor = floor
    ? () => http('POST', `${floor.base}/send`, { to, text: 'bench' }).then(() => undefined)
    : undefined;
  // warm every path (sessions, caches, JIT)
  if (warmup > 0) {
    await saturate(viaGateway, warmup);
    await saturate(viaBaileys, warmup);
    if (viaFloor) await saturate(viaFloor, warmup);
  }

  type Throughput = Awaited<ReturnType<typeof saturate>>;
  const throughput: {
    gateway: Throughput;
    bareBaileys: Throughput;
    ratio: number;
    httpFloor?: Throughput;
    httpFloorRatio?: number;
  }[] = [];
  for (let round = 0; round < rounds; round++) {
    // the simulator's state grows with every message: alternate which side goes first
    const gatewayPhase = () =>
      settled(() => saturate(viaGateway, messages, zapgateCpu, [...zapgateProcesses, ...context]));
    const barePhase = () => settled(() => saturate(viaBaileys, messages, ownCpuSeconds, context));
    const floorPhase = () =>
      settled(() => {
        const floorCpu = () => cpuSeconds(floor!.child.pid!);
        return saturate(viaFloor!, messages, floorCpu, [{ name: 'http-floor', cpu: floorCpu }, ...context]);
      });
    let gateway: Throughput, bareBaileys: Throughput;
    let httpFloor: Throughput | undefined;
    if (round % 2 === 0) {
      gateway = await gatewayPhase();
      if (viaFloor) httpFloor = await floorPhase();
      bareBaileys = await barePhase();
    } else {
      bareBaileys = await barePhase();
      if (viaFloor) httpFloor = await floorPhase();
      gateway = await gatewayPhase();
    }
    const ratio = (side: Throughput) => +(side.perSecond / bareBaileys.perSecond).toFixed(2);
    throughput.push({
      gateway,
      bareBaileys,
      ratio: ratio(gateway),
      ...(httpFloor ? { httpFloor, httpFloorRatio: ratio(httpFloor) } : {}),
    });
  }
  const ratios = throughput.map((t) => t.ratio).sort((a, b) => a - b);
  const result = {
    benchmark: 'send-text',
    mode:
      mode === 'standalone'
        ? 'standalone process, simulator in its own process'
        : `gateway and session shard processes on NATS and FerretDB (${store}), simulator in its own process`,
    concurrency,
    warmup,
    throughput: rounds === 1 ? throughput[0] : throughput,
    steady: {
      ratePerSecond: rate,
      seconds,
      gateway: await settled(() => steady(viaGateway)),
      bareBaileys: await settled(() => steady(viaBaileys)),
      ...(viaFloor ? { httpFloor: await settled(() => steady(viaFloor)) } : {}),
    },
  };
  console.log(
    JSON.stringify({ ...result, throughputRatio: ratios[Math.floor((ratios.length - 1) / 2)] }, null, 2),
  );
  bare.end();
  if (floor) {
    const exited = once(floor.child, 'exit');
    floor.child.disconnect();
    await exited;
  }
} finally {
  await topology.stop();
}
process.exit(0);

/** The http-floor side: its process, paired with a phone of its own, and its base URL. */
async function startFloor(
  trust: { rootPublicKey: string; waWebSocketUrl: string },
  simBase: string,
  port: number,
): Promise<{ child: ChildProcess; base: string }> {
  const number = '5511900000004';
  await http('POST', `${simBase}/sandbox/phones`, { number });
  const child = fork(
    fileURLToPath(new URL('./http-floor-child.js', import.meta.url)),
    [trust.waWebSocketUrl, trust.rootPublicKey, String(port)],
    { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] },
  );
  process.on('exit', () => child.exitCode === null && child.kill('SIGKILL'));
  const ready = new Promise<number>((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`the http-floor process exited (${code})`)));
    child.on('message', (m: FloorMessage) => {
      if ('qr' in m) http('POST', `${simBase}/sandbox/phones/${number}/scan`, { qr: m.qr }).catch(reject);
      else resolve(m.port);
    });
  });
  return { child, base: `http://127.0.0.1:${await ready}` };
}
