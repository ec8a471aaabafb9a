// The simulator in its own process, driven over the IPC channel, so the benchmark process holds
// nothing but the Baileys clients it measures.
import { WaSimulator } from '@zapgate/wa-sim';

export type SimRequest =
  { id: number; op: 'createPhone'; number: string } | { id: number; op: 'scan'; number: string; qr: string };
export type SimReply = { id: number; ok: true; value?: unknown } | { id: number; ok: false; error: string };
export interface SimReady {
  ready: true;
  url: string;
  rootPublicKey: string;
}

const sim = await WaSimulator.start();
process.send!({
  ready: true,
  url: sim.url,
  rootPublicKey: sim.rootPublicKey.toString('base64'),
} satisfies SimReady);
process.on('message', async (req: SimRequest) => {
  try {
    const value =
      req.op === 'createPhone'
        ? await sim.createPhone({ number: req.number })
        : await sim.scanQr(req.number, req.qr);
    process.send!({ id: req.id, ok: true, value } satisfies SimReply);
  } catch (err) {
    process.send!({ id: req.id, ok: false, error: String(err) } satisfies SimReply);
  }
});
process.on('disconnect', () => void sim.stop().then(() => process.exit(0)));
