import type { GroupView, PhoneGroupEvent, PhoneMessage, SimGroupView } from '@zapgate/wa-sim';
import { ControlApiHarness } from './control-api.harness.js';

const ANA = '5511941000001';
const BIA = '5511941000002';
const SHOP = '5511941000003';
const pn = (n: string) => `${n}@s.whatsapp.net`;

/** Bounded poll of a GET until `match` holds. */
async function until<T>(
  h: ControlApiHarness,
  path: string,
  match: (body: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await h.call<T>('GET', path);
    if (match(body)) return body;
    if (Date.now() > end)
      throw new Error(`GET ${path}: no match within ${timeoutMs} ms: ${JSON.stringify(body)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('simulator control API: phones in groups', () => {
  let h: ControlApiHarness;
  beforeAll(async () => {
    h = await ControlApiHarness.start();
  });
  afterAll(() => h.close());

  it('phones create a group, talk in it with a Baileys member, manage it and see its notifications', async () => {
    await h.call('POST', '/sandbox/phones', { number: ANA, name: 'Ana' });
    await h.call('POST', '/sandbox/phones', { number: BIA, name: 'Bia' });
    const shop = await h.linkedCompanion(SHOP);

    const created = await h.call<GroupView>('POST', `/sandbox/phones/${ANA}/groups`, {
      subject: 'Lunch',
      participants: [BIA, SHOP],
    });
    expect(created.status).toBe(201);
    const group = created.body;
    expect(group).toMatchObject({ subject: 'Lunch', owner: pn(ANA), addressingMode: 'lid', size: 3 });
    expect(group.participants).toEqual(
      expect.arrayContaining([
        { jid: pn(ANA), lid: expect.stringMatching(/@lid$/), admin: 'superadmin' },
        { jid: pn(BIA), lid: expect.stringMatching(/@lid$/), admin: null },
      ]),
    );
    const upsert = await shop.waitFor('groups.upsert', (gs) => gs.some((g) => g.id === group.jid));
    expect(upsert[0]?.subject).toBe('Lunch');

    const listed = await h.call<GroupView[]>('GET', `/sandbox/phones/${BIA}/groups`);
    expect(listed.body.map((g) => g.jid)).toEqual([group.jid]);
    const server = await h.call<SimGroupView>('GET', `/sandbox/groups/${group.jid.split('@')[0]}`);
    expect(server.body).toMatchObject({ jid: group.jid, creator: pn(ANA), inviteCode: expect.any(String) });
    expect((await h.call<SimGroupView[]>('GET', '/sandbox/groups')).body).toHaveLength(1);

    // a phone's group message: the Baileys member decrypts it, the other phone too
    const sent = await h.call<PhoneMessage>('POST', `/sandbox/phones/${ANA}/messages`, {
      to: group.jid,
      text: 'pizza?',
    });
    expect(sent.status).toBe(201);
    const got = await shop.waitFor('messages.upsert', ({ messages }) =>
      messages.some((m) => m.key.id === sent.body.id && !!m.message),
    );
    const message = got.messages.find((m) => m.key.id === sent.body.id)?.message;
    expect(message?.conversation ?? message?.extendedTextMessage?.text).toBe('pizza?');
    await until<PhoneMessage[]>(h, `/sandbox/phones/${BIA}/messages`, (ms) =>
      ms.some(
        (m) => m.id === sent.body.id && m.chat === group.jid && m.from === pn(ANA) && m.text === 'pizza?',
      ),
    );
    // the Baileys member answers in the group: both phones show it
    const answer = await shop.socket.sendMessage(group.jid, { text: 'yes!' });
    for (const n of [ANA, BIA])
      await until<PhoneMessage[]>(h, `/sandbox/phones/${n}/messages`, (ms) =>
        ms.some((m) => m.id === answer!.key.id && m.text === 'yes!' && m.from === pn(SHOP)),
      );

    // managing it over HTTP
    const promoted = await h.call('POST', `/sandbox/phones/${ANA}/groups/${group.jid}/participants`, {
      action: 'promote',
      participants: [BIA],
    });
    expect(promoted).toEqual({ status: 200, body: [{ jid: pn(BIA), status: '200' }] });
    const settings = await h.call<GroupView>('POST', `/sandbox/phones/${BIA}/groups/${group.jid}/settings`, {
      subject: 'Lunch club',
      announce: true,
    });
    expect(settings.body).toMatchObject({ subject: 'Lunch club', announce: true });
    await shop.waitFor('groups.update', (u) =>
      u.some((g) => g.id === group.jid && g.subject === 'Lunch club'),
    );
    const events = await until<PhoneGroupEvent[]>(h, `/sandbox/phones/${ANA}/group-events`, (es) =>
      es.some((e) => e.type === 'updated' && e.changes?.['announce'] === true),
    );
    expect(events).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ group: group.jid, type: 'created', author: pn(ANA) }),
        expect.objectContaining({
          group: group.jid,
          type: 'participants',
          action: 'promote',
          author: pn(ANA),
          participants: [pn(BIA)],
        }),
        expect.objectContaining({ group: group.jid, type: 'updated', changes: { subject: 'Lunch club' } }),
      ]),
    );

    const invite = await h.call<{ code: string }>('GET', `/sandbox/phones/${ANA}/groups/${group.jid}/invite`);
    expect(invite.body.code).toMatch(/^[\w-]{22}$/);
    const removed = await h.call('POST', `/sandbox/phones/${ANA}/groups/${group.jid}/participants`, {
      action: 'remove',
      participants: [SHOP],
    });
    expect(removed.body).toEqual([{ jid: pn(SHOP), status: '200' }]);
    await shop.waitFor('group-participants.update', (u) => u.id === group.jid && u.action === 'remove');
    // back in by the invite code, through the companion's own client
    expect(await shop.socket.groupAcceptInvite(invite.body.code)).toBe(group.jid);

    expect(await h.call('POST', `/sandbox/phones/${BIA}/groups/${group.jid}/leave`)).toEqual({
      status: 200,
      body: { ok: true },
    });
    expect((await h.call<GroupView[]>('GET', `/sandbox/phones/${BIA}/groups`)).body).toEqual([]);
  });

  it('documents the group routes in Swagger', async () => {
    const { body: doc } = await h.call<{
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    }>('GET', '/docs-json');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/sandbox/groups',
        '/sandbox/groups/{group}',
        '/sandbox/phones/{number}/groups',
        '/sandbox/phones/{number}/group-events',
        '/sandbox/phones/{number}/groups/join',
        '/sandbox/phones/{number}/groups/invite-info',
        '/sandbox/phones/{number}/groups/{group}',
        '/sandbox/phones/{number}/groups/{group}/participants',
        '/sandbox/phones/{number}/groups/{group}/settings',
        '/sandbox/phones/{number}/groups/{group}/invite',
        '/sandbox/phones/{number}/groups/{group}/invite/revoke',
        '/sandbox/phones/{number}/groups/{group}/leave',
      ]),
    );
    expect(Object.keys(doc.paths['/sandbox/phones/{number}/groups']!['post']!.responses).sort()).toEqual([
      '201',
      '400',
      '404',
      '409',
      '503',
    ]);
  });

  it('answers clear errors for groups', async () => {
    await h.call('POST', '/sandbox/phones', { number: '5511941000010' });
    expect(await h.call('GET', '/sandbox/groups/120363000000000000')).toMatchObject({
      status: 404,
      body: { error: { code: 'unknown_group' } },
    });
    expect(await h.call('GET', '/sandbox/phones/5511941000010/groups/120363000000000000')).toMatchObject({
      status: 404,
      body: { error: { code: 'unknown_group' } },
    });
    expect(await h.call('GET', '/sandbox/phones/5511941000010/groups/not-a-group')).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_recipient' } },
    });
    expect(await h.call('POST', '/sandbox/phones/5511941000010/groups', { subject: '' })).toMatchObject({
      status: 400,
      body: { error: { code: 'validation_failed' } },
    });
    expect(await h.call('POST', '/sandbox/phones/5511941000010/groups/join', { code: 'nope' })).toMatchObject(
      { status: 409, body: { error: { code: 'group_refused', message: expect.stringContaining('406') } } },
    );
    expect(
      await h.call('POST', '/sandbox/phones/5511941000010/messages', {
        to: '120363000000000000@g.us',
        text: 'x',
      }),
    ).toMatchObject({ status: 400, body: { error: { code: 'invalid_recipient' } } });
  });
});
