import { Curve, type BinaryNode } from '@whiskeysockets/baileys';
import type { Device } from '../accounts/account.js';
import { AccountRegistry } from '../accounts/account-registry.js';
import { createSimLogger } from '../sim-logger.js';
import type { Mailboxes } from './mailbox.js';
import { STATUS_BROADCAST, StatusBroadcastRouter } from './status-broadcast.router.js';

const device = (id: number): Device => ({
  id,
  noisePublicKey: new Uint8Array(32),
  identityKey: new Uint8Array(32),
  bundle: {} as Device['bundle'],
  platform: 'android',
  linkedAt: 0,
});
const enc = (type: string, tag: string): BinaryNode => ({
  tag: 'enc',
  attrs: { v: '2', type },
  content: Buffer.from(tag),
});

describe(StatusBroadcastRouter.name, () => {
  const accounts = new AccountRegistry();
  const poster = accounts.create('5511999990001', 'Shop', Curve.generateKeyPair());
  const ana = accounts.create('5511999990002', 'Ana', Curve.generateKeyPair());
  const bia = accounts.create('5511999990003', 'Bia', Curve.generateKeyPair());
  accounts.create('5511999990004', 'Carl', Curve.generateKeyPair()).addDevice(device(0));
  poster.addDevice(device(0));
  poster.addDevice(device(3));
  ana.addDevice(device(0));
  ana.addDevice(device(2));
  bia.addDevice(device(0));

  it('delivers a post to exactly the listed devices, their own enc first, then the skmsg', async () => {
    const delivered: { number: string; device: number; stanza: BinaryNode }[] = [];
    const mailboxes = {
      deliver: async (number: string, id: number, stanza: BinaryNode) => {
        delivered.push({ number, device: id, stanza });
        return 'sent' as const;
      },
    } as unknown as Mailboxes;
    const sut = new StatusBroadcastRouter(accounts, mailboxes, createSimLogger());
    const identity: BinaryNode = { tag: 'device-identity', attrs: {}, content: Buffer.from('adv') };
    const stanza: BinaryNode = {
      tag: 'message',
      attrs: { to: STATUS_BROADCAST, id: 'ST1', type: 'text' },
      content: [
        {
          tag: 'participants',
          attrs: {},
          content: [
            { tag: 'to', attrs: { jid: '5511999990002@s.whatsapp.net' }, content: [enc('msg', 'ana0')] },
            { tag: 'to', attrs: { jid: `${ana.lid}:2@lid` }, content: [enc('pkmsg', 'ana2')] },
            { tag: 'to', attrs: { jid: '5511999990003@s.whatsapp.net' }, content: [enc('msg', 'bia0')] },
            // the poster's own other device, and the sending device itself (skipped)
            { tag: 'to', attrs: { jid: '5511999990001:3@s.whatsapp.net' }, content: [enc('msg', 'own3')] },
            { tag: 'to', attrs: { jid: '5511999990001@s.whatsapp.net' }, content: [enc('msg', 'self')] },
            // unknown accounts are dropped
            { tag: 'to', attrs: { jid: '5511000000000@s.whatsapp.net' }, content: [enc('msg', 'nobody')] },
          ],
        },
        enc('skmsg', 'post'),
        identity,
      ],
    };
    await sut.route({ account: poster, device: 0 }, stanza, 'ST1', '1700000000');

    expect(delivered.map((d) => `${d.number}:${d.device}`)).toEqual([
      '5511999990002:0',
      '5511999990002:2',
      '5511999990003:0',
      '5511999990001:3',
    ]);
    const [ana0, ana2, , own3] = delivered;
    expect(ana0!.stanza.attrs).toMatchObject({
      from: STATUS_BROADCAST,
      participant: '5511999990001@s.whatsapp.net',
      participant_lid: poster.lidJid,
      id: 'ST1',
      t: '1700000000',
      type: 'text',
      notify: 'Shop',
    });
    expect((ana0!.stanza.content as BinaryNode[]).map((n) => String(n.content))).toEqual(['ana0', 'post']);
    // a LID-addressed device gets the poster's LID, and the device identity with its pkmsg
    expect(ana2!.stanza.attrs).toMatchObject({
      participant: `${poster.lid}@lid`,
      participant_pn: poster.pnJid,
    });
    expect((ana2!.stanza.content as BinaryNode[]).map((n) => n.tag)).toEqual([
      'enc',
      'enc',
      'device-identity',
    ]);
    // the poster's companion tells its own post by the PN participant
    expect(own3!.stanza.attrs['participant']).toBe('5511999990001@s.whatsapp.net');
    expect(sut.posts).toBe(1);
    expect(sut.copies).toBe(4);
  });
});
