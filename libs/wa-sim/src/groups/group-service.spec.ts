import { Curve, type BinaryNode } from '@whiskeysockets/baileys';
import { AccountRegistry } from '../accounts/account-registry.js';
import type { Account } from '../accounts/account.js';
import { Mailboxes } from '../messaging/mailbox.js';
import { createSimLogger } from '../sim-logger.js';
import { node } from '../stanza/nodes.js';
import { ConnectionRegistry } from '../transport/connection-registry.js';
import { GroupMessageRouter } from './group-message-router.js';
import { GroupRegistry } from './group-registry.js';
import { GroupService } from './group-service.js';

const kids = (n: BinaryNode | undefined): BinaryNode[] => (Array.isArray(n?.content) ? n.content : []);

describe(GroupService.name, () => {
  function setup() {
    const accounts = new AccountRegistry();
    const device = (id: number) => ({
      id,
      noisePublicKey: Buffer.alloc(32),
      identityKey: Buffer.alloc(33),
      bundle: {
        registration: Buffer.alloc(4),
        identity: Buffer.alloc(33),
        signedPreKey: node('skey'),
        oneTimePreKeys: [],
      },
      platform: 'android',
      linkedAt: 0,
    });
    const make = (number: string, devices: number[]) => {
      const a = accounts.create(number, `N${number}`, Curve.generateKeyPair());
      for (const d of devices) a.addDevice(device(d));
      return a;
    };
    const ana = make('5511950000001', [0, 1]);
    const bia = make('5511950000002', [0]);
    const caio = make('5511950000003', [0]);
    const mailboxes = new Mailboxes(new ConnectionRegistry());
    const groups = new GroupRegistry();
    const logger = createSimLogger();
    const sut = new GroupService(accounts, groups, mailboxes, logger);
    const router = new GroupMessageRouter(accounts, groups, mailboxes, logger);
    const iq = (actor: Account, to: string, type: 'get' | 'set', op: BinaryNode) =>
      sut.onIq({ account: actor, device: 0 }, node('iq', { id: 'q1', to, type, xmlns: 'w:g2' }, [op]));
    const queued = (a: Account, d = 0) => mailboxes.drain(a.number, d);
    return { ana, bia, caio, groups, iq, queued, router };
  }

  it('creates a LID group and notifies every device of every member', async () => {
    const { ana, bia, iq, queued } = setup();
    const reply = await iq(
      ana,
      '@g.us',
      'set',
      node('create', { subject: 'Team', key: 'k' }, [node('participant', { jid: bia.pnJid })]),
    );
    const group = kids(reply)[0]!;
    expect(group.tag).toBe('group');
    expect(group.attrs).toMatchObject({
      subject: 'Team',
      addressing_mode: 'lid',
      creator: ana.lidJid,
      creator_pn: ana.pnJid,
    });
    expect(group.attrs['id']).toMatch(/^120363\d+$/);
    expect(
      kids(group)
        .filter((n) => n.tag === 'participant')
        .map((p) => p.attrs),
    ).toEqual([
      { jid: ana.lidJid, phone_number: ana.pnJid, type: 'superadmin' },
      { jid: bia.lidJid, phone_number: bia.pnJid },
    ]);
    for (const [a, d] of [
      [ana, 0],
      [ana, 1],
      [bia, 0],
    ] as const) {
      const [n] = queued(a, d);
      expect(n).toMatchObject({
        tag: 'notification',
        attrs: {
          type: 'w:gp2',
          from: `${group.attrs['id']}@g.us`,
          participant: ana.lidJid,
          participant_pn: ana.pnJid,
          offline: '1',
        },
      });
      expect(kids(n)[0]?.tag).toBe('create');
    }
  });

  it('answers 404 for an unknown group, 403 for a non-member, 401 for a non-admin, 501 for what it does not run', async () => {
    const { ana, bia, caio, iq } = setup();
    const created = await iq(
      ana,
      '@g.us',
      'set',
      node('create', { subject: 'T' }, [node('participant', { jid: bia.lidJid })]),
    );
    const jid = `${kids(created)[0]!.attrs['id']}@g.us`;
    const errorOf = (n: BinaryNode) => kids(n).find((c) => c.tag === 'error')?.attrs;
    expect(
      errorOf(await iq(ana, '120363000000000000@g.us', 'get', node('query', { request: 'interactive' }))),
    ).toEqual({ code: '404', text: 'item-not-found' });
    expect(errorOf(await iq(caio, jid, 'get', node('query', { request: 'interactive' })))).toEqual({
      code: '403',
      text: 'forbidden',
    });
    expect(errorOf(await iq(bia, jid, 'set', node('announcement')))).toEqual({
      code: '401',
      text: 'not-authorized',
    });
    expect(errorOf(await iq(bia, jid, 'get', node('invite')))).toEqual({
      code: '401',
      text: 'not-authorized',
    });
    expect(
      errorOf(await iq(ana, jid, 'set', node('accept', { code: 'x', expiration: '0', admin: ana.pnJid }))),
    ).toEqual({
      code: '501',
      text: 'feature-not-implemented',
    });
    // a plain member may change the subject while the group is unlocked
    expect((await iq(bia, jid, 'set', node('subject', {}, Buffer.from('By Bia')))).attrs['type']).toBe(
      'result',
    );
  });

  it('fans a group message out with each device its own enc first, refuses non-members with an error ack', async () => {
    const { ana, bia, caio, iq, queued, router } = setup();
    const created = await iq(
      ana,
      '@g.us',
      'set',
      node('create', { subject: 'T' }, [node('participant', { jid: bia.pnJid })]),
    );
    const jid = `${kids(created)[0]!.attrs['id']}@g.us`;
    queued(ana, 0);
    queued(ana, 1);
    queued(bia);
    const skmsg = node('enc', { v: '2', type: 'skmsg' }, Buffer.from('sk'));
    const message = node('message', { id: 'M1', to: jid, type: 'text' }, [
      skmsg,
      node('participants', {}, [
        node('to', { jid: bia.lidJid }, [node('enc', { v: '2', type: 'pkmsg' }, Buffer.from('for-bia'))]),
        node('to', { jid: `${ana.lid}:1@lid` }, [
          node('enc', { v: '2', type: 'msg' }, Buffer.from('for-ana-1')),
        ]),
      ]),
      node('device-identity', {}, Buffer.from('id')),
    ]);
    const acks: BinaryNode[] = [];
    await router.routeMessage({ account: ana, device: 0 }, message, async (n) => void acks.push(n));
    expect(acks).toEqual([node('ack', { class: 'message', id: 'M1', from: jid, t: expect.any(String) })]);
    const [atBia] = queued(bia);
    expect(atBia?.attrs).toMatchObject({
      from: jid,
      participant: ana.lidJid,
      participant_pn: ana.pnJid,
      addressing_mode: 'lid',
      id: 'M1',
    });
    expect(
      kids(atBia).map((n) => [n.tag, n.attrs['type'], Buffer.from(n.content as Uint8Array).toString()]),
    ).toEqual([
      ['enc', 'pkmsg', 'for-bia'],
      ['enc', 'skmsg', 'sk'],
      ['device-identity', undefined, 'id'],
    ]);
    expect(kids(queued(ana, 1)[0]).map((n) => n.attrs['type'])).toEqual(['msg', 'skmsg']);
    expect(queued(ana, 0)).toEqual([]); // never back to the sending device

    acks.length = 0;
    await router.routeMessage(
      { account: caio, device: 0 },
      { ...message, attrs: { ...message.attrs, id: 'M2' } },
      async (n) => void acks.push(n),
    );
    expect(acks[0]?.attrs).toMatchObject({ id: 'M2', error: '403' });
    expect(queued(bia)).toEqual([]);
  });

  it('keeps groups in its state and finds them by current and revoked invite codes', async () => {
    const { ana, groups, iq } = setup();
    const created = await iq(ana, '@g.us', 'set', node('create', { subject: 'T' }));
    const group = groups.get(kids(created)[0]!.attrs['id'])!;
    const old = group.info.inviteCode;
    const fresh = group.revokeInvite();
    const restored = new GroupRegistry();
    restored.restore(JSON.parse(JSON.stringify(groups.toState())));
    expect(restored.byInviteCode(fresh)?.revoked).toBe(false);
    expect(restored.byInviteCode(old)).toMatchObject({ revoked: true });
    expect(restored.get(group.jid)?.toState()).toEqual(group.toState());
  });
});
