import { Curve } from '@whiskeysockets/baileys';
import type { TempFileMediaStore } from '@zapgate/media';
import type { EmbeddedStorage } from '@zapgate/storage';
import { BaileysCompanion, type WaSimulator } from '@zapgate/wa-sim';
import { curveVerifyMemo, trustSimulatorRoot, verifyCurveSignature, WaSession } from '@zapgate/whatsapp';
import { pino } from 'pino';
import { openSessionEnvironment, type SessionEnvironment } from './test/session-environment.js';

// The memoised, strict Curve.verify (curve-verify-memo.ts) on real connects: a session installs
// it, pairing and the certificate check of each connect go through it, a repeated connect is
// served from memory, and a chain that does not verify still ends the connect.
describe('certificate checks of real connects (memoised Curve.verify)', () => {
  let sim: WaSimulator;
  let env: SessionEnvironment;
  let storage: EmbeddedStorage;
  let media: TempFileMediaStore;
  const sessions: WaSession[] = [];
  const companions: BaileysCompanion[] = [];

  beforeAll(async () => {
    env = await openSessionEnvironment('zg-curve-');
    ({ sim, storage, media } = env);
  });
  afterEach(async () => {
    companions.splice(0).forEach((c) => c.end());
    await Promise.all(sessions.splice(0).map((s) => s.close()));
  });
  afterAll(() => env.close());

  const session = (instance: string, auth = storage.auth) => {
    const sut = new WaSession(instance, {
      auth,
      messages: storage.messages,
      media,
      logger: pino({ level: 'silent' }),
      waWebSocketUrl: sim.url,
      emit: async () => undefined,
    });
    sessions.push(sut);
    return sut;
  };

  it('pairs and reconnects through it; the second connect’s chain is served from memory', async () => {
    const sut = session('curve-1');
    const memo = curveVerifyMemo();
    expect(memo).toBeDefined(); // the session installed it
    expect(Curve.verify).toBe(memo);
    expect(memo!.original).toBe(verifyCurveSignature);

    await sim.createPhone({ number: '5511970000001' });
    await sut.start();
    const { qr } = await sut.waitForState(['qr'], 15_000);
    // the certificate chain (leaf, intermediate) verified and remembered; the account signature
    // of the pairing is checked for real too (a new one: not remembered before)
    expect(memo!.remembered).toBeGreaterThanOrEqual(2);
    await sim.scanQr('5511970000001', qr!);
    await sut.waitForState(['connected'], 15_000);

    await sut.close();

    // adopted again (a new session, as a shard makes it): the creds are read once, not per step
    const credsReads: string[] = [];
    const auth = storage.auth;
    const counting = Object.create(auth, {
      read: {
        value: (instance: string, type: string, ids: string[]) => {
          if (type === 'creds') credsReads.push(instance);
          return auth.read(instance, type, ids);
        },
      },
    }) as typeof auth;
    const again = session('curve-1', counting);
    const hits = memo!.hits;
    expect(await again.hasCredentials()).toBe(true);
    await again.start();
    await again.waitForState(['connected'], 15_000);
    expect(credsReads).toEqual(['curve-1']);
    expect(memo!.hits).toBeGreaterThanOrEqual(hits + 2); // the chain, from memory this time
  });

  it('still ends a connect whose certificate chain does not verify (a root not trusted)', async () => {
    session('curve-2'); // installs it, as in the shard
    const remembered = curveVerifyMemo()!.remembered;
    const untrust = trustSimulatorRoot(Curve.generateKeyPair().public);
    try {
      const sut = BaileysCompanion.start({ url: sim.url, config: { connectTimeoutMs: 10_000 } });
      companions.push(sut);
      await sut.waitForClose(15_000);
      // no QR: the handshake never finished
      expect(sut.events.some((e) => e.name === 'connection.update' && (e.data as { qr?: string }).qr)).toBe(
        false,
      );
      expect(curveVerifyMemo()!.remembered).toBe(remembered); // a failed check is not remembered
    } finally {
      untrust();
    }
  });
});
