import type { GroupMetadata } from '@whiskeysockets/baileys';
import {
  normalizeGroup,
  normalizeGroupUpdate,
  normalizeGroupUpsert,
  normalizeJoinRequest,
  normalizeParticipantsUpdate,
} from './group-normalize.js';
import { groupError } from './baileys-groups.js';
import { DomainError, ErrorCode } from '@zapgate/contracts';

const G = '120363000000000001@g.us';
const ANA_PN = '5511900000001@s.whatsapp.net';
const ANA_LID = '100000000000001@lid';
const BIA_PN = '5511900000002@s.whatsapp.net';
const BIA_LID = '100000000000002@lid';

const lidGroup: GroupMetadata = {
  id: G,
  addressingMode: 'lid' as GroupMetadata['addressingMode'],
  owner: ANA_LID,
  ownerPn: ANA_PN,
  subject: 'Team',
  subjectOwner: `${ANA_LID.split('@')[0]}:3@lid`,
  subjectTime: 1_795_400_000,
  creation: 1_795_400_000,
  desc: 'rules',
  descOwner: ANA_LID,
  descTime: 1_795_400_100,
  announce: true,
  restrict: false,
  size: 2,
  ephemeralDuration: 0,
  participants: [
    { id: ANA_LID, phoneNumber: ANA_PN, admin: 'superadmin' },
    { id: BIA_LID, phoneNumber: BIA_PN, admin: null },
  ],
};

describe('group normalisation', () => {
  it("turns Baileys' GroupMetadata into GroupInfo: roles, both forms of each member, devices dropped", () => {
    expect(normalizeGroup(lidGroup)).toEqual({
      id: G,
      subject: 'Team',
      owner: ANA_LID,
      ownerAlt: ANA_PN,
      subjectOwner: ANA_LID,
      subjectTime: 1_795_400_000,
      creation: 1_795_400_000,
      description: 'rules',
      descriptionOwner: ANA_LID,
      descriptionTime: 1_795_400_100,
      announce: true,
      restrict: false,
      addressingMode: 'lid',
      size: 2,
      participants: [
        { id: ANA_LID, alt: ANA_PN, role: 'superadmin' },
        { id: BIA_LID, alt: BIA_PN, role: 'member' },
      ],
    });
    // a PN group names LIDs as the other form; isAdmin flags count too
    const pn = normalizeGroup({
      id: G,
      owner: undefined,
      subject: 'x',
      participants: [{ id: `${BIA_PN.split('@')[0]}:2@s.whatsapp.net`, lid: BIA_LID, isAdmin: true }],
    });
    expect(pn.participants).toEqual([{ id: BIA_PN, alt: BIA_LID, role: 'admin' }]);
    expect(pn).toMatchObject({ announce: false, restrict: false, size: 1 });
  });

  it('makes groups.upsert whole-group updates, and groups.update only what changed', () => {
    expect(normalizeGroupUpsert([{ ...lidGroup, author: ANA_LID, authorPn: ANA_PN }])).toEqual([
      { group: G, author: ANA_LID, authorAlt: ANA_PN, metadata: normalizeGroup(lidGroup) },
    ]);
    expect(normalizeGroupUpdate({ id: G, author: ANA_LID, announce: true })).toEqual({
      group: G,
      author: ANA_LID,
      announce: true,
    });
    expect(normalizeGroupUpdate({ id: G, desc: undefined })).toEqual({ group: G, description: '' });
    expect(normalizeGroupUpdate({ id: G, inviteCode: 'NEWCODE1' })).toEqual({
      group: G,
      inviteCode: 'NEWCODE1',
    });
    // nothing the contract carries (a picture change), or not a group: not published
    expect(normalizeGroupUpdate({ id: G, author: ANA_LID })).toBeUndefined();
    expect(normalizeGroupUpdate({ id: ANA_PN, subject: 'x' })).toBeUndefined();
  });

  it('normalises participant changes and join requests; modify and strangers are dropped', () => {
    expect(
      normalizeParticipantsUpdate({
        id: G,
        author: ANA_LID,
        authorPn: ANA_PN,
        participants: [{ id: BIA_LID, phoneNumber: BIA_PN }],
        action: 'promote',
      }),
    ).toEqual({
      group: G,
      action: 'promote',
      participants: [{ id: BIA_LID, alt: BIA_PN }],
      author: ANA_LID,
      authorAlt: ANA_PN,
    });
    expect(normalizeParticipantsUpdate({ id: G, participants: [BIA_PN], action: 'remove' })).toEqual({
      group: G,
      action: 'remove',
      participants: [{ id: BIA_PN }],
    });
    expect(
      normalizeParticipantsUpdate({ id: G, participants: [{ id: BIA_LID }], action: 'modify' }),
    ).toBeUndefined();
    expect(
      normalizeJoinRequest({
        id: G,
        participant: BIA_LID,
        participantPn: BIA_PN,
        action: 'created',
        method: 'invite_link',
      }),
    ).toEqual({
      group: G,
      participant: BIA_LID,
      participantAlt: BIA_PN,
      action: 'created',
      method: 'invite_link',
    });
    expect(normalizeJoinRequest({ id: G, participant: 'x', action: 'created' })).toBeUndefined();
  });

  it("maps WhatsApp's group refusals to domain errors and leaves other failures alone", () => {
    // Baileys' Boom for an iq error carries the code in `data`
    const iq = (code: number) => Object.assign(new Error('refused'), { isBoom: true, data: code });
    const code = (err: unknown) => (err as DomainError).code;
    expect(code(groupError(iq(404), 'g'))).toBe(ErrorCode.GroupNotFound);
    expect(code(groupError(iq(403), 'g'))).toBe(ErrorCode.GroupNotFound);
    expect(code(groupError(iq(401), 'g'))).toBe(ErrorCode.Forbidden);
    expect(code(groupError(iq(406), 'g'))).toBe(ErrorCode.ValidationFailed);
    expect(code(groupError(iq(406), 'code', true))).toBe(ErrorCode.GroupNotFound);
    expect(code(groupError(iq(410), 'code', true))).toBe(ErrorCode.GroupNotFound);
    const timeout = Object.assign(new Error('Timed Out'), { isBoom: true, output: { statusCode: 408 } });
    expect(groupError(timeout, 'g')).toBe(timeout);
    expect(groupError(iq(401), 'g')).toBeInstanceOf(DomainError);
  });
});
