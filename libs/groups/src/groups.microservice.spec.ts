import { randomUUID } from 'node:crypto';
import {
  DomainError,
  ErrorCode,
  Subjects,
  type EventData,
  type EventEnvelope,
  type EventName,
  type GroupInfo,
} from '@zapgate/contracts';
import { MemoryCommandBus, MemoryEventLog } from '@zapgate/transport';
import { pino } from 'pino';
import { startGroupsService, type RunningGroupsService } from './groups.module.js';
import { MemoryGroupRepository } from './memory-groups.fake.js';

const ME = '5511900000001@s.whatsapp.net';
const BOB = '5511900000002@s.whatsapp.net';
const G1 = '120363000000000001@g.us';

const group = (over: Partial<GroupInfo> = {}): GroupInfo => ({
  id: G1,
  subject: 'Team',
  announce: false,
  restrict: false,
  size: 1,
  participants: [{ id: ME, role: 'superadmin' }],
  ...over,
});

/** Polls until `check` passes (bounded), for what events change asynchronously. */
async function eventually(check: () => Promise<void>, timeoutMs = 3_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}

describe('groups microservice (@MessagePattern handlers on the in-memory transport)', () => {
  let bus: MemoryCommandBus;
  let events: MemoryEventLog;
  let repo: MemoryGroupRepository;
  let replicas: RunningGroupsService[];
  const shardAsked: string[] = [];

  const publish = async <E extends EventName>(event: E, data: EventData[E]) => {
    const envelope: EventEnvelope<E> = {
      id: randomUUID(),
      instance: 'shop',
      event,
      at: new Date().toISOString(),
      data,
    };
    await events.publish(Subjects.event('shop', event), envelope, { id: envelope.id });
  };

  beforeEach(async () => {
    bus = new MemoryCommandBus();
    events = new MemoryEventLog();
    repo = new MemoryGroupRepository();
    shardAsked.length = 0;
    // the owning shard of instance `shop`
    await bus.serve<Record<string, unknown>, unknown>('zg.cmd.shop.*', async (request, subject) => {
      const verb = subject.split('.').pop()!;
      shardAsked.push(verb);
      if (verb === 'get-group') {
        if (request['group'] !== G1) throw new DomainError(ErrorCode.GroupNotFound, 'no such group');
        return group();
      }
      if (verb === 'set-group-subject') return { group: request['group'] };
      throw new DomainError(ErrorCode.NotImplemented, verb);
    });
    const deps = {
      bus,
      events,
      groups: repo,
      instances: {
        get: async () => ({
          key: 'shop',
          dialect: 'mega' as const,
          account: { id: ME },
          createdAt: '',
          updatedAt: '',
        }),
      },
      logger: pino({ level: 'silent' }),
      freshMs: 60_000,
      commandTimeoutMs: 1_000,
    };
    // two replicas in one queue group
    replicas = [await startGroupsService(deps), await startGroupsService({ ...deps, consumeEvents: false })];
  });
  afterEach(async () => {
    for (const r of replicas) await r.stop();
  });

  it('answers zg.groups.<verb> requests, one replica each, from the read model once fetched', async () => {
    const got = await bus.request(Subjects.groups('get-group'), { instance: 'shop', group: G1 });
    expect(got).toEqual(group());
    for (let n = 0; n < 4; n++)
      await bus.request(Subjects.groups('get-group'), { instance: 'shop', group: G1 });
    expect(shardAsked).toEqual(['get-group']);
    await bus.request(Subjects.groups('set-group-subject'), { instance: 'shop', group: G1, subject: 'New' });
    expect(shardAsked).toEqual(['get-group', 'set-group-subject']);
  });

  it("hands the shard's DomainError back as itself, and refuses malformed requests before the shard", async () => {
    await expect(
      bus.request(Subjects.groups('get-group'), { instance: 'shop', group: '120363000000000009@g.us' }),
    ).rejects.toMatchObject({ code: ErrorCode.GroupNotFound, message: 'no such group' });
    await expect(
      bus.request(Subjects.groups('get-group'), { instance: 'shop', group: 'not-a-group' }),
    ).rejects.toMatchObject({
      code: ErrorCode.ValidationFailed,
      message: expect.stringMatching(/^invalid get-group request: group must match/),
    });
    await expect(
      bus.request(Subjects.groups('set-group-setting'), { instance: 'shop', group: G1, setting: 'everyone' }),
    ).rejects.toBeInstanceOf(DomainError);
    expect(shardAsked).toEqual(['get-group']);
  });

  it('keeps the read model from group events on the event log', async () => {
    await publish('group-updated', { group: G1, author: ME, metadata: group() });
    await eventually(async () => expect(await repo.get('shop', G1)).toBeDefined());
    await publish('group-participants-changed', {
      group: G1,
      action: 'add',
      participants: [{ id: BOB }],
      author: ME,
    });
    await publish('group-participants-changed', {
      group: G1,
      action: 'promote',
      participants: [{ id: BOB }],
      author: ME,
    });
    await publish('group-updated', { group: G1, author: ME, announce: true, subject: 'Renamed' });
    await eventually(async () =>
      expect(await bus.request(Subjects.groups('get-group'), { instance: 'shop', group: G1 })).toMatchObject({
        subject: 'Renamed',
        announce: true,
        size: 2,
        participants: [
          { id: ME, role: 'superadmin' },
          { id: BOB, role: 'admin' },
        ],
      }),
    );
    expect(shardAsked).toEqual([]);
    // this account removed: the group is forgotten
    await publish('group-participants-changed', {
      group: G1,
      action: 'remove',
      participants: [{ id: ME }],
      author: BOB,
    });
    await eventually(async () => expect(await repo.get('shop', G1)).toBeUndefined());
  });
});
