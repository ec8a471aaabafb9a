import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from '@zapgate/testing';
import {
  addPhones,
  pairMega,
  pairWpp,
  poll,
  startSandbox,
  type Http,
  type Sandbox,
} from './standalone-harness.js';

// Groups in both dialects against the sandbox: the groups service (in process, on the in-memory
// bus) answers the group routes, the shard runs them on Baileys, and the simulator runs the groups
// as WhatsApp does (w:g2 queries, notifications to every member, sender-key group messages).

const SHOP = '5511973000001'; // mega instance `shop`
const STORE = '5511973000002'; // WPPConnect session `store`
const ANA = '5511973000003';
const BIA = '5511973000004';
const CAIO = '5511973000005';
const jid = (n: string) => `${n}@s.whatsapp.net`;

interface SimGroup {
  jid: string;
  subject: string;
  description?: string;
  announce: boolean;
  locked: boolean;
  inviteCode: string;
  participants: { jid: string; lid: string; role: 'member' | 'admin' | 'superadmin' }[];
}
interface PhoneMessage {
  id: string;
  direction: 'in' | 'out';
  chat: string;
  text: string | null;
  status: string;
}

const TEST_MS = 120_000;

describe('groups in both dialects, standalone sandbox over HTTP', () => {
  let h: Sandbox;
  let receiver: WebhookReceiver;
  let megaToken: string;
  let wppToken: string;

  const simGroup = async (group: string): Promise<SimGroup | undefined> => {
    const res = await h.call('GET', `/sandbox/groups/${group}`);
    return res.status === 200 ? res.body : undefined;
  };
  /** The server's view of a group once `ready` holds. */
  const groupWhen = (group: string, what: string, ready: (g: SimGroup) => boolean) =>
    poll(`group ${group}: ${what}`, async () => {
      const g = await simGroup(group);
      return g && ready(g) ? g : undefined;
    });
  const roleOf = (g: SimGroup, n: string) => g.participants.find((p) => p.jid === jid(n))?.role;
  const phoneGot = (phone: string, chat: string, text: string) =>
    poll(`${phone} to receive "${text}" in ${chat}`, async () => {
      const inbox = (await h.call('GET', `/sandbox/phones/${phone}/messages`)).body as PhoneMessage[];
      return inbox.find((m) => m.direction === 'in' && m.chat === chat && m.text === text);
    }).catch(async (err: Error) => {
      // what the phone has of that chat, for the failure message
      const inbox = (await h.call('GET', `/sandbox/phones/${phone}/messages`)).body as PhoneMessage[];
      const seen = inbox.filter((m) => m.chat === chat).map((m) => `${m.direction} ${m.status} ${m.text}`);
      throw new Error(`${err.message}; its messages in the group: ${JSON.stringify(seen)}`);
    });
  const fromPhone = async (phone: string, to: string, text: string): Promise<Http> =>
    h.call('POST', `/sandbox/phones/${phone}/messages`, { to, text });
  const mega = (method: string, path: string, body?: unknown) =>
    h.call(method, `/rest/group/${path}`, body, megaToken);
  const wpp = (method: string, path: string, body?: unknown) =>
    h.call(method, `/api/store/${path}`, body, wppToken);
  const hooks = (prefix: string, match: (b: ReceivedWebhook['body']) => boolean) =>
    receiver
      .waitFor(1, (w) => w.url.startsWith(prefix) && match(w.body), 30_000)
      .catch((err: Error) => {
        const seen = receiver.received
          .filter((w) => w.url.startsWith(prefix))
          .map((w) => JSON.stringify(w.body).slice(0, 400));
        throw new Error(`${err.message}; ${prefix} got:\n${seen.slice(-15).join('\n')}`);
      });

  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    h = await startSandbox();
    await addPhones(h, [
      [SHOP, 'Shop'],
      [STORE, 'Store'],
      [ANA, 'Ana'],
      [BIA, 'Bia'],
      [CAIO, 'Caio'],
    ]);
    megaToken = await pairMega(h, SHOP, { webhookUrl: `${receiver.url}/mega` });
    wppToken = await pairWpp(h, STORE, { webhook: `${receiver.url}/wpp` });
  }, TEST_MS);
  afterAll(async () => {
    await h?.close();
    await receiver?.close();
  });

  it(
    'mega-API: creates a group, messages go both ways, members and settings change, invite code, leave',
    async () => {
      const created = await mega('POST', 'shop/create', {
        group_data: { group_name: 'Orders', participants: [jid(ANA), BIA] },
      });
      expect(created.status).toBe(200);
      expect(created.body).toMatchObject({ error: false, data: { subject: 'Orders' } });
      const group: string = created.body.data.id;
      expect(group).toMatch(/@g\.us$/);
      let g = await groupWhen(group, 'created with ana and bia', (x) => x.participants.length === 3);
      expect(roleOf(g, SHOP)).toBe('superadmin');

      // the read model answers: list, the group with and without the trailing slash
      const list = await mega('GET', 'list/shop');
      expect(list.status).toBe(200);
      expect(list.body.groups.map((x: { id: string }) => x.id)).toContain(group);
      for (const path of [`shop/group?jid=${group}`, `shop/group/?jid=${encodeURIComponent(group)}`]) {
        const one = await mega('GET', path);
        expect(one.status).toBe(200);
        expect(one.body.data).toMatchObject({ id: group, subject: 'Orders', announce: false });
        expect(one.body.data.participants).toHaveLength(3);
      }
      const admin = await mega('GET', 'shop/adminGroups');
      expect(admin.body.groups.map((x: { id: string }) => x.id)).toContain(group);
      expect(admin.body.groups[0].participants).toBeUndefined();
      expect(
        (await mega('GET', 'shop/adminGroupsWithParticipants')).body.groups[0].participants,
      ).toBeDefined();

      // a group message reaches both phones; a phone's reply reaches the webhook
      const sent = await h.call(
        'POST',
        '/rest/sendMessage/shop/text',
        { messageData: { to: group, text: 'hello group' } },
        megaToken,
      );
      expect(sent.status).toBe(201);
      await phoneGot(ANA, group, 'hello group');
      await phoneGot(BIA, group, 'hello group');
      expect((await fromPhone(ANA, group, 'hi from ana')).status).toBe(201);
      const [reply] = await hooks(
        '/mega',
        (b) =>
          b.key?.remoteJid === group &&
          (b.message?.conversation ?? b.message?.extendedTextMessage?.text) === 'hi from ana',
      );
      expect([reply!.body.key.participant, reply!.body.key.participantAlt]).toContain(jid(ANA));

      // promote, demote (DELETE, as some clients send it), remove, add
      const promoted = await mega('POST', 'shop/promoteParticipants', {
        group_data: { jid: group, participants: [jid(BIA)] },
      });
      expect(promoted.status).toBe(200);
      expect(promoted.body).toMatchObject({ error: false, data: [{ status: '200' }] });
      g = await groupWhen(group, 'bia admin', (x) => roleOf(x, BIA) === 'admin');
      await hooks('/mega', (b) => b.messageType === 'group-participants.update' && b.action === 'promote');
      expect(
        (await mega('DELETE', 'shop/demoteParticipants', { group_data: { jid: group, participants: [BIA] } }))
          .status,
      ).toBe(200);
      await groupWhen(group, 'bia member again', (x) => roleOf(x, BIA) === 'member');
      expect(
        (await mega('POST', 'shop/removeParticipants', { group_data: { jid: group, participants: [BIA] } }))
          .status,
      ).toBe(200);
      await groupWhen(group, 'bia removed', (x) => roleOf(x, BIA) === undefined);
      await hooks('/mega', (b) => b.messageType === 'group-participants.update' && b.action === 'remove');
      const readModel = await poll('the read model to drop bia', async () => {
        const one = await mega('GET', `shop/group?jid=${group}`);
        return one.body.data.participants.length === 2 ? one.body.data : undefined;
      });
      expect(readModel.size).toBe(2);
      expect(
        (await mega('POST', 'shop/addParticipants', { group_data: { jid: group, participants: [BIA] } }))
          .status,
      ).toBe(200);
      await groupWhen(group, 'bia back', (x) => roleOf(x, BIA) === 'member');

      // only admins send: the phone's send is refused by the server, the instance's goes through
      const announce = await mega('PUT', `shop/setWhoCanSendMessage?jid=${group}&allowOnlyAdmins=true`);
      expect(announce.status).toBe(200);
      await groupWhen(group, 'announcement', (x) => x.announce);
      await hooks('/mega', (b) => b.messageType === 'groups.update' && b.update?.announce === true);
      // the control API answers once the server acknowledged (here: refused) the phone's send;
      // the instance's message sent after it reaches bia, and the refused one never did
      expect((await fromPhone(ANA, group, 'may I?')).status).toBe(201);
      const adminSend = await h.call(
        'POST',
        '/rest/sendMessage/shop/text',
        { messageData: { to: group, text: 'admins only' } },
        megaToken,
      );
      expect(adminSend.status).toBe(201);
      await phoneGot(BIA, group, 'admins only');
      await hooks('/mega', (b) => b.key?.id === adminSend.body.messageData.key.id);
      const biaInbox = (await h.call('GET', `/sandbox/phones/${BIA}/messages`)).body as PhoneMessage[];
      expect(biaInbox.some((m) => m.text === 'may I?')).toBe(false);
      expect(receiver.received.some((w) => JSON.stringify(w.body).includes('may I?'))).toBe(false);
      const locked = await mega('PUT', `shop/setWhoCanChangeSettings?jid=${group}&allowOnlyAdmins=1`);
      expect(locked.status).toBe(200);
      await groupWhen(group, 'locked', (x) => x.locked);

      // the invite code the server holds
      const invite = await mega('GET', `shop/groupInviteCode?group_id=${group}`);
      expect(invite.status).toBe(200);
      expect(invite.body.code).toBe((await simGroup(group))!.inviteCode);
      expect(invite.body.link).toBe(`https://chat.whatsapp.com/${invite.body.code}`);

      // mistakes are 4xx in mega's body
      const bad = await mega('GET', 'shop/group?jid=not-a-group@s.whatsapp.net');
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ error: true });
      const missing = await mega('GET', 'shop/group?jid=120363999999999999@g.us');
      expect(missing.status).toBe(404);
      expect(missing.body.error).toBe(true);

      // leave: the server no longer has the instance in it, and a send there is a 4xx
      expect((await mega('DELETE', `shop/leaveGroup?jid=${group}`)).status).toBe(200);
      await groupWhen(group, 'shop gone', (x) => roleOf(x, SHOP) === undefined);
      const afterLeave = await h.call(
        'POST',
        '/rest/sendMessage/shop/text',
        { messageData: { to: group, text: 'still here?' } },
        megaToken,
      );
      expect(afterLeave.status).toBeGreaterThanOrEqual(400);
      expect(afterLeave.status).toBeLessThan(500);
      expect(afterLeave.body.error).toBe(true);
      expect((await mega('GET', 'list/shop')).body.groups.map((x: { id: string }) => x.id)).not.toContain(
        group,
      );
    },
    TEST_MS,
  );

  it(
    'WPPConnect: creates a group, group reads, participants with onparticipantschanged, invite links, settings',
    async () => {
      const created = await wpp('POST', 'create-group', { name: 'Store team', participants: [ANA, BIA] });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({
        status: 'success',
        response: { message: 'Group(s) created successfully', group: 'Store team' },
      });
      const id: string = created.body.response.groupInfo[0].id;
      const group = `${id}@g.us`;
      await groupWhen(group, 'created', (x) => x.participants.length === 3);

      const info = await wpp('GET', `group-info/${id}`);
      expect(info.status).toBe(200);
      expect(info.body.response).toMatchObject({ id: group, name: 'Store team', subject: 'Store team' });
      expect(info.body.response.participants).toHaveLength(3);
      expect((await wpp('GET', `group-members/${group}`)).body.response).toHaveLength(3);
      expect((await wpp('GET', `group-members-ids/${id}`)).body.response).toHaveLength(3);
      expect((await wpp('GET', `group-admins/${id}`)).body.response[0]).toHaveLength(1);
      const all = await wpp('GET', 'all-groups');
      expect(all.body.response.map((c: { id: { _serialized: string } }) => c.id._serialized)).toContain(
        group,
      );
      const common = await wpp('GET', `common-groups/${ANA}@c.us`);
      expect(common.status).toBe(200);
      expect(common.body.map((w: { _serialized: string }) => w._serialized)).toContain(group);

      // group messages both ways
      const sent = await wpp('POST', 'send-message', {
        phone: id,
        isGroup: true,
        message: 'hello store group',
      });
      expect(sent.status).toBe(201);
      await phoneGot(BIA, group, 'hello store group');
      await fromPhone(BIA, group, 'bia here');
      const [msg] = await hooks('/wpp', (b) => b.event === 'onmessage' && b.body === 'bia here');
      expect(msg!.body).toMatchObject({ isGroupMsg: true, chatId: group });

      // participants, each seen by the server and the webhook
      const promoted = await wpp('POST', 'promote-participant-group', { groupId: id, phone: ANA });
      expect(promoted.status).toBe(201);
      expect(promoted.body.response.message).toBe('Successful promoted participant(s)');
      await groupWhen(group, 'ana admin', (x) => roleOf(x, ANA) === 'admin');
      await hooks(
        '/wpp',
        (b) => b.event === 'onparticipantschanged' && b.groupId === group && b.action === 'promote',
      );
      expect((await wpp('POST', 'demote-participant-group', { groupId: id, phone: ANA })).status).toBe(201);
      await groupWhen(group, 'ana member', (x) => roleOf(x, ANA) === 'member');
      expect((await wpp('POST', 'remove-participant-group', { groupId: id, phone: [BIA] })).status).toBe(200);
      await groupWhen(group, 'bia removed', (x) => roleOf(x, BIA) === undefined);
      await hooks('/wpp', (b) => b.event === 'onparticipantschanged' && b.action === 'remove');
      const added = await wpp('POST', 'add-participant-group', { groupId: id, phone: CAIO });
      expect(added.status).toBe(201);
      expect(added.body.response).toMatchObject({ message: 'Addition to group attempted.', groups: [group] });
      await groupWhen(group, 'caio added', (x) => roleOf(x, CAIO) === 'member');

      // invite link: revoked, the old code no longer works, the new one lets bia join
      const link = await wpp('GET', `group-invite-link/${id}`);
      expect(link.body.response).toMatch(/^https:\/\/chat\.whatsapp\.com\//);
      const oldCode = (link.body.response as string).split('/').pop()!;
      const revoked = await wpp('GET', `group-revoke-link/${id}`);
      expect(revoked.body.status).toBe('Success');
      const newCode = (revoked.body.response as string).split('/').pop()!;
      expect(newCode).not.toBe(oldCode);
      expect(
        (await h.call('POST', `/sandbox/phones/${BIA}/groups/join`, { code: oldCode })).status,
      ).toBeGreaterThanOrEqual(400);
      expect(
        (await h.call('POST', `/sandbox/phones/${BIA}/groups/join`, { code: newCode })).status,
      ).toBeLessThan(300);
      await groupWhen(group, 'bia joined', (x) => roleOf(x, BIA) === 'member');
      await hooks('/wpp', (b) => b.event === 'onparticipantschanged' && b.action === 'join');
      const fromLink = await wpp('POST', 'group-info-from-invite-link', { invitecode: newCode });
      expect(fromLink.body.response).toMatchObject({ id: group });

      // subject, description, settings
      expect((await wpp('POST', 'group-subject', { groupId: id, title: 'Store crew' })).status).toBe(200);
      expect((await wpp('POST', 'group-description', { groupId: id, description: 'be nice' })).status).toBe(
        200,
      );
      await groupWhen(
        group,
        'renamed and described',
        (x) => x.subject === 'Store crew' && x.description === 'be nice',
      );
      expect((await wpp('POST', 'messages-admins-only', { groupId: id, value: true })).status).toBe(200);
      await groupWhen(group, 'announcement', (x) => x.announce);
      expect((await wpp('POST', 'change-privacy-group', { groupId: id, status: 'true' })).status).toBe(200);
      await groupWhen(group, 'locked', (x) => x.locked);
      expect(
        (await wpp('POST', 'group-property', { groupId: id, property: 'announcement', value: false })).status,
      ).toBe(200);
      await groupWhen(group, 'open again', (x) => !x.announce);
      const after = await poll('the read model to follow the settings', async () => {
        const r = await wpp('GET', `group-info/${id}`);
        return r.body.response.subject === 'Store crew' && r.body.response.description === 'be nice'
          ? r.body.response
          : undefined;
      });
      expect(after.participants).toHaveLength(4);

      // what Baileys cannot do, or zapgate does not yet: 501 in WPPConnect's body
      const ephemeral = await wpp('POST', 'group-property', {
        groupId: id,
        property: 'ephemeral',
        value: true,
      });
      expect(ephemeral.status).toBe(501);
      expect(ephemeral.body.status).toBe('error');
      expect((await wpp('GET', 'all-broadcast-list')).status).toBe(501);
      // group-pic is real (profile.e2e.spec.ts): an image URL that cannot be fetched is a 400
      expect(
        (await wpp('POST', 'group-pic', { groupId: id, path: 'https://example.invalid/a.png' })).status,
      ).toBe(400);

      // a phone's group joined by code
      const phoneGroup = await h.call('POST', `/sandbox/phones/${ANA}/groups`, {
        subject: 'Ana friends',
        participants: [CAIO],
      });
      expect(phoneGroup.status).toBe(201);
      const anaGroup: string = phoneGroup.body.jid;
      const anaCode = (await h.call('GET', `/sandbox/phones/${ANA}/groups/${anaGroup}/invite`)).body
        .code as string;
      const joined = await wpp('POST', 'join-code', { inviteCode: `https://chat.whatsapp.com/${anaCode}` });
      expect(joined.status).toBe(201);
      await groupWhen(anaGroup, 'store joined', (x) => roleOf(x, STORE) === 'member');
      // a member but not an admin, in a group where only admins change the info: WhatsApp
      // refuses, a 403 in WPPConnect's body
      expect(
        (await h.call('POST', `/sandbox/phones/${ANA}/groups/${anaGroup}/settings`, { locked: true })).status,
      ).toBeLessThan(300);
      await groupWhen(anaGroup, 'locked', (x) => x.locked);
      const notAdmin = await wpp('POST', 'group-subject', { groupId: anaGroup, title: 'mine now' });
      expect(notAdmin.status).toBe(403);
      expect(notAdmin.body.status).toBe('error');

      const left = await wpp('POST', 'leave-group', { groupId: id });
      expect(left.status).toBe(200);
      expect(left.body.response.messages).toBe('Você saiu do grupo com sucesso');
      await groupWhen(group, 'store gone', (x) => roleOf(x, STORE) === undefined);
      const notMember = await wpp('POST', 'send-message', { phone: id, isGroup: true, message: 'hello?' });
      expect(notMember.status).toBeGreaterThanOrEqual(400);
      expect(notMember.status).toBeLessThan(500);
    },
    TEST_MS,
  );
});
