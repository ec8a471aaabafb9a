import { ErrorCode, type GroupInfo } from '@zapgate/contracts';
import {
  megaCreateGroup,
  megaGroupJid,
  megaGroupList,
  megaGroupParticipants,
  megaGroupParticipantsReply,
  megaGroupReply,
  megaWhoCanChangeSettings,
  megaWhoCanSend,
} from './mega-group.dto.js';
import { renderMegaWebhook } from './mega-webhook.renderer.js';

const G = '120363042378568057@g.us';
const group: GroupInfo = {
  id: G,
  subject: 'Team',
  owner: '5511900000001@s.whatsapp.net',
  description: 'rules',
  announce: true,
  restrict: false,
  size: 2,
  participants: [
    { id: '5511900000001@s.whatsapp.net', alt: '100000000000001@lid', role: 'superadmin' },
    { id: '100000000000002@lid', alt: '5511900000002@s.whatsapp.net', role: 'member' },
  ],
};

describe('mega-API group mappings', () => {
  it('turns group_data bodies into canonical requests (numbers or full jids)', () => {
    expect(
      megaCreateGroup('shop', {
        group_data: { group_name: 'Team', participants: ['5511900000002', '5511900000003@s.whatsapp.net'] },
      }),
    ).toEqual({
      instance: 'shop',
      subject: 'Team',
      participants: ['5511900000002@s.whatsapp.net', '5511900000003@s.whatsapp.net'],
    });
    expect(
      megaGroupParticipants(
        'shop',
        { group_data: { jid: G, participants: ['5511900000002@s.whatsapp.net'] } },
        'promote',
      ),
    ).toEqual({
      instance: 'shop',
      group: G,
      action: 'promote',
      participants: ['5511900000002@s.whatsapp.net'],
    });
    expect(megaGroupJid('120363042378568057')).toBe(G);
  });

  it('refuses what is not a group or a member, as validation errors', () => {
    expect(() => megaGroupJid(undefined)).toThrow(
      expect.objectContaining({ code: ErrorCode.ValidationFailed }),
    );
    expect(() => megaGroupJid('5511900000001@s.whatsapp.net')).toThrow(/must be a group/);
    expect(() => megaGroupParticipants('shop', { group_data: { jid: G, participants: [] } }, 'add')).toThrow(
      /at least one member/,
    );
    expect(() => megaGroupParticipants('shop', { group_data: { jid: G, participants: [G] } }, 'add')).toThrow(
      /people, not groups/,
    );
    expect(() => megaWhoCanSend('shop', G, 'maybe')).toThrow(/allowOnlyAdmins/);
  });

  it('maps allowOnlyAdmins to WhatsApp settings', () => {
    expect(megaWhoCanSend('shop', G, 'true').setting).toBe('announcement');
    expect(megaWhoCanSend('shop', G, '0').setting).toBe('not_announcement');
    expect(megaWhoCanChangeSettings('shop', G, true).setting).toBe('locked');
    expect(megaWhoCanChangeSettings('shop', G, 'false').setting).toBe('unlocked');
  });

  it("renders groups as Baileys' GroupMetadata inside mega's {error: false} replies", () => {
    const one = megaGroupReply(group);
    expect(one).toEqual({
      error: false,
      message: 'Group metadata',
      data: {
        id: G,
        subject: 'Team',
        owner: '5511900000001@s.whatsapp.net',
        desc: 'rules',
        restrict: false,
        announce: true,
        size: 2,
        participants: [
          { id: '5511900000001@s.whatsapp.net', lid: '100000000000001@lid', admin: 'superadmin' },
          { id: '100000000000002@lid', phoneNumber: '5511900000002@s.whatsapp.net', admin: null },
        ],
      },
    });
    expect(megaGroupList([group], false).groups[0]).not.toHaveProperty('participants');
    expect(megaGroupParticipantsReply('add', [{ id: '5511900000002@s.whatsapp.net', status: 409 }])).toEqual({
      error: false,
      message: 'Participants added',
      data: [{ jid: '5511900000002@s.whatsapp.net', status: '409' }],
    });
  });

  it('renders group events as Baileys-style webhooks', () => {
    const at = '2026-11-29T17:00:00.000Z';
    const me = { key: 'shop', me: { id: '5511900000001@s.whatsapp.net' } };
    expect(
      renderMegaWebhook(
        {
          id: 'e1',
          instance: 'shop',
          event: 'group-participants-changed',
          at,
          data: {
            group: G,
            action: 'add',
            participants: [{ id: '5511900000002@s.whatsapp.net' }],
            author: me.me.id,
          },
        },
        me,
      ),
    ).toEqual([
      {
        event: 'group-participants.update',
        body: {
          instance_key: 'shop',
          jid: me.me.id,
          messageType: 'group-participants.update',
          id: G,
          action: 'add',
          participants: ['5511900000002@s.whatsapp.net'],
          author: me.me.id,
        },
      },
    ]);
    const [update] = renderMegaWebhook(
      {
        id: 'e2',
        instance: 'shop',
        event: 'group-updated',
        at,
        data: { group: G, description: '', announce: true },
      },
      me,
    );
    expect(update!.body).toMatchObject({
      messageType: 'groups.update',
      update: { id: G, desc: '', announce: true },
    });
  });
});
