import type { WAMessage } from '@whiskeysockets/baileys';
import { normalizeMessage } from './normalize.js';

describe('normalizeMessage: status posts', () => {
  it('flags a status post (status@broadcast) with status: true and names its poster as the sender', () => {
    const post = {
      key: {
        remoteJid: 'status@broadcast',
        id: '3EB0AA',
        fromMe: false,
        participant: '5511999990002@s.whatsapp.net',
      },
      messageTimestamp: 1_700_000_000,
      message: { extendedTextMessage: { text: 'Back from holidays', backgroundArgb: 0xffff0000, font: 1 } },
    } as WAMessage;
    expect(normalizeMessage(post, 'notify')).toMatchObject({
      id: '3EB0AA',
      chat: 'status@broadcast',
      sender: '5511999990002@s.whatsapp.net',
      text: 'Back from holidays',
      status: true,
    });
  });

  it('leaves the flag off every other message', () => {
    const text = {
      key: { remoteJid: '5511999990002@s.whatsapp.net', id: '3EB0AB', fromMe: false },
      messageTimestamp: 1_700_000_000,
      message: { conversation: 'hi' },
    } as WAMessage;
    expect(normalizeMessage(text, 'notify')).not.toHaveProperty('status');
  });
});
