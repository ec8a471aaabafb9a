import { addPhones, pairWpp, poll, startSandbox, type Sandbox } from './standalone-harness.js';

// Communities over WPPConnect's routes (mega-API has none) against the sandbox: the groups service
// answers them, the shard runs them on Baileys, and the simulator keeps communities as WhatsApp
// does (a parent group with `parent`, subgroups pointing at it with `linked_parent`).

const STORE = '5511974000001'; // WPPConnect session `store`
const ANA = '5511974000002';
const BIA = '5511974000003';
const jid = (n: string) => `${n}@s.whatsapp.net`;

interface SimGroup {
  jid: string;
  subject: string;
  description?: string;
  community: boolean;
  linkedParent?: string;
  participants: { jid: string; lid: string; role: 'member' | 'admin' | 'superadmin' }[];
}

const TEST_MS = 120_000;

describe('communities over WPPConnect, standalone sandbox over HTTP', () => {
  let h: Sandbox;
  let token: string;

  const wpp = (method: string, path: string, body?: unknown) =>
    h.call(method, `/api/store/${path}`, body, token);
  /** The simulated server's view of a group once `ready` holds. */
  const simWhen = (group: string, what: string, ready: (g: SimGroup) => boolean) =>
    poll(`group ${group}: ${what}`, async () => {
      const res = await h.call('GET', `/sandbox/groups/${group}`);
      return res.status === 200 && ready(res.body as SimGroup) ? (res.body as SimGroup) : undefined;
    });
  const roleOf = (g: SimGroup, n: string) => g.participants.find((p) => p.jid === jid(n))?.role;

  beforeAll(async () => {
    h = await startSandbox();
    await addPhones(h, [
      [STORE, 'Store'],
      [ANA, 'Ana'],
      [BIA, 'Bia'],
    ]);
    token = await pairWpp(h, STORE);
  }, TEST_MS);
  afterAll(async () => {
    await h?.close();
  });

  it(
    'creates a community linking a group, unlinks and links subgroups, promotes and demotes, lists members',
    async () => {
      // two groups with both phones, one linked at creation
      const groups: string[] = [];
      for (const name of ['Street A', 'Street B']) {
        const created = await wpp('POST', 'create-group', { name, participants: [ANA, BIA] });
        expect(created.status).toBe(201);
        groups.push(`${created.body.response.groupInfo[0].id}@g.us`);
      }
      const [streetA, streetB] = groups as [string, string];

      const created = await wpp('POST', 'create-community', {
        name: 'Neighbours',
        description: 'The whole street',
        groupIds: [streetA],
      });
      expect(created.status).toBe(200);
      expect(created.body).toMatchObject({
        subject: 'Neighbours',
        description: 'The whole street',
        isCommunity: true,
        subGroups: { [streetA]: { code: 200 } },
      });
      const community: string = created.body.gid._serialized;
      expect(community).toMatch(/@g\.us$/);
      let sim = await simWhen(community, 'a community', (g) => g.community);
      expect(sim).toMatchObject({ subject: 'Neighbours', description: 'The whole street' });
      expect(roleOf(sim, STORE)).toBe('superadmin');
      await simWhen(streetA, 'linked', (g) => g.linkedParent === community);

      // add-community-subgroup / remove-community-subgroup, reflected on the server
      const added = await wpp('POST', 'add-community-subgroup', { id: community, groupsIds: [streetB] });
      expect(added.status).toBe(200);
      expect(added.body).toEqual({ id: community, result: { [streetB]: { code: 200 } } });
      await simWhen(streetB, 'linked', (g) => g.linkedParent === community);
      const removed = await wpp('POST', 'remove-community-subgroup', {
        id: community.split('@')[0],
        groupsIds: streetA,
      });
      expect(removed.status).toBe(200);
      expect(removed.body).toEqual({ id: community, result: { [streetA]: { code: 200 } } });
      await simWhen(streetA, 'unlinked', (g) => g.linkedParent === undefined);
      // a community cannot be a subgroup: WhatsApp refuses it (403 for that group)
      const nested = await wpp('POST', 'add-community-subgroup', { id: community, groupsIds: [community] });
      expect(nested.status).toBe(200);
      expect(nested.body.result).toEqual({ [community]: { code: 403 } });

      // Ana joins the community (the group add route works on it), then is promoted and demoted
      const join = await wpp('POST', 'add-participant-group', { groupId: community, phone: ANA });
      expect(join.status).toBe(201);
      await simWhen(community, 'ana in', (g) => roleOf(g, ANA) === 'member');
      const promoted = await wpp('POST', 'promote-community-participant', {
        id: community,
        participantsId: [ANA],
      });
      expect(promoted.status).toBe(200);
      expect(promoted.body).toEqual({ id: community, result: { [`${ANA}@c.us`]: { code: 200 } } });
      sim = await simWhen(community, 'ana admin', (g) => roleOf(g, ANA) === 'admin');

      let members = await wpp('GET', `community-participants/${community}`);
      expect(members.status).toBe(200);
      expect(members.body).toHaveLength(2);
      expect(members.body).toContainEqual(
        expect.objectContaining({ phoneNumber: `${ANA}@c.us`, isAdmin: true }),
      );

      const demoted = await wpp('POST', 'demote-community-participant', {
        id: community,
        participantsId: `${ANA}`,
      });
      expect(demoted.status).toBe(200);
      expect(demoted.body.result).toEqual({ [`${ANA}@c.us`]: { code: 200 } });
      await simWhen(community, 'ana member again', (g) => roleOf(g, ANA) === 'member');
      members = await wpp('GET', `community-participants/${community.split('@')[0]}`);
      expect(members.body).toContainEqual(
        expect.objectContaining({ phoneNumber: `${ANA}@c.us`, isAdmin: false }),
      );

      // a plain group is not a community
      const notCommunity = await wpp('GET', `community-participants/${streetB}`);
      expect(notCommunity.status).toBe(400);
      expect(notCommunity.body).toMatchObject({
        status: 'error',
        message: expect.stringMatching(/community/),
      });

      // deactivating is not something Baileys can do
      const deactivate = await wpp('POST', 'deactivate-community', { id: community });
      expect(deactivate.status).toBe(501);
      expect(deactivate.body).toMatchObject({ status: 'error', message: expect.stringMatching(/Baileys/) });
    },
    TEST_MS,
  );

  it(
    'refuses bad input with a 4xx in the WPPConnect body',
    async () => {
      const bad: [string, string, unknown][] = [
        ['POST', 'create-community', { description: 'no name' }],
        ['POST', 'create-community', { name: 'x'.repeat(101) }],
        ['POST', 'create-community', { name: 'ok', groupIds: [42] }],
        ['POST', 'add-community-subgroup', { id: '120363000000000001@g.us' }],
        ['POST', 'add-community-subgroup', { id: '120363000000000001@g.us', groupsIds: [] }],
        ['POST', 'promote-community-participant', { id: '120363000000000001@g.us', participantsId: [] }],
        ['POST', 'demote-community-participant', { participantsId: [ANA] }],
        ['POST', 'deactivate-community', {}],
      ];
      for (const [method, path, body] of bad) {
        const res = await wpp(method, path, body);
        expect({ path, body, status: res.status }).toEqual({ path, body, status: 400 });
        expect(res.body).toMatchObject({ status: 'error', message: expect.any(String) });
      }
      // a community this number is not in
      const unknown = await wpp('GET', 'community-participants/120363000000000001');
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({ status: 'error' });
    },
    TEST_MS,
  );
});
