// Heap of the standalone process under sustained sends: after a warm-up, `--rounds` rounds of
// `--messages` texts (mega send-text, `--concurrency` in flight) to the simulator, each followed by
// `--pause` ms and forced full GCs through the inspector; prints RSS and V8 heapUsed after each
// round. A process that keeps something per message grows every round; one that keeps bounded
// state levels off (events are kept for consumers up to a minute: pause past it).
//   npm run bench:send-soak -- --rounds 5 --messages 5000 --pause 12000
// Loopback only; bounded by its arguments.
import { parseArgs } from 'node:util';
import { InspectedProcess } from './inspected-process.js';
import { saturate } from './load.js';
import { http, startTopology } from './topology.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    messages: { type: 'string', default: '5000' },
    concurrency: { type: 'string', default: '16' },
    warmup: { type: 'string', default: '500' },
    pause: { type: 'string', default: '12000' },
    port: { type: 'string', default: '21599' },
    simPort: { type: 'string', default: '21596' },
  },
});
const rounds = Number(values.rounds);
const messages = Number(values.messages);
const concurrency = Number(values.concurrency);

const topology = await startTopology({
  mode: 'standalone',
  store: 'sqlite',
  port: Number(values.port),
  simPort: Number(values.simPort),
  holderArgs: ['--inspect=127.0.0.1:0'],
  pipeHolderStderr: true,
});
const inspected = await InspectedProcess.attach(topology.holder);
try {
  const token = await topology.pair('bench', '5511900000001');
  await http('POST', `${topology.simBase}/sandbox/phones`, { number: '5511900000003' });
  const to = '5511900000003@s.whatsapp.net';
  const send = () =>
    http(
      'POST',
      `${topology.base}/rest/sendMessage/bench/text`,
      { messageData: { to, text: 'bench' } },
      token,
    ).then(() => undefined);
  await saturate(send, Number(values.warmup), concurrency);
  const mb = (bytes: number) => +(bytes / 1048576).toFixed(1);
  const heapUsed = () => inspected.evaluate<number>('process.memoryUsage().heapUsed');
  const after: { sent: number; rssMb: number; heapUsedMb: number }[] = [];
  const sample = async (sent: number) => {
    const rss = await inspected.rssAfterGc();
    after.push({ sent, rssMb: mb(rss), heapUsedMb: mb(await heapUsed()) });
    console.error(JSON.stringify(after.at(-1)));
  };
  await sample(0);
  for (let round = 1; round <= rounds; round++) {
    await saturate(send, messages, concurrency);
    await new Promise((r) => setTimeout(r, Number(values.pause)));
    await sample(round * messages);
  }
  const last = after.at(-1)!;
  const half = after[Math.ceil(after.length / 2)]!;
  console.log(
    JSON.stringify(
      {
        benchmark: 'send-soak',
        after,
        // heap kept per message over the second half of the run (0 when it levels off)
        heapBytesPerMessageSecondHalf: Math.round(
          ((last.heapUsedMb - half.heapUsedMb) * 1048576) / Math.max(1, last.sent - half.sent),
        ),
      },
      null,
      2,
    ),
  );
} finally {
  inspected.close();
  await topology.stop();
}
process.exit(0);
