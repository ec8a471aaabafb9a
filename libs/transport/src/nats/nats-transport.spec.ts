import { randomUUID } from 'node:crypto';
import { jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect } from '@nats-io/transport-node';
import { describeTransportContract } from '../transport.contract.js';
import { NatsCommandBus } from './nats-command-bus.js';
import { NatsEventLog } from './nats-event-log.js';
import { NatsLeaseStore } from './nats-lease-store.js';

// The real server: CI fails (does not skip) when it is not there.
const servers = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
const LEASE_TTL_MS = 1_000;

describeTransportContract('NATS + JetStream', async () => {
  const suffix = randomUUID().slice(0, 8);
  const [a, b] = await Promise.all([
    connect({ servers, name: 'zg-test-a' }),
    connect({ servers, name: 'zg-test-b' }),
  ]);
  const stream = `ZG_TEST_${suffix}`;
  const bucket = `zg_test_${suffix}`;
  const eventPrefix = `zgtest.${suffix}`;
  const events = await NatsEventLog.open(a, { stream, subjects: [`${eventPrefix}.>`] });
  const leases = await NatsLeaseStore.open(a, bucket, LEASE_TTL_MS);
  return {
    bus: new NatsCommandBus(a),
    otherBus: new NatsCommandBus(b),
    events,
    leases,
    leaseTtlMs: LEASE_TTL_MS,
    eventPrefix,
    close: async () => {
      const jsm = await jetstreamManager(a);
      await jsm.streams.delete(stream).catch(() => undefined);
      await new Kvm(a)
        .open(bucket)
        .then((kv) => kv.destroy())
        .catch(() => undefined);
      await Promise.all([a.drain(), b.drain()]);
    },
  };
});
