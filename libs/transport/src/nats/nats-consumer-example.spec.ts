import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EVENTS_STREAM, Subjects, type EventEnvelope } from '@zapgate/contracts';
import { startNatsServer, type RunningNatsServer } from '@zapgate/testing';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { NatsEventLog } from './nats-event-log.js';

const EXAMPLE = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '../../../../docs/examples/nats-consumer.mjs',
);

/** Runs docs/examples/nats-consumer.mjs as a user would, collecting what it prints. */
function runExample(env: Record<string, string>): {
  child: ChildProcess;
  lines: string[];
  stop(): Promise<void>;
} {
  const child = spawn(process.execPath, [EXAMPLE], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
  });
  return {
    child,
    lines,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

describe('docs/examples/nats-consumer.mjs', () => {
  let nats: RunningNatsServer;
  let nc: NatsConnection;
  let log: NatsEventLog;

  const publish = async (instance: string, text: string) => {
    const envelope: EventEnvelope<'message-received'> = {
      id: randomUUID(),
      instance,
      event: 'message-received',
      at: new Date().toISOString(),
      data: {
        id: `3EB0${text.length}`,
        chat: '5511970000002@s.whatsapp.net',
        sender: '5511970000002@s.whatsapp.net',
        fromMe: false,
        timestamp: 1795403782,
        type: 'conversation',
        text,
        delivery: 'notify',
        raw: { key: { remoteJid: '5511970000002@s.whatsapp.net', id: `3EB0${text.length}` } },
      },
    };
    await log.publish(Subjects.event(instance, 'message-received'), envelope, { id: envelope.id });
    return envelope;
  };

  beforeAll(async () => {
    nats = await startNatsServer();
    nc = await connect({ servers: nats.url });
    // the stream as a shard creates it
    log = await NatsEventLog.open(nc, { stream: EVENTS_STREAM, subjects: [Subjects.allEvents] });
  });
  afterAll(async () => {
    await nc?.close();
    await nats?.stop();
  });

  it('prints each published event as `<subject> <envelope>`, and a restarted consumer resumes after the last ack', async () => {
    const first = await publish('shop', 'hello');
    const run1 = runExample({ NATS_URL: nats.url, ZG_CONSUMER: 'example-test' });
    try {
      await until(() => run1.lines.length >= 1);
      expect(run1.lines).toEqual([`zg.evt.shop.message-received ${JSON.stringify(first)}`]);
      const live = await publish('shop', 'while running');
      await until(() => run1.lines.length >= 2);
      expect(run1.lines[1]).toBe(`zg.evt.shop.message-received ${JSON.stringify(live)}`);
    } finally {
      await run1.stop();
    }
    expect(run1.child.exitCode).toBe(0);

    const missed = await publish('shop', 'while stopped');
    const run2 = runExample({ NATS_URL: nats.url, ZG_CONSUMER: 'example-test' });
    try {
      await until(() => run2.lines.length >= 1);
      // a moment for anything already acknowledged to (wrongly) come again
      await new Promise((r) => setTimeout(r, 300));
      expect(run2.lines).toEqual([`zg.evt.shop.message-received ${JSON.stringify(missed)}`]);
    } finally {
      await run2.stop();
    }
  });

  it('takes a filter: only the events of one instance', async () => {
    await publish('other', 'not for me');
    const mine = await publish('mine', 'for me');
    const run = runExample({ NATS_URL: nats.url, ZG_CONSUMER: 'example-filter', ZG_FILTER: 'zg.evt.mine.>' });
    try {
      await until(() => run.lines.length >= 1);
      await new Promise((r) => setTimeout(r, 300));
      expect(run.lines).toEqual([`zg.evt.mine.message-received ${JSON.stringify(mine)}`]);
    } finally {
      await run.stop();
    }
  });
});

async function until(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
