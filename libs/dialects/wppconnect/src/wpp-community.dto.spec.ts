import { ErrorCode, type GroupInfo } from '@zapgate/contracts';
import {
  wppCommunityCreated,
  wppCommunityId,
  wppCommunityMembers,
  wppCommunityParticipants,
  wppCommunityParticipantsReply,
  wppCommunitySubgroups,
  wppCreateCommunity,
  wppSubgroupsReply,
} from './wpp-community.dto.js';

const C = '120363042378568099@g.us';
const G = '120363042378568057@g.us';
const community: GroupInfo = {
  id: C,
  subject: 'Neighbours',
  description: 'The street',
  announce: true,
  restrict: false,
  isCommunity: true,
  size: 2,
  participants: [
    { id: '100000000000001@lid', alt: '5511900000001@s.whatsapp.net', role: 'superadmin' },
    { id: '5511900000002@s.whatsapp.net', role: 'member' },
  ],
};
const invalid = expect.objectContaining({ code: ErrorCode.ValidationFailed });

describe('WPPConnect community mappings', () => {
  it('reads create-community: name, description and the groups to link', () => {
    expect(
      wppCreateCommunity({ name: ' Neighbours ', description: 'd', groupIds: ['120363042378568057'] }),
    ).toEqual({ subject: 'Neighbours', description: 'd', groups: [G] });
    expect(wppCreateCommunity({ name: 'N' })).toEqual({ subject: 'N', description: '', groups: [] });
    expect(wppCreateCommunity({ name: 'N', groupIds: [] }).groups).toEqual([]);
    expect(() => wppCreateCommunity({ name: '' })).toThrow(invalid);
    expect(() => wppCreateCommunity({ name: 'x'.repeat(101) })).toThrow(invalid);
    expect(() => wppCreateCommunity({ name: 'N', description: 5 })).toThrow(invalid);
    expect(() => wppCreateCommunity({ name: 'N', groupIds: [7] })).toThrow(invalid);
  });

  it('reads the community id, groupsIds and participantsId', () => {
    expect(wppCommunityId('120363042378568099')).toBe(C);
    expect(wppCommunityId(C)).toBe(C);
    expect(() => wppCommunityId(`${C},${G}`)).toThrow(/one community/);
    expect(() => wppCommunityId(undefined)).toThrow(invalid);
    expect(() => wppCommunityId(42)).toThrow(invalid);
    expect(wppCommunitySubgroups(`${G}, 120363000000000002`)).toEqual([G, '120363000000000002@g.us']);
    expect(() => wppCommunitySubgroups([])).toThrow(/groupsIds/);
    expect(wppCommunityParticipants(['5521999999999'])).toEqual(['5521999999999@s.whatsapp.net']);
    expect(() => wppCommunityParticipants('')).toThrow(/participantsId/);
    expect(() => wppCommunityParticipants([G])).toThrow(/participantsId/);
  });

  it('renders the replies with Wids and per-item codes', () => {
    expect(
      wppCommunityCreated({
        community,
        linked: [
          { group: G, status: 200 },
          { group: '120363000000000002@g.us', status: 403 },
        ],
      }),
    ).toEqual({
      gid: { server: 'g.us', user: '120363042378568099', _serialized: C },
      subject: 'Neighbours',
      description: 'The street',
      isCommunity: true,
      participants: [{ '100000000000001@lid': { code: 200 } }, { '5511900000002@c.us': { code: 200 } }],
      subGroups: { [G]: { code: 200 }, '120363000000000002@g.us': { code: 403 } },
    });
    expect(wppSubgroupsReply(C, [{ group: G, status: 404 }])).toEqual({
      id: C,
      result: { [G]: { code: 404 } },
    });
    expect(wppCommunityParticipantsReply(C, [{ id: '5511900000002@s.whatsapp.net', status: 200 }])).toEqual({
      id: C,
      result: { '5511900000002@c.us': { code: 200 } },
    });
    expect(wppCommunityMembers(community)).toEqual([
      {
        id: { server: 'lid', user: '100000000000001', _serialized: '100000000000001@lid' },
        isAdmin: true,
        isSuperAdmin: true,
        phoneNumber: '5511900000001@c.us',
      },
      {
        id: { server: 'c.us', user: '5511900000002', _serialized: '5511900000002@c.us' },
        isAdmin: false,
        isSuperAdmin: false,
      },
    ]);
    expect(() => wppCommunityMembers({ ...community, isCommunity: undefined })).toThrow(/not a community/);
  });
});
