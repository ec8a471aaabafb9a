// The groups service as its own processes (two replicas in the queue group zg-groups, one durable
// consumer on ZG_EVENTS) beside a gateway, a shard and the simulator, on a private NATS and
// FerretDB, from the build under dist/. One replica is SIGKILLed while group requests flow: the
// other answers them.
import type { RunningProcess } from '@zapgate/testing';
import { ADMIN, call, DistributedHarness } from './distributed-harness.js';

const SHOP = '5511961000001';
const ANA = '5511961000002';
const BIA = '5511961000003';
/** The gateway's command timeout: a request caught in the killed replica fails within it (plus 2 s). */
const COMMAND_TIMEOUT_MS = 5_000;

describe('distributed: the groups service as two processes, one SIGKILLed mid-traffic', () => {
  let h: DistributedHarness;
  let simBase: string;
  let base: string;
  const groups: RunningProcess[] = [];
  const waitUntil = <T>(
    what: string,
    probe: () => T | undefined | Promise<T | undefined>,
    timeoutMs?: number,
  ) => h.waitUntil(what, probe, timeoutMs);

  async function startGroups(name: string): Promise<RunningProcess> {
    const p = await h.startGroups(name, { ZG_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS) });
    groups.push(p);
    return p;
  }

  beforeAll(async () => {
    h = await DistributedHarness.start({ tmpPrefix: 'zg-e2e-groups-' });
    simBase = h.simBase;
    await h.startGateway({ ZG_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS) });
    base = h.base;
    await h.startShard('shard-a');
    await Promise.all([startGroups('groups-a'), startGroups('groups-b')]);
  }, 180_000);

  afterAll(async () => {
    await h?.stop();
  });

  it('answers group routes from either replica, and from the survivor after a SIGKILL', async () => {
    for (const number of [SHOP, ANA, BIA]) await call('POST', `${simBase}/sandbox/phones`, { number });
    const init = await call('POST', `${base}/rest/instance/init?instance_key=shop`, {}, ADMIN);
    const token: string = init.body.data.token;
    const qr = await waitUntil('the QR', async () => {
      const r = await call('GET', `${base}/rest/instance/qrcode_base64/shop`, undefined, token);
      return r.status === 200 ? (r.body.qrcode as string) : undefined;
    });
    await call('POST', `${simBase}/sandbox/phones/${SHOP}/scan`, { qr });
    await waitUntil(
      'shop connected',
      async () =>
        (await call('GET', `${base}/rest/instance/shop`, undefined, token)).body.instance?.status ===
        'connected',
    );

    const created = await call(
      'POST',
      `${base}/rest/group/shop/create`,
      { group_data: { group_name: 'Ops', participants: [ANA, BIA] } },
      token,
    );
    expect(created.status).toBe(200);
    const group: string = created.body.data.id;

    // traffic: reads from the read model and mutations through the shard, one after another
    const outcomes: { at: number; status: number }[] = [];
    let stop = false;
    const traffic = (async () => {
      for (let n = 0; !stop; n++) {
        const r =
          n % 3 === 2
            ? await call(
                'POST',
                `${base}/rest/group/shop/${n % 2 ? 'promote' : 'demote'}Participants`,
                { group_data: { jid: group, participants: [ANA] } },
                token,
              )
            : await call('GET', `${base}/rest/group/shop/group?jid=${group}`, undefined, token);
        outcomes.push({ at: Date.now(), status: r.status });
      }
    })();
    await waitUntil('traffic before the kill', () => outcomes.length >= 20);
    const killedAt = Date.now();
    await groups[0]!.kill();
    await waitUntil(
      'traffic after the kill',
      () => outcomes.filter((o) => o.at > killedAt).length >= 30,
      60_000,
    );
    stop = true;
    await traffic;

    const before = outcomes.filter((o) => o.at <= killedAt);
    const after = outcomes.filter((o) => o.at > killedAt);
    expect(before.every((o) => o.status === 200)).toBe(true);
    // at most the one request the killed replica held fails (504 after the command timeout);
    // everything else is answered by the survivor
    const failed = after.filter((o) => o.status !== 200);
    expect(failed.length).toBeLessThanOrEqual(1);
    for (const f of failed) expect(f.status).toBe(504);
    expect(after.slice(-20).every((o) => o.status === 200)).toBe(true);
    console.log('group requests:', {
      beforeKill: before.length,
      afterKill: after.length,
      failed: failed.length,
    });

    // the survivor's read model follows the events: bia removed through the shard
    const removed = await call(
      'POST',
      `${base}/rest/group/shop/removeParticipants`,
      { group_data: { jid: group, participants: [BIA] } },
      token,
    );
    expect(removed.status).toBe(200);
    await waitUntil('the read model without bia', async () => {
      const r = await call('GET', `${base}/rest/group/shop/group?jid=${group}`, undefined, token);
      return r.body.data.participants.length === 2;
    });
  }, 240_000);
});
