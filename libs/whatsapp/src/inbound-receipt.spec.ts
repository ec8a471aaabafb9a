import { proto, type WAMessage } from '@whiskeysockets/baileys';
import { cleanedCopy, inboundEventId } from './inbound-receipt.js';

describe('inboundEventId', () => {
  const key = { remoteJid: '5511900000002@s.whatsapp.net', fromMe: false, id: '3EB0ABC' };

  it('is the same for the same message delivered again, and a UUID', () => {
    const id = inboundEventId('shop', 'message-received', key);
    expect(inboundEventId('shop', 'message-received', { ...key })).toBe(id);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('names a 1:1 chat by its phone number however the message was addressed', () => {
    const lid = { remoteJid: '123456789012@lid', remoteJidAlt: key.remoteJid, fromMe: false, id: key.id };
    expect(inboundEventId('shop', 'message-received', lid)).toBe(
      inboundEventId('shop', 'message-received', key),
    );
  });

  it('differs by instance, event, chat, direction and message id', () => {
    const id = inboundEventId('shop', 'message-received', key);
    const others = [
      inboundEventId('other', 'message-received', key),
      inboundEventId('shop', 'message-reacted', key),
      inboundEventId('shop', 'message-received', { ...key, remoteJid: '5511900000003@s.whatsapp.net' }),
      inboundEventId('shop', 'message-received', { ...key, fromMe: true }),
      inboundEventId('shop', 'message-received', { ...key, id: '3EB0ABD' }),
    ];
    expect(new Set([id, ...others]).size).toBe(6);
  });
});

describe('cleanedCopy', () => {
  it('cleans a copy as messages.upsert will, leaving the message Baileys still holds untouched', () => {
    const me = '5511900000001:3@s.whatsapp.net';
    const msg: WAMessage = {
      key: { remoteJid: '5511900000002:7@s.whatsapp.net', fromMe: false, id: 'R1' },
      message: proto.Message.fromObject({
        reactionMessage: {
          // the sender's key of our message: in their chat with us, not theirs
          key: { remoteJid: '5511900000001@s.whatsapp.net', fromMe: false, id: 'M1' },
          text: '👍',
        },
      }),
    };
    const copy = cleanedCopy(msg, me);
    expect(copy.key.remoteJid).toBe('5511900000002@s.whatsapp.net');
    // seen from here: our message, in the chat with the sender
    expect(copy.message?.reactionMessage?.key?.fromMe).toBe(true);
    expect(copy.message?.reactionMessage?.key?.remoteJid).toBe('5511900000002@s.whatsapp.net');
    expect(msg.key.remoteJid).toBe('5511900000002:7@s.whatsapp.net');
    expect(msg.message?.reactionMessage?.key?.fromMe).toBe(false);
  });
});
