import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BaileysEventMap, GroupMetadata, WAMessage } from '@whiskeysockets/baileys';
import { SimError, WaSimulator, type BaileysCompanion, type PhoneGroupEvent } from '../src/index.js';
import { SimHarness, textOf } from './harness.js';

const SHOP = '5511930000001';
const ANA = '5511930000002';
const BIA = '5511930000003';
const CAIO = '5511930000004';

const pn = (n: string) => `${n}@s.whatsapp.net`;

/** Resolves with the phone's first group event that matches (bounded poll: events land as they come). */
async function phoneEvent(
  h: SimHarness,
  number: string,
  match: (e: PhoneGroupEvent) => boolean,
  timeoutMs = 15_000,
): Promise<PhoneGroupEvent> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const found = h.sim.groupEventsOf(number).find(match);
    if (found) return found;
    if (Date.now() > until)
      throw new Error(`phone ${number}: no matching group event within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The error code of the server's error ack for a message the companion sent: Baileys emits it as
 * messages.update status ERROR, or (when the ack lands while its own upsert is still buffered)
 * folds it into that upsert's message.
 */
async function errorAck(c: BaileysCompanion, id: string, timeoutMs = 15_000): Promise<unknown> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    for (const e of c.events) {
      if (e.name === 'messages.update') {
        const u = (e.data as BaileysEventMap['messages.update']).find((x) => x.key.id === id);
        if (u?.update.status === 0) return u.update.messageStubParameters;
      }
      if (e.name === 'messages.upsert') {
        const m = (e.data as BaileysEventMap['messages.upsert']).messages.find((x) => x.key.id === id);
        if (m?.status === 0) return m.messageStubParameters;
      }
    }
    if (Date.now() > until) throw new Error(`no error ack for ${id} within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function refusal(promise: Promise<unknown>): Promise<SimError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof SimError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('groups with real Baileys group encryption (sender keys) through the simulator', () => {
  let h: SimHarness;
  beforeEach(async () => {
    h = await SimHarness.start();
  });
  afterEach(() => h.close());

  it('creates a group with two phones; metadata, fan-out both ways, and the phones decrypt', async () => {
    const { companion } = await h.linkedCompanion(SHOP, 'Shop');
    await h.sim.createPhone({ number: ANA, name: 'Ana' });
    await h.sim.createPhone({ number: BIA, name: 'Bia' });

    const upserted = companion.waitFor('groups.upsert', (groups) =>
      groups.some((g) => g.subject === 'Orders'),
    );
    const created = await companion.socket.groupCreate('Orders', [pn(ANA), pn(BIA)]);
    expect(created.id).toMatch(/^120363\d+@g\.us$/);
    expect(created.addressingMode).toBe('lid');
    expect(created.subject).toBe('Orders');
    expect(created.participants).toHaveLength(3);
    const shop = h.sim.getPhone(SHOP);
    expect(created.participants).toContainEqual({
      id: shop.lidJid,
      phoneNumber: shop.jid,
      lid: undefined,
      username: undefined,
      admin: 'superadmin',
    });
    expect(created.owner).toBe(shop.lidJid);
    expect(created.ownerPn).toBe(shop.jid);
    await upserted;

    const meta: GroupMetadata = await companion.socket.groupMetadata(created.id);
    expect(meta.participants.map((p) => p.phoneNumber).sort()).toEqual([pn(SHOP), pn(ANA), pn(BIA)].sort());
    expect(meta).toMatchObject({ announce: false, restrict: false, size: 3, memberAddMode: false });

    // the companion's group send: both phones and the shop's own phone get it and decrypt it
    const sent = await companion.socket.sendMessage(created.id, { text: 'hello group' });
    const id = sent!.key.id!;
    for (const number of [ANA, BIA]) {
      const got = await h.sim.phone(number).waitForMessage((m) => m.id === id);
      expect(got).toMatchObject({ direction: 'in', chat: created.id, text: 'hello group', from: pn(SHOP) });
    }
    const copy = await h.sim.phone(SHOP).waitForMessage((m) => m.id === id);
    expect(copy).toMatchObject({
      direction: 'out',
      chat: created.id,
      text: 'hello group',
      fromCompanion: true,
    });

    // a phone's group send: the companion decrypts it (the phone's sender key came pairwise)
    const reply = await h.sim.sendFromPhone(ANA, created.id, 'hi from Ana');
    const upsert = await companion.waitFor('messages.upsert', ({ messages }) =>
      messages.some((m) => m.key.id === reply.id && !!m.message),
    );
    const msg = upsert.messages.find((m) => m.key.id === reply.id)!;
    expect(textOf(msg)).toBe('hi from Ana');
    expect(msg.key.remoteJid).toBe(created.id);
    expect(msg.key.participant).toBe(h.sim.getPhone(ANA).lidJid);
    expect(msg.key.participantAlt).toBe(pn(ANA));
    await h.sim.phone(BIA).waitForMessage((m) => m.id === reply.id && m.text === 'hi from Ana');

    // a second send reuses the sender key (no distribution) and still decrypts everywhere
    const again = await companion.socket.sendMessage(created.id, { text: 'second' });
    await h.sim.phone(BIA).waitForMessage((m) => m.id === again!.key.id && m.text === 'second');

    // media in the group: a phone's document, downloaded and checked by the other phone
    const file = Buffer.from('order list: 2 pizzas, 1 salad\n'.repeat(50));
    const doc = await h.sim.sendMediaFromPhone(BIA, created.id, {
      kind: 'document',
      data: `data:text/plain;base64,${file.toString('base64')}`,
      fileName: 'orders.txt',
    });
    const atAna = await h.sim
      .phone(ANA)
      .waitForMessage((m) => m.id === doc.id && m.media?.state !== undefined && m.media.state !== 'pending');
    expect(atAna).toMatchObject({
      chat: created.id,
      from: pn(BIA),
      media: { kind: 'document', state: 'ready', size: file.length },
    });
    await companion.waitFor('messages.upsert', ({ messages }) =>
      messages.some((m) => m.key.id === doc.id && m.message?.documentMessage?.fileName === 'orders.txt'),
    );
  });

  it('adds, removes, promotes and demotes with a result per member and notifications to every member', async () => {
    const { companion } = await h.linkedCompanion(SHOP, 'Shop');
    await h.sim.createPhone({ number: ANA, name: 'Ana' });
    await h.sim.createPhone({ number: BIA, name: 'Bia' });
    const group = await companion.socket.groupCreate('Team', [pn(ANA)]);
    const shop = h.sim.getPhone(SHOP);
    const bia = h.sim.getPhone(BIA);

    const added = await companion.socket.groupParticipantsUpdate(
      group.id,
      [pn(BIA), pn('5511939999999'), pn(ANA)],
      'add',
    );
    expect(added.map((r) => [r.jid, r.status])).toEqual([
      [pn(BIA), '200'],
      [pn('5511939999999'), '404'],
      [pn(ANA), '409'],
    ]);
    const addEvent = await companion.waitFor(
      'group-participants.update',
      (u) => u.id === group.id && u.action === 'add',
    );
    // authorPn stays undefined: Baileys drops participantAlt when it builds the stub's WebMessageInfo
    expect(addEvent.author).toBe(shop.lidJid);
    expect(addEvent.participants).toEqual([
      { id: bia.lidJid, phoneNumber: bia.jid, lid: undefined, username: undefined, admin: null },
    ]);
    // the added phone and the other member saw it too
    for (const n of [ANA, BIA]) {
      await phoneEvent(
        h,
        n,
        (e) => e.group === group.id && e.action === 'add' && e.participants?.[0] === pn(BIA),
      );
    }
    await phoneEvent(h, BIA, (e) => e.group === group.id && e.author === pn(SHOP));

    await companion.socket.groupParticipantsUpdate(group.id, [pn(ANA)], 'promote');
    const promoted = await companion.waitFor(
      'group-participants.update',
      (u) => u.id === group.id && u.action === 'promote',
    );
    expect(promoted.participants[0]).toMatchObject({ phoneNumber: pn(ANA), admin: 'admin' });
    let meta = await companion.socket.groupMetadata(group.id);
    expect(meta.participants.find((p) => p.phoneNumber === pn(ANA))?.admin).toBe('admin');
    // an admin phone may now remove and add (through its own client)
    const annaView = await h.sim.groupMetadataFromPhone(ANA, group.id);
    expect(annaView.participants.find((p) => p.jid === pn(ANA))?.admin).toBe('admin');

    await companion.socket.groupParticipantsUpdate(group.id, [pn(ANA)], 'demote');
    await companion.waitFor('group-participants.update', (u) => u.id === group.id && u.action === 'demote');
    meta = await companion.socket.groupMetadata(group.id);
    expect(meta.participants.find((p) => p.phoneNumber === pn(ANA))?.admin).toBeNull();

    // a member who is not an admin is refused (401), per WhatsApp's rules
    const notAdmin = await refusal(h.sim.updateGroupParticipantsFromPhone(ANA, group.id, 'remove', [BIA]));
    expect(notAdmin.code).toBe('group_refused');
    expect(notAdmin.message).toContain('401');

    const removed = await companion.socket.groupParticipantsUpdate(group.id, [pn(BIA), pn(CAIO)], 'remove');
    expect(removed.map((r) => r.status)).toEqual(['200', '404']);
    await companion.waitFor('group-participants.update', (u) => u.id === group.id && u.action === 'remove');
    // the removed phone is told, and is no member any more: its metadata query is refused (403)
    await phoneEvent(h, BIA, (e) => e.group === group.id && e.action === 'remove');
    const gone = await refusal(h.sim.groupMetadataFromPhone(BIA, group.id));
    expect(gone.message).toContain('403');
    meta = await companion.socket.groupMetadata(group.id);
    expect(meta.participants.map((p) => p.phoneNumber).sort()).toEqual([pn(SHOP), pn(ANA)].sort());
    expect(await h.sim.groupsOfPhone(BIA)).toEqual([]);
  });

  it('changes subject, description and settings, and enforces announcement and locked', async () => {
    const { companion } = await h.linkedCompanion(SHOP, 'Shop');
    await h.sim.createPhone({ number: ANA, name: 'Ana' });
    const group = await companion.socket.groupCreate('Before', [pn(ANA)]);

    await companion.socket.groupUpdateSubject(group.id, 'After');
    const subject = await companion.waitFor('groups.update', (u) =>
      u.some((g) => g.id === group.id && g.subject === 'After'),
    );
    expect(subject[0]).toMatchObject({ author: h.sim.getPhone(SHOP).lidJid });
    await phoneEvent(h, ANA, (e) => e.type === 'updated' && e.changes?.['subject'] === 'After');

    await companion.socket.groupUpdateDescription(group.id, 'Rules: be nice');
    await companion.waitFor('groups.update', (u) =>
      u.some((g) => g.id === group.id && g.desc === 'Rules: be nice'),
    );
    await phoneEvent(h, ANA, (e) => e.changes?.['desc'] === 'Rules: be nice');
    let meta = await companion.socket.groupMetadata(group.id);
    expect(meta).toMatchObject({ subject: 'After', desc: 'Rules: be nice', subjectOwnerPn: pn(SHOP) });
    expect(meta.descId).toBeTruthy();

    await companion.socket.groupSettingUpdate(group.id, 'announcement');
    await companion.waitFor('groups.update', (u) => u.some((g) => g.id === group.id && g.announce === true));
    await phoneEvent(h, ANA, (e) => e.changes?.['announce'] === true);
    // a member's send in an announcement group is refused by the server (an error ack, 403)
    const anaDevice = h.companion();
    const qr = await anaDevice.waitForQr();
    const opened = anaDevice.waitForOpen();
    await h.sim.scanQr(ANA, qr);
    await opened;
    const attempt = await anaDevice.socket.sendMessage(group.id, { text: 'may I?' });
    const refused = { id: attempt!.key.id! };
    expect(await errorAck(anaDevice, refused.id)).toEqual(['403']);
    // the same for the phone itself: its message shows failed
    const fromPhone = await h.sim.sendFromPhone(ANA, group.id, 'and me?');
    await h.sim.phone(ANA).waitForMessage((m) => m.id === fromPhone.id && m.status === 'failed');
    // an admin's still goes through
    const fromAdmin = await companion.socket.sendMessage(group.id, { text: 'admins only' });
    await h.sim.phone(ANA).waitForMessage((m) => m.id === fromAdmin!.key.id && m.text === 'admins only');

    await companion.socket.groupSettingUpdate(group.id, 'not_announcement');
    await phoneEvent(h, ANA, (e) => e.changes?.['announce'] === false);
    const allowed = await h.sim.sendFromPhone(ANA, group.id, 'now I can');
    await companion.waitFor('messages.upsert', ({ messages }) =>
      messages.some((m) => m.key.id === allowed.id && textOf(m) === 'now I can'),
    );
    const refusedEarlier = companion.events.some(
      (e) => e.name === 'messages.upsert' && JSON.stringify(e.data).includes(refused.id),
    );
    expect(refusedEarlier).toBe(false);

    await companion.socket.groupSettingUpdate(group.id, 'locked');
    await companion.waitFor('groups.update', (u) => u.some((g) => g.id === group.id && g.restrict === true));
    const locked = await refusal(h.sim.updateGroupFromPhone(ANA, group.id, { subject: 'hijack' }));
    expect(locked.message).toContain('401');
    await companion.socket.groupSettingUpdate(group.id, 'unlocked');
    const view = await h.sim.updateGroupFromPhone(ANA, group.id, { subject: 'By Ana', description: '' });
    expect(view).toMatchObject({ subject: 'By Ana', locked: false, announce: false });
    expect(view.description).toBeUndefined();
    await companion.waitFor('groups.update', (u) =>
      u.some((g) => g.id === group.id && g.subject === 'By Ana'),
    );
    meta = await companion.socket.groupMetadata(group.id);
    expect(meta.desc).toBeUndefined();

    await companion.socket.groupMemberAddMode(group.id, 'all_member_add');
    await companion.waitFor('groups.update', (u) =>
      u.some((g) => g.id === group.id && g.memberAddMode === true),
    );
    await h.sim.createPhone({ number: BIA, name: 'Bia' });
    // with all_member_add a plain member may add
    expect(await h.sim.updateGroupParticipantsFromPhone(ANA, group.id, 'add', [BIA])).toEqual([
      { jid: pn(BIA), status: '200' },
    ]);

    await companion.socket.groupToggleEphemeral(group.id, 86_400);
    meta = await companion.socket.groupMetadata(group.id);
    expect(meta.ephemeralDuration).toBe(86_400);
  });

  it('gets, revokes and accepts invite codes, shows invite info, and lets members leave', async () => {
    const { companion } = await h.linkedCompanion(SHOP, 'Shop');
    await h.sim.createPhone({ number: ANA, name: 'Ana' });
    await h.sim.createPhone({ number: BIA, name: 'Bia' });
    const group = await companion.socket.groupCreate('Club', [pn(ANA)]);

    const first = await companion.socket.groupInviteCode(group.id);
    expect(first).toMatch(/^[\w-]{22}$/);
    const info = await h.sim.groupInviteInfoFromPhone(BIA, first!);
    expect(info).toMatchObject({ jid: group.id, subject: 'Club', size: 2 });
    // only admins see the code
    expect((await refusal(h.sim.groupInviteFromPhone(ANA, group.id))).message).toContain('401');

    const second = await companion.socket.groupRevokeInvite(group.id);
    expect(second).not.toBe(first);
    await companion.waitFor('groups.update', (u) =>
      u.some((g) => g.id === group.id && g.inviteCode === second),
    );
    expect((await refusal(h.sim.joinGroupFromPhone(BIA, first!))).message).toContain('410');
    expect((await refusal(h.sim.joinGroupFromPhone(BIA, 'no-such-code'))).message).toContain('406');

    expect(await h.sim.joinGroupFromPhone(BIA, second!)).toEqual({ jid: group.id, pending: false });
    const joined = await companion.waitFor(
      'group-participants.update',
      (u) => u.id === group.id && u.action === 'add',
    );
    expect(joined.participants[0]?.phoneNumber).toBe(pn(BIA));
    expect(joined.author).toBe(h.sim.getPhone(BIA).lidJid);

    // the new member gets the sender key with the next send, and its own send decrypts at the companion
    const hello = await companion.socket.sendMessage(group.id, { text: 'welcome Bia' });
    await h.sim.phone(BIA).waitForMessage((m) => m.id === hello!.key.id && m.text === 'welcome Bia');
    const thanks = await h.sim.sendFromPhone(BIA, group.id, 'thanks!');
    await companion.waitFor('messages.upsert', ({ messages }) =>
      messages.some((m) => m.key.id === thanks.id && textOf(m) === 'thanks!'),
    );
    await h.sim.phone(ANA).waitForMessage((m) => m.id === thanks.id && m.text === 'thanks!');

    await h.sim.leaveGroupFromPhone(BIA, group.id);
    const left = await companion.waitFor(
      'group-participants.update',
      (u) => u.id === group.id && u.action === 'remove',
    );
    expect(left.participants[0]?.phoneNumber).toBe(pn(BIA));
    expect(left.author).toBe(h.sim.getPhone(BIA).lidJid);
    expect((await h.sim.groupsOfPhone(BIA)).map((g) => g.jid)).toEqual([]);
    expect((await h.sim.groupsOfPhone(ANA)).map((g) => g.jid)).toEqual([group.id]);
    const all = await companion.socket.groupFetchAllParticipating();
    expect(Object.keys(all)).toEqual([group.id]);
    expect(all[group.id]!.participants).toHaveLength(2);

    // the superadmin leaves: WhatsApp keeps the group with an admin
    await companion.socket.groupLeave(group.id);
    await phoneEvent(h, ANA, (e) => e.group === group.id && e.action === 'promote');
    expect(h.sim.getGroup(group.id).participants).toEqual([
      expect.objectContaining({ jid: pn(ANA), role: 'admin' }),
    ]);
  });

  it('asks to join when join approval is on, and an admin approves', async () => {
    const { companion } = await h.linkedCompanion(SHOP, 'Shop');
    await h.sim.createPhone({ number: ANA, name: 'Ana' });
    const group = await companion.socket.groupCreate('Approval', []);
    await companion.socket.groupJoinApprovalMode(group.id, 'on');
    await companion.waitFor('groups.update', (u) =>
      u.some((g) => g.id === group.id && g.joinApprovalMode === true),
    );
    const code = await companion.socket.groupInviteCode(group.id);
    expect(await h.sim.joinGroupFromPhone(ANA, code!)).toEqual({ pending: true });
    const request = await companion.waitFor('group.join-request', (r) => r.id === group.id);
    expect(request).toMatchObject({ action: 'created', method: 'invite_link', participantPn: pn(ANA) });
    const list = await companion.socket.groupRequestParticipantsList(group.id);
    expect(list).toEqual([expect.objectContaining({ phone_number: pn(ANA), request_method: 'invite_link' })]);
    const approved = await companion.socket.groupRequestParticipantsUpdate(
      group.id,
      [h.sim.getPhone(ANA).lidJid],
      'approve',
    );
    expect(approved).toEqual([{ status: '200', jid: h.sim.getPhone(ANA).lidJid }]);
    await phoneEvent(h, ANA, (e) => e.group === group.id && e.action === 'add');
    expect(h.sim.getGroup(group.id).joinRequests).toEqual([]);
  });

  it('runs communities: create, a linked subgroup, link and unlink, linked groups', async () => {
    const { companion } = await h.linkedCompanion(SHOP, 'Shop');
    await h.sim.createPhone({ number: ANA, name: 'Ana' });
    const community = await companion.socket.communityCreate('Neighbours', 'Our street');
    expect(community).toMatchObject({ subject: 'Neighbours', isCommunity: true, desc: 'Our street' });
    const sub = await companion.socket.communityCreateGroup('Garden', [pn(ANA)], community!.id);
    expect(sub).toMatchObject({ subject: 'Garden', linkedParent: community!.id });
    const other = await companion.socket.groupCreate('Parking', [pn(ANA)]);
    await companion.socket.communityLinkGroup(other.id, community!.id);
    const linked = await companion.socket.communityFetchLinkedGroups(community!.id);
    expect(linked.linkedGroups.map((g) => g.subject).sort()).toEqual(['Garden', 'Parking']);
    expect(linked.isCommunity).toBe(true);
    await companion.socket.communityUnlinkGroup(other.id, community!.id);
    expect((await companion.socket.groupMetadata(other.id)).linkedParent).toBeUndefined();
    const fromSub = await companion.socket.communityFetchLinkedGroups(sub!.id);
    expect(fromSub.linkedGroups.map((g) => g.subject)).toEqual(['Garden']);
    // the subgroup is a group like any other: messages flow
    const sent = await companion.socket.sendMessage(sub!.id, { text: 'tomatoes are ready' });
    await h.sim.phone(ANA).waitForMessage((m) => m.id === sent!.key.id && m.text === 'tomatoes are ready');
    // community members: added, then removed with their linked groups
    expect(await companion.socket.communityParticipantsUpdate(community!.id, [pn(ANA)], 'add')).toEqual([
      expect.objectContaining({ status: '200', jid: pn(ANA) }),
    ]);
    await companion.socket.communityParticipantsUpdate(community!.id, [pn(ANA)], 'remove');
    await phoneEvent(h, ANA, (e) => e.group === sub!.id && e.action === 'remove');
    expect(h.sim.getGroup(sub!.id).participants.map((p) => p.jid)).toEqual([pn(SHOP)]);
    expect(h.sim.getGroup(community!.id).participants.map((p) => p.jid)).toEqual([pn(SHOP)]);
  });

  it('routes group receipts back to the sender (delivered, then read)', async () => {
    const { companion } = await h.linkedCompanion(SHOP, 'Shop');
    await h.sim.createPhone({ number: ANA, name: 'Ana' });
    const group = await companion.socket.groupCreate('Receipts', [pn(ANA)]);
    const sent = await companion.socket.sendMessage(group.id, { text: 'read me' });
    const id = sent!.key.id!;
    await h.sim.phone(ANA).waitForMessage((m) => m.id === id);
    await h.sim.markRead(ANA, [id]);
    const ana = h.sim.getPhone(ANA).lidJid;
    const delivered = await companion.waitFor('message-receipt.update', (updates) =>
      updates.some((u) => u.key.id === id && u.receipt.userJid === ana && !!u.receipt.receiptTimestamp),
    );
    expect(delivered.find((u) => u.key.id === id)?.key.remoteJid).toBe(group.id);
    await companion.waitFor('message-receipt.update', (updates) =>
      updates.some((u) => u.key.id === id && u.receipt.userJid === ana && !!u.receipt.readTimestamp),
    );
  });
  it('sends a group message again to the one device that asks with a retry receipt', async () => {
    const store = new Map<string, WAMessage['message']>();
    const { companion } = await h.linkedCompanion(SHOP, 'Shop', {
      enableRecentMessageCache: false,
      getMessage: async (key) => store.get(key.id!) ?? undefined,
    });
    await h.sim.createPhone({ number: ANA, name: 'Ana' });
    await h.sim.createPhone({ number: BIA, name: 'Bia' });
    const group = await companion.socket.groupCreate('Retry', [pn(ANA), pn(BIA)]);
    const sent = await companion.socket.sendMessage(group.id, { text: 'say again?' });
    store.set(sent!.key.id!, sent!.message);
    const id = sent!.key.id!;
    await h.sim.phone(ANA).waitForMessage((m) => m.id === id);
    await h.sim.phone(BIA).waitForMessage((m) => m.id === id);

    await h.sim.requestRetry(ANA, id);
    const again = await h.sim.phone(ANA).waitForMessage((m) => m.id === id && (m.retry?.resent ?? 0) > 0);
    expect(again).toMatchObject({ text: 'say again?', chat: group.id, retry: { requested: 1, resent: 1 } });
    // only the asking device got it again
    expect(h.sim.messagesOf(BIA).find((m) => m.id === id)?.retry).toBeUndefined();
  });
});

describe('groups kept in stateDir across a restart', () => {
  let dir: string;
  let sim: WaSimulator | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'zg-sim-groups-'));
  });
  afterAll(async () => {
    await sim?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('comes back with its groups, members, roles and settings, and members still talk', async () => {
    sim = await WaSimulator.start({ stateDir: dir });
    await sim.createPhone({ number: ANA, name: 'Ana' });
    await sim.createPhone({ number: BIA, name: 'Bia' });
    const group = await sim.createGroupFromPhone(ANA, 'Kept', [BIA]);
    await sim.updateGroupFromPhone(ANA, group.jid, { description: 'still here', locked: true });
    const before = await sim.sendFromPhone(ANA, group.jid, 'before the restart');
    await sim.phone(BIA).waitForMessage((m) => m.id === before.id);
    const saved = sim.getGroup(group.jid);
    await sim.stop();

    sim = await WaSimulator.start({ stateDir: dir });
    expect(sim.getGroup(group.jid)).toEqual(saved);
    expect(saved).toMatchObject({ description: 'still here', locked: true });
    expect((await sim.groupsOfPhone(BIA)).map((g) => g.jid)).toEqual([group.jid]);
    // sender keys and sessions came back with the phones: both directions still decrypt
    const after = await sim.sendFromPhone(BIA, group.jid, 'after the restart');
    await sim.phone(ANA).waitForMessage((m) => m.id === after.id && m.text === 'after the restart');
    const again = await sim.sendFromPhone(ANA, group.jid, 'and again');
    await sim.phone(BIA).waitForMessage((m) => m.id === again.id && m.text === 'and again');
    // the group events the phones saw were kept too
    expect(sim.groupEventsOf(BIA)).toEqual(
      expect.arrayContaining([expect.objectContaining({ group: group.jid, type: 'created' })]),
    );
  });
});
