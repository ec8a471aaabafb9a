// The least any HTTP gateway does per send: bare Baileys in its own process behind node:http, one
// route that parses a JSON body, calls sendMessage and answers the message id as JSON. No auth,
// validation, storage or events. send-text's `--http-floor` measures it beside the gateway and bare
// Baileys: the throughput ratio it reaches bounds what any gateway can reach on this machine.
// Driven over IPC: the parent passes the simulator's URL and root key, scans the QR it reports,
// and gets the port once the socket is open.
import { createServer } from 'node:http';
import { BaileysCompanion, trustSimulatorRoot } from '@zapgate/wa-sim';

export type FloorMessage = { qr: string } | { ready: true; port: number };

const [url, rootPublicKey, port] = process.argv.slice(2) as [string, string, string];
trustSimulatorRoot(Buffer.from(rootPublicKey, 'base64'));
const bare = BaileysCompanion.start({ url, retainEvents: 16 });
process.send!({ qr: await bare.waitForQr(30_000) } satisfies FloorMessage);
await bare.waitForOpen(30_000);

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const answer = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
    };
    let to: string, text: string;
    try {
      ({ to, text } = JSON.parse(Buffer.concat(chunks).toString()) as { to: string; text: string });
    } catch {
      return answer(400, { error: true, message: 'the body is not JSON' });
    }
    bare.socket.sendMessage(to, { text }).then(
      (sent) => answer(200, { id: sent?.key.id }),
      (err: Error) => answer(500, { error: true, message: err.message }),
    );
  });
});
server.listen(Number(port), '127.0.0.1', () =>
  process.send!({ ready: true, port: Number(port) } satisfies FloorMessage),
);
process.on('disconnect', () => {
  bare.end();
  server.close(() => process.exit(0));
});
