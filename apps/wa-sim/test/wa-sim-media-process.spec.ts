import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { WA_CERT_DETAILS, type WAMessage } from '@whiskeysockets/baileys';
import QRCode from 'qrcode';
import { freePort, startProcess, type RunningProcess } from '@zapgate/testing';
import { BaileysCompanion, type PhoneMessage } from '@zapgate/wa-sim';
import { trustedSimulatorHttp, useSimulatorEndpoint } from '@zapgate/whatsapp';

// The simulator as its own process (`npm run sim`, from dist/: `npm run build` first) and a
// Baileys device in this one that trusts it only through what a shard is given:
// WA_WEBSOCKET_URL and WA_SIM_TRUST_ROOT (the trustRoot of GET /sandbox/trust).
const MAIN = fileURLToPath(new URL('../../../dist/apps/wa-sim/src/main.js', import.meta.url));
const SHOP = '5511910000001';
const CUSTOMER = '5511910000002';
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('media with a simulator in another process', () => {
  let sim: RunningProcess | undefined;
  let device: BaileysCompanion | undefined;
  const pinnedRoot = WA_CERT_DETAILS.PUBLIC_KEY;
  afterAll(async () => {
    device?.end();
    await sim?.stop();
    WA_CERT_DETAILS.PUBLIC_KEY = pinnedRoot; // the switch a shard flips at boot, undone for the next suites
  });

  it('uploads and downloads through its HTTPS media host with WA_SIM_TRUST_ROOT alone', async () => {
    expect(existsSync(MAIN)).toBe(true);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    sim = await startProcess({
      name: 'wa-sim',
      entry: MAIN,
      env: { WA_SIM_PORT: String(port), WA_SIM_LOG_LEVEL: 'warn' },
      readyUrl: `${base}/sandbox/trust`,
    });
    const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return (await res.json()) as T;
    };
    const trust = await call<{ waWebSocketUrl: string; trustRoot: string }>('GET', '/sandbox/trust');

    // what apps/session-shard does with its two settings
    const url = useSimulatorEndpoint(
      { url: trust.waWebSocketUrl, trustRoot: trust.trustRoot },
      { warn: () => undefined },
    );
    const http = trustedSimulatorHttp();
    expect(http).toBeDefined();
    device = BaileysCompanion.start({ url: url!, http });

    await call('POST', '/sandbox/phones', { number: SHOP });
    await call('POST', '/sandbox/phones', { number: CUSTOMER });
    const qr = await device.waitForQr();
    const opened = device.waitForOpen();
    await call('POST', `/sandbox/phones/${SHOP}/scan`, { qr: await QRCode.toDataURL(qr) });
    await opened;

    // device -> phone: Baileys uploads to the other process's media host
    const doc = randomBytes(40_000);
    const sent = await device.socket.sendMessage(`${CUSTOMER}@s.whatsapp.net`, {
      document: doc,
      mimetype: 'application/octet-stream',
      fileName: 'report.bin',
    });
    let seen: PhoneMessage | undefined;
    for (let i = 0; i < 100 && seen?.media?.state !== 'ready'; i++) {
      if (i) await new Promise((r) => setTimeout(r, 100)); // bounded poll: the phone is in that process
      const inbox = await call<PhoneMessage[]>('GET', `/sandbox/phones/${CUSTOMER}/messages`);
      seen = inbox.find((m) => m.id === sent!.key.id);
    }
    expect(seen?.media).toMatchObject({ state: 'ready', size: doc.length, sha256: sha256(doc) });

    // phone -> device: Baileys downloads and decrypts from there
    const photo = randomBytes(12_000);
    const fromPhone = await call<PhoneMessage>('POST', `/sandbox/phones/${CUSTOMER}/media`, {
      to: SHOP,
      kind: 'image',
      data: `data:image/jpeg;base64,${photo.toString('base64')}`,
    });
    const { messages } = await device.waitFor('messages.upsert', (u) =>
      u.messages.some((m) => m.key.id === fromPhone.id),
    );
    const msg = messages.find((m) => m.key.id === fromPhone.id) as WAMessage;
    expect((await device.downloadMedia(msg)).equals(photo)).toBe(true);
  });
});
