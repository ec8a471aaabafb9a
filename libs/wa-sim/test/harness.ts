import {
  BaileysCompanion,
  simulatorHttp,
  WaSimulator,
  type CompanionOptions,
  type PhoneView,
} from '../src/index.js';

/** Simulator + companions for tests; everything is torn down with `close()`. */
export class SimHarness {
  private readonly companions: BaileysCompanion[] = [];
  private constructor(readonly sim: WaSimulator) {}

  static async start(): Promise<SimHarness> {
    return new SimHarness(await WaSimulator.start());
  }

  /** A phone with one companion linked by QR and open. */
  async linkedCompanion(
    number: string,
    name?: string,
    config?: CompanionOptions['config'],
  ): Promise<{ phone: PhoneView; companion: BaileysCompanion }> {
    await this.sim.createPhone({ number, name });
    const companion = this.companion(undefined, config);
    const qr = await companion.waitForQr();
    const opened = companion.waitForOpen();
    await this.sim.scanQr(number, qr);
    await opened;
    return { phone: this.sim.getPhone(number), companion };
  }

  /**
   * A Baileys device on the simulator, trusting its media host the explicit way (agents given to
   * this socket only): a new device, or the one whose saved `auth` is given.
   */
  companion(auth?: BaileysCompanion['auth'], config?: CompanionOptions['config']): BaileysCompanion {
    const c = BaileysCompanion.start({
      url: this.sim.url,
      auth,
      http: simulatorHttp(this.sim.mediaCaPem),
      config,
    });
    this.companions.push(c);
    return c;
  }

  async close(): Promise<void> {
    this.companions.splice(0).forEach((c) => c.end());
    await this.sim.stop();
  }
}

export const textOf = (m: {
  message?: { conversation?: string | null; extendedTextMessage?: { text?: string | null } | null } | null;
}) => m.message?.conversation ?? m.message?.extendedTextMessage?.text ?? undefined;
