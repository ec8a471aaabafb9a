import { DomainError } from '@zapgate/contracts';
import {
  megaContactMessage,
  megaLocation,
  megaQuoteMessage,
  megaTextMentioned,
} from './mega-rich-message.command.js';

const TO = '5511999999999@s.whatsapp.net';

describe(megaTextMentioned.name, () => {
  it('sends the text with the mentions as user jids', () => {
    expect(
      megaTextMentioned('shop', {
        messageData: { to: '5511999999999', text: 'hi @5511988887777', mentions: ['5511988887777@c.us'] },
      }),
    ).toEqual({
      instance: 'shop',
      to: TO,
      content: { kind: 'text', text: 'hi @5511988887777' },
      options: { mentions: ['5511988887777@s.whatsapp.net'] },
    });
  });

  it('refuses a mention that is no user jid', () => {
    const sut = () =>
      megaTextMentioned('shop', { messageData: { to: TO, text: 'x', mentions: ['not-a-jid@'] } });
    expect(sut).toThrow(DomainError);
    expect(sut).toThrow(/^mentions: /);
  });
});

describe(megaQuoteMessage.name, () => {
  it("quotes key.id in key.remoteJid's chat", () => {
    expect(
      megaQuoteMessage('shop', {
        messageData: {
          to: TO,
          text: 'yes',
          key: { remoteJid: '5511999999999@c.us', fromMe: false, id: ' 3EB0AA ' },
          message: { conversation: 'ignored' },
        },
      }),
    ).toEqual({
      instance: 'shop',
      to: TO,
      content: { kind: 'text', text: 'yes' },
      options: { quoted: { id: '3EB0AA', chat: TO } },
    });
  });

  it('leaves the chat to the shard without remoteJid', () => {
    expect(
      megaQuoteMessage('shop', { messageData: { to: TO, text: 'yes', key: { id: '3EB0AA' } } }).options,
    ).toEqual({ quoted: { id: '3EB0AA' } });
  });
});

describe(megaLocation.name, () => {
  it('names the place by caption, with its address', () => {
    expect(
      megaLocation('shop', {
        messageData: { to: TO, latitude: -23.5, longitude: -46.6, caption: 'MASP', address: 'Av. Paulista' },
      }).content,
    ).toEqual({ kind: 'location', latitude: -23.5, longitude: -46.6, name: 'MASP', address: 'Av. Paulista' });
    expect(megaLocation('shop', { messageData: { to: TO, latitude: 0, longitude: 0 } }).content).toEqual({
      kind: 'location',
      latitude: 0,
      longitude: 0,
    });
  });
});

describe(megaContactMessage.name, () => {
  it.each([['5511988887777@s.whatsapp.net'], ['+55 (11) 98888-7777']])(
    'reads phoneNumber %p as the contact digits',
    (phoneNumber) => {
      expect(
        megaContactMessage('shop', {
          messageData: {
            to: TO,
            vcard: { fullName: 'Ana Souza', displayName: 'Ana', organization: 'Acme', phoneNumber },
          },
        }).content,
      ).toEqual({
        kind: 'contacts',
        displayName: 'Ana',
        contacts: [{ fullName: 'Ana Souza', phone: '5511988887777', organization: 'Acme' }],
      });
    },
  );

  it('refuses a phoneNumber that is no number', () => {
    expect(() =>
      megaContactMessage('shop', {
        messageData: { to: TO, vcard: { fullName: 'A', phoneNumber: 'call me' } },
      }),
    ).toThrow(/^vcard.phoneNumber: /);
  });
});
