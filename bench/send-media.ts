// Media sends through zapgate standalone against bare Baileys, to the same simulator (its own
// process, real encryption and upload to its HTTPS media host) in the same run:
//  (a) throughput of a ~1 MB JPEG sent N times: mega `mediaUrl` (zapgate fetches it from a local
//      HTTP server), mega `mediaBase64`, and bare Baileys in this process (`{ image: Buffer }`);
//  (b) a 100 MB document sent by `mediaUrl`: the standalone process's peak RSS growth (sampled
//      from /proc every 20 ms), and bare Baileys sending the same bytes from a stream, measured
//      the same way in this process (what Baileys itself holds).
//   npm run bench:send-media -- --images 40 --concurrency 4 --doc-mb 100
// Everything is on loopback; counts and sizes are bounded by the arguments.
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { BaileysCompanion } from '@zapgate/wa-sim';
import { decodeSimulatorTrust, simulatorHttp, trustSimulatorRoot } from '@zapgate/whatsapp';
import sharp from 'sharp';
import WebSocket from 'ws';
import { cpuSeconds, http, sleep, startTopology } from './topology.js';

const { values } = parseArgs({
  options: {
    images: { type: 'string', default: '40' },
    concurrency: { type: 'string', default: '4' },
    'doc-mb': { type: 'string', default: '100' },
    port: { type: 'string', default: '21489' },
    simPort: { type: 'string', default: '21486' },
  },
});
const images = Math.min(500, Number(values.images));
const concurrency = Number(values.concurrency);
const docBytes = Math.min(1024, Number(values['doc-mb'])) * 1024 ** 2;
const MB = 1024 ** 2;

/** A JPEG of noise (which does not compress) of about 1 MB. */
async function oneMegabyteJpeg(): Promise<Buffer> {
  let side = 700;
  for (;;) {
    const jpeg = await sharp({
      create: {
        width: side,
        height: side,
        channels: 3,
        background: '#000',
        noise: { type: 'gaussian', mean: 128, sigma: 50 },
      },
    })
      .jpeg({ quality: 92 })
      .toBuffer();
    if (jpeg.length >= 0.95 * MB || side > 3000) return jpeg;
    side = Math.ceil(side * Math.sqrt(MB / jpeg.length));
  }
}

/** `total` bytes of a PDF-looking file, made as read (never held whole). */
function documentStream(total: number): Readable {
  const head = Buffer.from('%PDF-1.7\n');
  const block = Buffer.alloc(64 * 1024);
  for (let i = 0; i < block.length; i++) block[i] = (i * 2654435761) >>> 24;
  let sent = 0;
  return new Readable({
    read() {
      if (sent >= total) return void this.push(null);
      const n = Math.min(block.length, total - sent);
      const chunk = Buffer.from(block.subarray(0, n));
      if (sent === 0) head.copy(chunk);
      sent += n;
      this.push(chunk);
    },
  });
}

/** Resident memory of a process (bytes), from /proc (Linux). */
const rssOf = (pid: number) =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

/** Memory a process's live objects hold (JS heap and Buffers), right after a full collection. */
type LiveMemory = () => Promise<number>;

/** This process's live memory (V8's collector exposed at run time). */
function ownLiveMemory(): LiveMemory {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  return async () => {
    gc();
    const m = process.memoryUsage();
    return m.heapUsed + m.external;
  };
}

/** Another Node process's live memory, through its inspector (loopback): collect, then read. */
async function inspectedLiveMemory(child: ChildProcess): Promise<{ live: LiveMemory; close(): void }> {
  const lines = createInterface({ input: child.stderr! });
  const url = await new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      const m = /Debugger listening on (ws:\/\/\S+)/.exec(line);
      if (m) resolve(m[1]!);
      else if (!line.startsWith('For help')) process.stderr.write(`${line}\n`);
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
  });
  const ws = new WebSocket(url);
  await once(ws, 'open');
  let nextId = 1;
  const send = (method: string, params?: object) =>
    new Promise<{ result?: { result?: { value?: unknown } } }>((resolve) => {
      const id = nextId++;
      const onMessage = (data: WebSocket.RawData) => {
        const reply = JSON.parse(data.toString()) as { id?: number };
        if (reply.id !== id) return;
        ws.off('message', onMessage);
        resolve(reply as never);
      };
      ws.on('message', onMessage);
      ws.send(JSON.stringify({ id, method, ...(params ? { params } : {}) }));
    });
  return {
    live: async () => {
      await send('HeapProfiler.collectGarbage');
      const r = await send('Runtime.evaluate', {
        expression: '(({ heapUsed, external }) => heapUsed + external)(process.memoryUsage())',
        returnByValue: true,
      });
      return Number(r.result?.result?.value);
    },
    close: () => ws.close(),
  };
}

interface MemoryGrowth<T> {
  result: T;
  /** RSS: what the OS gave the process, garbage not yet collected included. */
  peakRssGrowthMB: number;
  /** What live objects held at most (sampled after forced collections): whether it streams. */
  peakLiveGrowthMB: number;
}

/** How much a process's memory grew above its value at the start while `run` ran. */
async function memoryGrowth<T>(
  pid: number,
  live: LiveMemory,
  run: () => Promise<T>,
): Promise<MemoryGrowth<T>> {
  const rssBase = rssOf(pid);
  const liveBase = await live();
  let rssPeak = rssBase;
  let livePeak = liveBase;
  const rssTimer = setInterval(() => (rssPeak = Math.max(rssPeak, rssOf(pid))), 20);
  let sampling = true;
  const liveSampler = (async () => {
    while (sampling) {
      livePeak = Math.max(livePeak, await live());
      await sleep(100);
    }
  })();
  try {
    const result = await run();
    rssPeak = Math.max(rssPeak, rssOf(pid));
    return {
      result,
      peakRssGrowthMB: +((rssPeak - rssBase) / MB).toFixed(1),
      peakLiveGrowthMB: +((livePeak - liveBase) / MB).toFixed(1),
    };
  } finally {
    clearInterval(rssTimer);
    sampling = false;
    await liveSampler;
  }
}

/** `count` sends with `concurrency` in flight: messages per second. */
async function saturate(send: () => Promise<unknown>, count: number, cpu?: () => number) {
  let next = 0;
  const cpuBefore = cpu?.();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < count) await send();
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return {
    count,
    seconds: +seconds.toFixed(2),
    perSecond: +(count / seconds).toFixed(2),
    ...(cpu ? { cpuMsPerMessage: +(((cpu() - cpuBefore!) * 1000) / count).toFixed(1) } : {}),
  };
}

const jpeg = await oneMegabyteJpeg();
const files = createServer((req, res) => {
  if (req.url === '/image.jpg')
    return void res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': jpeg.length }).end(jpeg);
  if (req.url === '/document.pdf' || req.url === '/small.pdf') {
    const size = req.url === '/small.pdf' ? MB : docBytes;
    res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': size });
    return void documentStream(size).pipe(res);
  }
  res.writeHead(404).end();
});
await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
const filesBase = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;

// the standalone process with its inspector on loopback, to force collections from here
const topology = await startTopology({
  mode: 'standalone',
  port: Number(values.port),
  simPort: Number(values.simPort),
  holderArgs: ['--inspect=127.0.0.1:0'],
  pipeHolderStderr: true,
});
const inspected = await inspectedLiveMemory(topology.holder);
let bare: BaileysCompanion | undefined;
try {
  const { base, simBase, trust } = topology;
  const token = await topology.pair('bench', '5511900000101');
  const recipient = '5511900000103';
  await http('POST', `${simBase}/sandbox/phones`, { number: recipient });
  const to = `${recipient}@s.whatsapp.net`;

  // bare Baileys (account 2) in this process, trusting the simulator's root and media host
  await http('POST', `${simBase}/sandbox/phones`, { number: '5511900000102' });
  trustSimulatorRoot(Buffer.from(trust.rootPublicKey, 'base64'));
  const { mediaCa } = decodeSimulatorTrust(trust.trustRoot);
  bare = BaileysCompanion.start({
    url: trust.waWebSocketUrl,
    ...(mediaCa ? { http: simulatorHttp(mediaCa) } : {}),
  });
  const qr = await bare.waitForQr(30_000);
  const opened = bare.waitForOpen(30_000);
  await http('POST', `${simBase}/sandbox/phones/5511900000102/scan`, { qr });
  await opened;
  const socket = bare.socket;

  const viaUrl = () =>
    http(
      'POST',
      `${base}/rest/sendMessage/bench/mediaUrl`,
      { messageData: { to, url: `${filesBase}/image.jpg`, type: 'image' } },
      token,
    );
  const base64 = `data:image/jpeg;base64,${jpeg.toString('base64')}`;
  const viaBase64 = () =>
    http(
      'POST',
      `${base}/rest/sendMessage/bench/mediaBase64`,
      { messageData: { to, base64, type: 'image' } },
      token,
    );
  const viaBaileys = () => socket.sendMessage(to, { image: jpeg, mimetype: 'image/jpeg' });

  // (b) first, before the image sends grow the heaps: the 100 MB document through zapgate (the
  // standalone process's RSS) ... after both paths sent a few small documents (code loaded, buffers
  // and caches warm)
  for (let i = 0; i < 3; i++) {
    await http(
      'POST',
      `${base}/rest/sendMessage/bench/mediaUrl`,
      { messageData: { to, url: `${filesBase}/small.pdf`, type: 'document', fileName: 'small.pdf' } },
      token,
    );
    await socket.sendMessage(to, {
      document: { stream: documentStream(MB) },
      mimetype: 'application/pdf',
      fileName: 'small.pdf',
    });
  }
  await sleep(3000);
  const holder = topology.holder.pid!;
  const viaGateway = await memoryGrowth(holder, inspected.live, () =>
    http<{ messageData: { key: { id: string } } }>(
      'POST',
      `${base}/rest/sendMessage/bench/mediaUrl`,
      { messageData: { to, url: `${filesBase}/document.pdf`, type: 'document', fileName: 'big.pdf' } },
      token,
    ),
  );
  // ... checked at the phone (downloaded and decrypted by the simulator, whole) ...
  const expected = createHash('sha256');
  // the same bytes in a file, for bare Baileys to read as the shard reads the media store's
  const docFile = join(await mkdtemp(join(tmpdir(), 'zg-bench-doc-')), 'big.pdf');
  const hashing = documentStream(docBytes);
  hashing.on('data', (chunk: Buffer) => expected.update(chunk));
  await pipeline(hashing, createWriteStream(docFile));
  const sha256 = expected.digest('hex');
  const id = viaGateway.result.messageData.key.id;
  let media: { state?: string; sha256?: string } | undefined;
  for (let t = 0; t < 600 && media?.state !== 'ready' && media?.state !== 'failed'; t++) {
    const inbox = await http<{ id: string; media?: { state: string; sha256?: string } }[]>(
      'GET',
      `${simBase}/sandbox/phones/${recipient}/messages`,
    );
    media = inbox.find((m) => m.id === id)?.media;
    if (media?.state !== 'ready') await sleep(100);
  }
  // ... and by bare Baileys from a file stream (this process: what Baileys itself holds)
  await sleep(3000);
  const viaBare = await memoryGrowth(process.pid, ownLiveMemory(), () =>
    socket.sendMessage(to, {
      document: { stream: createReadStream(docFile) },
      mimetype: 'application/pdf',
      fileName: 'big.pdf',
    }),
  );
  await rm(dirname(docFile), { recursive: true, force: true });

  // (a) warm every path (sessions, caches, JIT), then let the simulator settle between phases
  for (const send of [viaUrl, viaBase64, viaBaileys]) await saturate(send, 5);
  // CPU time of the sending side: the standalone process, or this one (bare Baileys; the load
  // generator and file server here are light)
  const zapgateCpu = () => cpuSeconds(topology.holder.pid!);
  const benchCpu = () => {
    const { user, system } = process.cpuUsage();
    return (user + system) / 1e6;
  };
  const phase = async (send: () => Promise<unknown>, cpu: () => number) => {
    await sleep(2000);
    return saturate(send, images, cpu);
  };
  const throughput = {
    gatewayMediaUrl: await phase(viaUrl, zapgateCpu),
    gatewayMediaBase64: await phase(viaBase64, zapgateCpu),
    bareBaileys: await phase(viaBaileys, benchCpu),
  };

  const result = {
    benchmark: 'send-media',
    mode: 'standalone process, simulator in its own process, files from a local HTTP server',
    image: { bytes: jpeg.length, sends: images, concurrency },
    throughput,
    throughputRatio: {
      mediaUrl: +(throughput.gatewayMediaUrl.perSecond / throughput.bareBaileys.perSecond).toFixed(2),
      mediaBase64: +(throughput.gatewayMediaBase64.perSecond / throughput.bareBaileys.perSecond).toFixed(2),
    },
    document: {
      megabytes: docBytes / MB,
      gateway: { peakRssGrowthMB: viaGateway.peakRssGrowthMB, peakLiveGrowthMB: viaGateway.peakLiveGrowthMB },
      bareBaileys: { peakRssGrowthMB: viaBare.peakRssGrowthMB, peakLiveGrowthMB: viaBare.peakLiveGrowthMB },
      arrivedIntact: media?.state === 'ready' && media.sha256 === sha256,
    },
  };
  console.log(JSON.stringify(result, null, 2));
} finally {
  bare?.end();
  inspected.close();
  files.close();
  await topology.stop();
}
process.exit(0);
