// Scale on one shard, distributed (a private NATS, FerretDB over the machine's PostgreSQL by
// default, the gateway and webhook delivery in their own processes, the simulator in its own):
//   npm run bench:shard-scale -- --sessions 500 --cold-rounds 2 --failover 100
// 1. pairs N instances once through the gateway (the stored state every later step reuses);
// 2. cold start, `--cold-rounds` times: the shard holding them is stopped (SIGTERM: its leases
//    deleted), a fresh session-shard process is spawned, and the figure is spawn to the last of the
//    N instances' `connected` event (read from NATS, `zg.evt.*.connection-changed`);
// 3. memory: RSS after a forced full GC (inspector) of a shard holding N - W idle sessions, less
//    that of a shard holding W (`--warmup`), divided by N - 2W (one-time costs paid by both);
//    compared with bare Baileys by bench/baileys-memory.ts (its own simulator, W warm-up sessions
//    first) after the rest, alone on the machine;
// 4. failover: a shard capped at F instances takes F of them, a second shard the others; the
//    first is SIGKILLed and the figure is kill to the last of its F instances connected again on
//    the second (the lease TTL is the shards' default unless `--lease-ttl` says otherwise).
// `--profile DIR` writes a CPU profile (`--cpu-prof`) of each cold-start and survivor shard to DIR
// when it stops (`--warmup 0` skips the memory step: the cold-start shard is then the holder the
// failover set-up stops).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Kvm } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { LEASES_BUCKET } from '@zapgate/contracts';
import { InspectedProcess } from './inspected-process.js';
import { parseStore, sleep, startTopology, type Cluster, type Topology } from './topology.js';

const { values } = parseArgs({
  options: {
    sessions: { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '8' },
    'cold-rounds': { type: 'string', default: '2' },
    /** Instances on the SIGKILLed shard; 0 skips the failover step. */
    failover: { type: 'string', default: '100' },
    'failover-rounds': { type: 'string', default: '1' },
    /** Skips the bare-Baileys baseline (it pairs N more sessions). */
    'no-bare': { type: 'boolean', default: false },
    'lease-ttl': { type: 'string' },
    settle: { type: 'string', default: '3000' },
    /** Sessions of the smaller shard in the memory step (both shards pay one-time costs). */
    warmup: { type: 'string', default: '5' },
    timeout: { type: 'string', default: '300000' },
    port: { type: 'string', default: '22600' },
    simPort: { type: 'string', default: '22601' },
    store: { type: 'string', default: 'postgresql' },
    /** Writes a CPU profile (`--cpu-prof`) of each cold-start and failover-survivor shard here. */
    profile: { type: 'string' },
  },
});
const sessions = Number(values.sessions);
const concurrency = Number(values.concurrency);
const coldRounds = Number(values['cold-rounds']);
const failoverCount = Math.min(Number(values.failover), sessions);
const settleMs = Number(values.settle);
const failoverRounds = Number(values['failover-rounds']);
const warmup = Number(values.warmup);
const timeoutMs = Number(values.timeout);
// the shards of this bench may take long to close hundreds of sessions: a stop hands them over
const shardEnv: Record<string, string> = {
  SHARD_DRAIN_TIMEOUT_MS: '120000',
  ...(values['lease-ttl'] ? { LEASE_TTL_MS: values['lease-ttl'] } : {}),
};
/** Node options of the shards whose CPU is profiled (written when they stop). */
const profiled = values.profile ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] } : {};
const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const keys = Array.from({ length: sessions }, (_, i) => `scale-${i}`);

let topology: Topology | undefined;
let nc: NatsConnection | undefined;
const inspected: InspectedProcess[] = [];
let bare: ChildProcess | undefined;
process.on('exit', () => bare?.exitCode === null && bare.kill('SIGKILL'));

/** When each instance last became `connected` (ms since the epoch), from the event stream. */
const connectedAt = new Map<string, number>();
const waiters = new Set<() => void>();

/** Resolves once every key has connected at or after `since`; rejects after the timeout. */
async function allConnected(of: string[], since: number, what: string): Promise<number> {
  const done = () => of.every((k) => (connectedAt.get(k) ?? 0) >= since);
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) {
      const missing = of.filter((k) => (connectedAt.get(k) ?? 0) < since).length;
      throw new Error(`${what}: ${missing} of ${of.length} instances not connected within ${timeoutMs} ms`);
    }
    await new Promise<void>((resolve) => {
      waiters.add(resolve);
      setTimeout(resolve, 1_000);
    });
  }
  return Math.max(...of.map((k) => connectedAt.get(k)!)) - since;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/**
 * The bench's instances whose lease is still live (JetStream KV), by holder. Each key is read on
 * its own: `kv.keys()` never returned after a 500-session shard's stop had deleted its leases
 * (the bucket empty, its ordered consumer left with nothing pending and no end of keys seen).
 */
async function leases(): Promise<Map<string, string>> {
  const kv = await new Kvm(nc!).open(LEASES_BUCKET);
  const held = new Map<string, string>();
  for (let i = 0; i < keys.length; i += 50) {
    const batch = keys.slice(i, i + 50);
    const entries = await Promise.all(batch.map((key) => kv.get(key)));
    entries.forEach((entry, j) => {
      if (entry?.operation === 'PUT') held.set(batch[j]!, entry.json<{ shard: string }>().shard);
    });
  }
  return held;
}

const mb = (b: number) => Math.round((b / 1024 / 1024) * 100) / 100;
const result: Record<string, unknown> = {
  benchmark: 'shard-scale',
  store: values.store,
  sessions,
  leaseTtlMs: Number(values['lease-ttl'] ?? 10_000),
};
// stopped before the end (a time limit): what was measured so far, then the children are killed
process.once('SIGTERM', () => {
  console.log(JSON.stringify({ ...result, interrupted: true }, null, 2));
  inspected.forEach((i) => i.close());
  void Promise.resolve(topology?.stop())
    .catch((err: unknown) => console.error(err))
    .finally(() => process.exit(1));
});
try {
  topology = await startTopology({
    mode: 'distributed',
    port: Number(values.port),
    simPort: Number(values.simPort),
    store: parseStore(values.store),
    shardEnv,
  });
  const cluster: Cluster = topology.cluster!;
  nc = await connect({ servers: cluster.natsUrl, name: 'zg-bench-shard-scale' });
  const sub = nc.subscribe('zg.evt.*.connection-changed');
  void (async () => {
    for await (const m of sub) {
      const envelope = m.json<{ instance: string; data: { state: string } }>();
      if (envelope.data.state !== 'connected') continue;
      connectedAt.set(envelope.instance, Date.now());
      waiters.forEach((w) => w());
      waiters.clear();
    }
  })();

  // 1. pairing, once
  const pairStarted = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < sessions) {
        const i = next++;
        await topology!.pair(keys[i]!, String(5511600000000 + i));
        if ((i + 1) % 50 === 0) console.error(`paired ${i + 1}/${sessions}`);
      }
    }),
  );
  result['pairedInMs'] = Date.now() - pairStarted;

  // 2. cold starts over the stored state
  let holder = topology.holder;
  const coldStartMs: number[] = [];
  for (let round = 1; round <= coldRounds; round++) {
    await stopProcess(holder);
    // a cold start finds no live lease (the stopped shard deleted them); wait out any left
    for (let t = 0; (await leases()).size > 0; t++) {
      if (t === 0) console.error('waiting for leases left by the stopped shard to lapse');
      await sleep(500);
    }
    const spawnedAt = Date.now();
    holder = cluster.startShard(`cold-${round}`, { env: shardEnv, ...profiled });
    const ms = await allConnected(keys, spawnedAt, `cold start ${round}`);
    coldStartMs.push(ms);
    console.error(`cold start ${round}: ${sessions} connected ${ms} ms after the shard process started`);
  }
  result['coldStartMs'] = coldStartMs;

  // 3. memory: a shard holding W sessions and one holding the N - W others, both warmed up the
  //    same way (one-time costs, loaded code, caches in both): (RSS big - RSS small) / (N - 2W)
  if (warmup > 0 && sessions > 2 * warmup) {
    const handoverAt = Date.now();
    await stopProcess(holder);
    while ((await leases()).size > 0) await sleep(500);
    const small = cluster.startShard('mem-small', {
      env: { ...shardEnv, SHARD_CAPACITY: String(warmup), HEALTH_PORT: String(Number(values.port) + 6) },
      nodeArgs: ['--inspect=127.0.0.1:0'],
      pipeStderr: true,
    });
    inspected.push(await InspectedProcess.attach(small));
    for (let t = 0; [...(await leases()).values()].filter((s) => s === 'mem-small').length < warmup; t++) {
      if (t > timeoutMs / 500) throw new Error('memory: the small shard took no instances');
      await sleep(500);
    }
    holder = cluster.startShard('mem-big', {
      env: shardEnv,
      nodeArgs: ['--inspect=127.0.0.1:0'],
      pipeStderr: true,
    });
    inspected.push(await InspectedProcess.attach(holder));
    await allConnected(keys, handoverAt, 'memory');
    await sleep(settleMs);
    const [smallRss, bigRss] = [await inspected[0]!.rssAfterGc(), await inspected[1]!.rssAfterGc()];
    inspected.splice(0).forEach((i) => i.close());
    result['rssMbShardHoldingWarmup'] = mb(smallRss);
    result['rssMbShardHoldingRest'] = mb(bigRss);
    result['rssMbPerSession'] = mb((bigRss - smallRss) / (sessions - 2 * warmup));
    // one holder again: the small one's instances go to the big one
    const fromSmall = [...(await leases())].filter(([, shard]) => shard === 'mem-small').map(([k]) => k);
    const smallStoppedAt = Date.now();
    await stopProcess(small);
    await allConnected(fromSmall, smallStoppedAt, 'memory');
  }

  // 4. SIGKILL failover of F instances to a second shard, `--failover-rounds` times
  const failovers: {
    instances: number;
    killToFirstConnectedMs: number;
    killToAllConnectedMs: number;
    onSurvivor: number;
  }[] = [];
  for (let round = 1; failoverCount > 0 && round <= failoverRounds; round++) {
    const victimHealth = Number(values.port) + 5;
    const victimId = `victim-${round}`;
    const survivorId = `survivor-${round}`;
    const victim = cluster.startShard(victimId, {
      env: { ...shardEnv, SHARD_CAPACITY: String(failoverCount), HEALTH_PORT: String(victimHealth) },
    });
    // in the placement queue group before the holder hands over
    for (
      let t = 0;
      !(await fetch(`http://127.0.0.1:${victimHealth}/health/ready`).then(
        (r) => r.ok,
        () => false,
      ));
      t++
    ) {
      if (t > timeoutMs / 500) throw new Error('the victim shard did not get ready');
      await sleep(500);
    }
    // the holder's stop hands its instances over: the victim takes F (its capacity) ...
    const handoverAt = Date.now();
    await stopProcess(holder);
    // (under load a placement request can time out: the victim then adopts at its next rounds)
    for (
      let t = 0;
      [...(await leases()).values()].filter((s) => s === victimId).length < failoverCount;
      t++
    ) {
      if (t > timeoutMs / 500) throw new Error('failover setup: the victim did not fill up');
      await sleep(250);
    }
    const survivor = cluster.startShard(survivorId, { env: shardEnv, ...profiled });
    // ... and the survivor the rest; all of them connected again before the kill
    await allConnected(keys, handoverAt, 'failover setup');
    const held = await leases();
    const victims = keys.filter((k) => held.get(k) === victimId);
    if (victims.length !== failoverCount)
      throw new Error(`failover setup: ${victims.length} instances on the victim, not ${failoverCount}`);
    await sleep(settleMs);
    const killedAt = Date.now();
    victim.kill('SIGKILL');
    const ms = await allConnected(victims, killedAt, 'failover');
    const moved = await leases();
    failovers.push({
      instances: victims.length,
      // the lease's lapse and one reconnect; the rest is reconnecting all of them
      killToFirstConnectedMs: Math.min(...victims.map((k) => connectedAt.get(k)!)) - killedAt,
      killToAllConnectedMs: ms,
      onSurvivor: victims.filter((k) => moved.get(k) === survivorId).length,
    });
    result['failover'] = failovers;
    console.error(
      `failover ${round}: ${victims.length} connected on the survivor ${ms} ms after the SIGKILL`,
    );
    holder = survivor;
  }
  await stopProcess(holder);
  await topology.stop();
  topology = undefined;

  // bare Baileys, by its own benchmark in the same run, alone on the machine
  if (!values['no-bare'] && result['rssMbPerSession'] !== undefined) {
    bare = spawn(
      process.execPath,
      [
        '--expose-gc',
        here('./baileys-memory.js'),
        '--sessions',
        String(sessions),
        '--concurrency',
        String(concurrency),
        '--warmup',
        String(warmup),
        '--settle',
        String(settleMs),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    bare.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    await once(bare, 'exit');
    const baseline = JSON.parse(out.slice(out.indexOf('{'))) as { rssMbPerSession: number };
    result['bareBaileysRssMbPerSession'] = baseline.rssMbPerSession;
    result['memoryRatio'] = +((result['rssMbPerSession'] as number) / baseline.rssMbPerSession).toFixed(2);
  }
  console.log(JSON.stringify(result, null, 2));
} catch (err) {
  console.error(err);
  console.log(JSON.stringify(result, null, 2));
  process.exitCode = 1;
} finally {
  inspected.forEach((i) => i.close()); // an inspected process would otherwise wait for its debugger
  await nc?.close();
  await topology?.stop();
}
process.exit();
