// Group sends to a 256-member group through zapgate (the standalone process, mega-API send-text to
// the `@g.us` id) against bare Baileys (in this process) sending to an equivalent group on the same
// simulator (its own process) in the same run.
//   npm run bench:group-send -- --members 256 --messages 100 --rounds 3 --concurrency 8
// Each sender's group has the sender's account plus `members - 1` accounts whose phones stay
// offline (`online: false`): their keys are registered, so Baileys fetches their prekeys, builds a
// session with and encrypts the sender key for every member device on the first send, and the
// simulator fans every `skmsg` out to them, but no Baileys client runs in the simulator for each
// member. Both groups have the same members; the sender's own phone (online) is the one member
// device that decrypts, and its inbox proves the messages were readable. The first send (sessions
// with 256 devices and the sender-key distribution) is measured apart from the steady sends (one
// `skmsg` each), in rounds that alternate which side goes first, so a machine whose load changes
// during the run weighs on both. Everything is on loopback; counts are bounded by the arguments.
import { readdirSync, readFileSync } from 'node:fs';
import type { GroupMetadata } from '@whiskeysockets/baileys';
import { parseArgs } from 'node:util';
import { BaileysCompanion, trustSimulatorRoot } from '@zapgate/wa-sim';
import { ownCpuSeconds, saturate } from './load.js';
import { cpuSeconds, http, sleep, startTopology } from './topology.js';

const { values } = parseArgs({
  options: {
    members: { type: 'string', default: '256' },
    /** Steady sends per side and round. */
    messages: { type: 'string', default: '100' },
    rounds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '8' },
    port: { type: 'string', default: '22900' },
    simPort: { type: 'string', default: '22901' },
    /**
     * The bare client keeps the group's metadata (Baileys' `cachedGroupMetadata`, as zapgate does)
     * instead of Baileys' default of asking WhatsApp for it on every group send.
     */
    'bare-cached-metadata': { type: 'boolean', default: false },
    /** Directory for a V8 CPU profile of the standalone process. */
    profile: { type: 'string' },
  },
});
const members = Number(values.members);
const messages = Number(values.messages);
const concurrency = Number(values.concurrency);
const rounds = Number(values.rounds);
if (!(members >= 2 && members <= 1024)) throw new Error('--members is 2 to 1024');

const ZAPGATE = '5511900000001';
const BARE = '5511900000002';
/** The other members' numbers (shared by both groups). */
const others = Array.from({ length: members - 1 }, (_, i) => `55119200${String(i + 1).padStart(5, '0')}`);

/** The simulator's process: the child of this one running the wa-sim app. */
function simPid(): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('apps/wa-sim/src/main.js')) return +entry;
    } catch {
      // the process ended meanwhile
    }
  }
  throw new Error('the simulator process was not found');
}

/** Runs a phase after a pause, so a burst's deliveries and receipts do not land on the next one. */
async function settled<T>(phase: () => Promise<T>): Promise<T> {
  await sleep(3000);
  return phase();
}

const topology = await startTopology({
  mode: 'standalone',
  port: Number(values.port),
  simPort: Number(values.simPort),
  holderArgs: values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : [],
});
try {
  const { base, simBase, trust } = topology;
  const sim = simPid();
  const token = await topology.pair('bench', ZAPGATE);

  await http('POST', `${simBase}/sandbox/phones`, { number: BARE });
  trustSimulatorRoot(Buffer.from(trust.rootPublicKey, 'base64'));
  const bareMetadata = new Map<string, GroupMetadata>();
  const bareCached = values['bare-cached-metadata'];
  const bare = BaileysCompanion.start({
    url: trust.waWebSocketUrl,
    ...(bareCached ? { config: { cachedGroupMetadata: async (jid) => bareMetadata.get(jid) } } : {}),
  });
  const qr = await bare.waitForQr(30_000);
  const opened = bare.waitForOpen(30_000);
  await http('POST', `${simBase}/sandbox/phones/${BARE}/scan`, { qr });
  await opened;

  // the members, 16 at a time
  let created = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (created < others.length) {
        const number = others[created++]!;
        await http('POST', `${simBase}/sandbox/phones`, { number, online: false });
      }
    }),
  );
  // each sender's phone makes its group (the sender's account is its superadmin)
  const makeGroup = async (owner: string, subject: string): Promise<string> => {
    const { jid } = await http('POST', `${simBase}/sandbox/phones/${owner}/groups`, {
      subject,
      participants: others,
    });
    const view = await http('GET', `${simBase}/sandbox/groups/${jid}`);
    if (view.participants.length !== members)
      throw new Error(`${subject} has ${view.participants.length} members, not ${members}`);
    return jid as string;
  };
  const zapgateGroup = await makeGroup(ZAPGATE, 'bench zapgate');
  const bareGroup = await makeGroup(BARE, 'bench bare');
  if (bareCached) bareMetadata.set(bareGroup, await bare.socket.groupMetadata(bareGroup));

  const zapgateCpu = () => topology.zapgate.reduce((sum, p) => sum + cpuSeconds(p.pid!), 0);
  const simCpu = () => cpuSeconds(sim);
  const viaGateway = (text: string) => () =>
    http(
      'POST',
      `${base}/rest/sendMessage/bench/text`,
      { messageData: { to: zapgateGroup, text } },
      token,
    ).then(() => undefined);
  const viaBaileys = (text: string) => () =>
    bare.socket.sendMessage(bareGroup, { text }).then(() => undefined);

  /** One send, timed: wall ms, the sender's CPU ms and the simulator's. */
  const timedOnce = async (send: () => Promise<void>, cpu: () => number) => {
    const [c0, s0, t0] = [cpu(), simCpu(), performance.now()];
    await send();
    return {
      ms: +(performance.now() - t0).toFixed(1),
      cpuMs: Math.round((cpu() - c0) * 1000),
      simCpuMs: Math.round((simCpu() - s0) * 1000),
    };
  };
  /** A burst with the simulator's CPU per message alongside. */
  const burst = async (send: () => Promise<void>, cpu: () => number) => {
    const s0 = simCpu();
    const result = await saturate(send, messages, concurrency, cpu);
    return { ...result, simCpuMsPerMessage: +(((simCpu() - s0) * 1000) / messages).toFixed(2) };
  };

  // the first send: sessions with every member device and the sender-key distribution
  const firstSend = {
    gateway: await settled(() => timedOnce(viaGateway('bench first'), zapgateCpu)),
    bareBaileys: await settled(() => timedOnce(viaBaileys('bench first'), ownCpuSeconds)),
  };
  // the bare client gave the sender key to every member device (what Baileys remembers having sent)
  const memory = await bare.auth.state.keys.get('sender-key-memory', [bareGroup]);
  // (Baileys lists its own device there too, though nothing is sent to it)
  const distributedTo = Object.keys(memory[bareGroup] ?? {}).filter(
    (jid) => jid !== bare.creds.me?.lid,
  ).length;
  // each sender's own phone decrypted the first message (it needed the distributed sender key)
  for (const owner of [ZAPGATE, BARE]) {
    for (let t = 0; ; t++) {
      const inbox: { text?: string; chat?: string; from?: string }[] = await http(
        'GET',
        `${simBase}/sandbox/phones/${owner}/messages`,
      );
      if (inbox.some((m) => m.text === 'bench first')) break;
      if (t > 100) throw new Error(`phone ${owner} did not read the first group message`);
      await sleep(100);
    }
  }

  // warm both paths (JIT, caches)
  await saturate(viaGateway('warm'), 30, concurrency);
  await saturate(viaBaileys('warm'), 30, concurrency);
  const steady = [];
  for (let round = 0; round < rounds; round++) {
    const gatewayBurst = () => settled(() => burst(viaGateway('bench'), zapgateCpu));
    const bareBurst = () => settled(() => burst(viaBaileys('bench'), ownCpuSeconds));
    let gateway, bareBaileys;
    if (round % 2 === 0) {
      gateway = await gatewayBurst();
      bareBaileys = await bareBurst();
    } else {
      bareBaileys = await bareBurst();
      gateway = await gatewayBurst();
    }
    steady.push({
      gateway,
      bareBaileys,
      throughputRatio: +(gateway.perSecond / bareBaileys.perSecond).toFixed(2),
    });
  }
  const range = (xs: number[]) => [Math.min(...xs), Math.max(...xs)];
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const ratios = steady.map((r) => r.throughputRatio);
  console.log(
    JSON.stringify(
      {
        benchmark: 'group-send',
        mode: 'standalone process (mega send-text to the @g.us id), simulator in its own process',
        groupMembers: members,
        senderKeyDistributedToDevices: distributedTo,
        bareGroupMetadata: bareCached
          ? 'cached (cachedGroupMetadata)'
          : 'asked for on every send (Baileys default)',
        concurrency,
        messagesPerRound: messages,
        firstSend,
        steady,
        summary: {
          throughputRatio: { range: range(ratios), median: median(ratios) },
          gatewayPerSecond: range(steady.map((r) => r.gateway.perSecond)),
          barePerSecond: range(steady.map((r) => r.bareBaileys.perSecond)),
          gatewayCpuMsPerMessage: range(steady.map((r) => r.gateway.cpuMsPerMessage!)),
          bareCpuMsPerMessage: range(steady.map((r) => r.bareBaileys.cpuMsPerMessage!)),
        },
      },
      null,
      2,
    ),
  );
  bare.end();
} finally {
  await topology.stop();
}
process.exit(0);
