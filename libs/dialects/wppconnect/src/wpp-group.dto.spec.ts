import { ErrorCode, type GroupInfo } from '@zapgate/contracts';
import {
  wppCreateGroupReply,
  wppGroupIds,
  wppGroupInfo,
  wppGroupNames,
  wppGroupProperty,
  wppInviteCode,
  wppParticipants,
  wppParticipantsReply,
} from './wpp-group.dto.js';
import { renderWppWebhook } from './wpp-webhook.renderer.js';

const G = '120363042378568057@g.us';
const group: GroupInfo = {
  id: G,
  subject: 'Team',
  subjectTime: 1_795_400_000,
  subjectOwner: '5511900000001@s.whatsapp.net',
  creation: 1_795_400_000,
  announce: false,
  restrict: false,
  size: 2,
  participants: [
    { id: '5511900000001@s.whatsapp.net', role: 'superadmin' },
    { id: '100000000000002@lid', alt: '5511900000002@s.whatsapp.net', role: 'member' },
  ],
};

describe('WPPConnect group mappings', () => {
  it("reads groupId and phone as WPPConnect's groupToArray and contactToArray do", () => {
    expect(wppGroupIds('120363042378568057')).toEqual([G]);
    expect(wppGroupIds(`${G}, 120363000000000002@c.us`)).toEqual([G, '120363000000000002@g.us']);
    expect(wppGroupIds(['120363042378568057', G])).toEqual([G]);
    expect(() => wppGroupIds('')).toThrow(expect.objectContaining({ code: ErrorCode.ValidationFailed }));
    expect(wppParticipants('5521999999999, 123456789012345')).toEqual([
      '5521999999999@s.whatsapp.net',
      '123456789012345@lid',
    ]);
    expect(() => wppParticipants([])).toThrow(/phone is required/);
    expect(wppGroupNames('a, b')).toEqual(['a', 'b']);
    expect(wppInviteCode('https://chat.whatsapp.com/HJ2zoW8Kx0Z4wQk9bD3y1A')).toBe('HJ2zoW8Kx0Z4wQk9bD3y1A');
    expect(() => wppInviteCode(undefined)).toThrow('Invitation Code is required');
  });

  it('maps group properties to WhatsApp settings; the ones it has not are 501', () => {
    expect(wppGroupProperty('announcement', undefined)).toBe('announcement');
    expect(wppGroupProperty('announcement', 'false')).toBe('not_announcement');
    expect(wppGroupProperty('restrict', true)).toBe('locked');
    expect(() => wppGroupProperty('ephemeral', true)).toThrow(
      expect.objectContaining({ code: ErrorCode.NotImplemented }),
    );
    expect(() => wppGroupProperty('colour', true)).toThrow(
      expect.objectContaining({ code: ErrorCode.ValidationFailed }),
    );
  });

  it("renders group-info, create-group and participant replies in WPPConnect's shapes", () => {
    expect(wppGroupInfo(group)).toEqual({
      id: G,
      name: 'Team',
      description: null,
      subject: 'Team',
      subjectUpdatedAt: '2026-11-23T02:13:20.000Z',
      subjectUpdatedBy: '5511900000001@c.us',
      descriptionUpdatedAt: null,
      descriptionUpdatedBy: null,
      createdAt: '2026-11-23T02:13:20.000Z',
      lastActivityAt: null,
      participants: [
        { id: '5511900000001@c.us', isAdmin: true },
        { id: '100000000000002@lid', isAdmin: false },
      ],
    });
    expect(wppCreateGroupReply('Team', [group]).response).toMatchObject({
      message: 'Group(s) created successfully',
      group: 'Team',
      groupInfo: [{ name: 'Team', id: '120363042378568057' }],
    });
    expect(
      wppParticipantsReply(
        'add',
        '5521999999999',
        [G],
        [[{ id: '5521999999999@s.whatsapp.net', status: 200 }]],
      ),
    ).toEqual({
      status: 'success',
      response: {
        message: 'Addition to group attempted.',
        participants: '5521999999999',
        groups: [G],
        result: [{ '5521999999999@c.us': { code: 200 } }],
      },
    });
  });

  it('renders participant changes as onparticipantschanged (leaver and join when members act on themselves)', () => {
    const render = (data: object) =>
      renderWppWebhook(
        {
          id: 'e',
          instance: 'store',
          event: 'group-participants-changed',
          at: '2026-11-29T17:00:00.000Z',
          data,
        } as never,
        { key: 'store' },
      );
    expect(
      render({
        group: G,
        action: 'promote',
        participants: [{ id: '100000000000002@lid', alt: '5511900000002@s.whatsapp.net' }],
        author: '5511900000001@s.whatsapp.net',
      }),
    ).toEqual([
      {
        event: 'onparticipantschanged',
        body: {
          event: 'onparticipantschanged',
          session: 'store',
          by: '5511900000001@c.us',
          groupId: G,
          action: 'promote',
          operation: 'promote',
          who: ['5511900000002@c.us'],
        },
      },
    ]);
    const left = render({
      group: G,
      action: 'remove',
      participants: [{ id: '100000000000002@lid' }],
      author: '5511900000002@s.whatsapp.net',
      authorAlt: '100000000000002@lid',
    });
    expect(left[0]!.body).toMatchObject({ action: 'leaver', operation: 'remove' });
    const joined = render({
      group: G,
      action: 'add',
      participants: [{ id: '5511900000002@s.whatsapp.net' }],
      author: '5511900000002@s.whatsapp.net',
    });
    expect(joined[0]!.body).toMatchObject({ action: 'join', operation: 'add' });
    expect(
      renderWppWebhook(
        {
          id: 'e',
          instance: 'store',
          event: 'group-updated',
          at: '2026-11-29T17:00:00.000Z',
          data: { group: G, subject: 'x' },
        },
        { key: 'store' },
      ),
    ).toEqual([]);
  });
});
