#!/usr/bin/env node
// Reads zapgate's events straight from NATS: a durable JetStream consumer on the stream ZG_EVENTS.
// Each event is printed as one line, `<subject> <envelope JSON>`, and acknowledged; a restarted
// consumer with the same name resumes after the last event it acknowledged.
//
//   npm i @nats-io/transport-node @nats-io/jetstream     (already there in the zapgate repository)
//   NATS_URL=nats://127.0.0.1:4222 node docs/examples/nats-consumer.mjs
//
// Settings (environment):
//   NATS_URL     the NATS server zapgate's shards use (default nats://127.0.0.1:4222)
//   ZG_CONSUMER  the durable consumer's name, one per application (default zapgate-example)
//   ZG_FILTER    which events: zg.evt.> (all, default), zg.evt.shop.> (instance "shop"),
//                zg.evt.*.message-received (one event of every instance)
// Envelopes and their JSON Schemas: docs/events.md.
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';

const STREAM = 'ZG_EVENTS';
const url = process.env.NATS_URL ?? 'nats://127.0.0.1:4222';
const durable = process.env.ZG_CONSUMER ?? 'zapgate-example';
const filter = process.env.ZG_FILTER ?? 'zg.evt.>';

const nc = await connect({ servers: url, name: `zapgate-consumer-${durable}` });
const jsm = await jetstreamManager(nc);
try {
  await jsm.streams.info(STREAM);
} catch {
  console.error(`stream ${STREAM} not found on ${url}: start a zapgate shard on this NATS first`);
  await nc.close();
  process.exit(1);
}
try {
  await jsm.consumers.info(STREAM, durable);
} catch {
  // created once; its position is kept by the server between runs
  await jsm.consumers.add(STREAM, {
    durable_name: durable,
    filter_subject: filter,
    deliver_policy: DeliverPolicy.All,
    ack_policy: AckPolicy.Explicit,
    // one event in flight: events are handled in stream order, even after a redelivery
    max_ack_pending: 1,
    ack_wait: 30_000_000_000, // ns: redelivered if not acknowledged within 30 s
  });
}

const consumer = await jetstream(nc).consumers.get(STREAM, durable);
const messages = await consumer.consume();
const stop = async () => {
  await messages.close();
  await nc.drain();
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
console.error(`consuming ${filter} from ${STREAM} as ${durable}`);

for await (const m of messages) {
  const envelope = m.json(); // {id, instance, event, at, data}
  // handle the event here; `envelope.id` is unique per event: deduplicate on it
  console.log(`${m.subject} ${JSON.stringify(envelope)}`);
  m.ack();
}
