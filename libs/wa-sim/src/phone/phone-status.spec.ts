import { proto, type WAMessage } from '@whiskeysockets/baileys';
import type { PhoneMessage } from './phone-message.js';
import { contactsOf, disappearingOf, statusExtrasOf } from './phone-status.js';

const msg = (remoteJid: string, message: proto.IMessage): WAMessage =>
  ({ key: { remoteJid, id: 'X1', fromMe: false }, message }) as WAMessage;

describe('phone status and disappearing-messages views', () => {
  it("shows a text status's background colour (opaque as #RRGGBB) and font", () => {
    expect(
      statusExtrasOf(
        msg('status@broadcast', { extendedTextMessage: { text: 'hi', backgroundArgb: 0xff0275d8, font: 2 } }),
      ),
    ).toEqual({ statusPost: { backgroundColor: '#0275d8', font: 2 } });
    expect(
      statusExtrasOf(
        msg('status@broadcast', { extendedTextMessage: { text: 'hi', backgroundArgb: 0x800275d8 } }),
      ),
    ).toEqual({ statusPost: { backgroundColor: '#800275d8' } });
    expect(statusExtrasOf(msg('status@broadcast', { imageMessage: {} }))).toEqual({ statusPost: {} });
    expect(statusExtrasOf(msg('5511999990002@s.whatsapp.net', { conversation: 'x' }))).toEqual({});
  });

  it('reads an ephemeral-setting change (0: off)', () => {
    const setting = (seconds: number) =>
      msg('5511999990002@s.whatsapp.net', {
        protocolMessage: {
          type: proto.Message.ProtocolMessage.Type.EPHEMERAL_SETTING,
          ephemeralExpiration: seconds,
        },
      });
    expect(disappearingOf(setting(604_800))).toEqual({ seconds: 604_800 });
    expect(statusExtrasOf(setting(0))).toEqual({ disappearing: { seconds: 0 } });
    expect(
      disappearingOf(
        msg('5511999990002@s.whatsapp.net', {
          protocolMessage: { type: proto.Message.ProtocolMessage.Type.REVOKE, key: { id: 'A' } },
        }),
      ),
    ).toBeUndefined();
  });

  it("a phone's contacts are the people of its 1:1 chats, once each, not itself, groups or statuses", () => {
    const m = (chat: string) => ({ chat }) as PhoneMessage;
    expect(
      contactsOf(
        [
          m('5511999990002@s.whatsapp.net'),
          m('120363040000000001@g.us'),
          m('status@broadcast'),
          m('5511999990002@s.whatsapp.net'),
          m('5511999990001@s.whatsapp.net'),
          m('123456789012345@lid'),
        ],
        '5511999990001@s.whatsapp.net',
      ),
    ).toEqual(['5511999990002@s.whatsapp.net', '123456789012345@lid']);
  });
});
