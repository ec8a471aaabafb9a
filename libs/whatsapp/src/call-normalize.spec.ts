import type { WACallEvent } from '@whiskeysockets/baileys';
import { normalizeCall } from './call-normalize.js';

const offer: WACallEvent = {
  chatId: '5511999990002@s.whatsapp.net',
  from: '5511999990002:0@s.whatsapp.net',
  callerPn: '5511999990002@s.whatsapp.net',
  id: 'CALL1',
  date: new Date(1_767_268_800_000),
  offline: false,
  status: 'offer',
  isVideo: true,
  isGroup: false,
};

describe(normalizeCall.name, () => {
  it('makes an offer a call-received, the caller normalized', () => {
    expect(normalizeCall(offer)).toEqual({
      id: 'CALL1',
      from: '5511999990002@s.whatsapp.net',
      callerPn: '5511999990002@s.whatsapp.net',
      isVideo: true,
      isGroup: false,
      timestamp: 1_767_268_800,
      offline: false,
    });
    expect(
      normalizeCall({ ...offer, isGroup: true, groupJid: '120363000000000001@g.us', callerPn: undefined }),
    ).toMatchObject({
      isGroup: true,
      group: '120363000000000001@g.us',
    });
  });

  it('leaves the later stanzas of a call (ringing, reject, terminate) out', () => {
    for (const status of ['ringing', 'reject', 'terminate', 'timeout', 'accept'] as const)
      expect(normalizeCall({ ...offer, status })).toBeUndefined();
  });
});
