import type { INestApplication } from '@nestjs/common';
import QRCode from 'qrcode';
import {
  BaileysCompanion,
  simulatorHttp,
  WaSimulator,
  type CompanionOptions,
  type MemoryAuthState,
} from '@zapgate/wa-sim';
import { createWaSimApp } from '../src/wa-sim-app.js';

export interface Reply<T> {
  status: number;
  body: T;
}

/** A simulator with the wa-sim HTTP app on a free loopback port, and its Baileys companions. */
export class ControlApiHarness {
  private readonly companions: BaileysCompanion[] = [];

  private constructor(
    readonly sim: WaSimulator,
    private readonly app: INestApplication,
    readonly base: string,
  ) {}

  static async start(): Promise<ControlApiHarness> {
    const sim = await WaSimulator.start();
    const app = await createWaSimApp(sim, false);
    await app.listen(0, '127.0.0.1');
    return new ControlApiHarness(sim, app, await app.getUrl());
  }

  /** JSON in and out; `body` is a string to send it raw. */
  async call<T = unknown>(method: string, path: string, body?: unknown): Promise<Reply<T>> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  /**
   * A Baileys client on the simulator (trusting its media host through its own agents): a new
   * device, or the one whose saved `auth` is given.
   */
  companion(auth?: MemoryAuthState, config?: CompanionOptions['config']): BaileysCompanion {
    const companion = BaileysCompanion.start({
      url: this.sim.url,
      auth,
      http: simulatorHttp(this.sim.mediaCaPem),
      config,
    });
    this.companions.push(companion);
    return companion;
  }

  /** Creates `number` over HTTP and links a fresh companion to it by posting its QR as a PNG. */
  async linkedCompanion(number: string, config?: CompanionOptions['config']): Promise<BaileysCompanion> {
    await this.call('POST', '/sandbox/phones', { number });
    const companion = this.companion(undefined, config);
    const qr = await companion.waitForQr();
    const opened = companion.waitForOpen();
    const scanned = await this.call('POST', `/sandbox/phones/${number}/scan`, {
      qr: await QRCode.toDataURL(qr),
    });
    if (scanned.status !== 200) throw new Error(`scan failed: ${JSON.stringify(scanned.body)}`);
    await opened;
    return companion;
  }

  async close(): Promise<void> {
    this.companions.splice(0).forEach((c) => c.end());
    await Promise.all([this.app.close(), this.sim.stop()]);
  }
}
