import { DomainError, ErrorCode } from '@zapgate/contracts';
import { startNatsServer, type RunningNatsServer } from '@zapgate/testing';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { NatsCommandBus } from './nats-command-bus.js';

// NATS restarted under a running bus: requests fail fast while it is down, and work again after.
describe('NatsCommandBus through a NATS restart', () => {
  let nats: RunningNatsServer;
  let server: NatsConnection;
  let client: NatsConnection;

  beforeAll(async () => {
    nats = await startNatsServer();
    const options = { servers: nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 };
    [server, client] = await Promise.all([connect(options), connect(options)]);
  });
  afterAll(async () => {
    await Promise.all([server?.close(), client?.close()]);
    await nats?.stop();
  });

  it('answers unavailable at once while NATS is down (in-flight requests too), and serves again once it is back', async () => {
    const serving = new NatsCommandBus(server);
    const calling = new NatsCommandBus(client);
    let release: (() => void) | undefined;
    await serving.serve<{ n: number }, { n: number }>('svc.echo', async (r) => r);
    await serving.serve('svc.slow', () => new Promise((r) => (release = () => r('late'))));
    expect(await calling.request('svc.echo', { n: 1 })).toEqual({ n: 1 });

    const inFlight = calling.request('svc.slow', {}, { timeoutMs: 30_000 });
    inFlight.catch(() => undefined);
    await until(() => !!release);
    const downAt = Date.now();
    await nats.down();
    await expect(inFlight).rejects.toMatchObject({
      code: ErrorCode.Unavailable,
      details: { retryAfterSeconds: expect.any(Number) },
    });
    const started = Date.now();
    const refused = await calling.request('svc.echo', { n: 2 }, { timeoutMs: 30_000 }).catch((e) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect(refused).toMatchObject({
      code: ErrorCode.Unavailable,
      message: expect.stringMatching(/unreachable/),
    });
    expect(Date.now() - started).toBeLessThan(500); // not the 30 s timeout
    expect(Date.now() - downAt).toBeLessThan(5_000);

    await nats.up();
    // the clients reconnect by themselves; their subscriptions are restored
    await until(async () => calling.isConnected && serving.isConnected, 20_000);
    await until(
      async () =>
        (await calling.request('svc.echo', { n: 3 }).then(
          (r) => (r as { n: number }).n === 3,
          () => false,
        )) === true,
      20_000,
    );
  }, 60_000);
});

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
