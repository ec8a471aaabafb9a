import { proto, type WAMessage } from '@whiskeysockets/baileys';
import { parseStoredMessage, serializeMessage, storedKind, toStoredMessage } from './stored-message.js';

const mediaKey = Buffer.from('00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff', 'hex');

/** A message as Baileys hands it over (a decoded protobuf, longs as Long). */
const received = (message: proto.IMessage, key: Partial<proto.IMessageKey> = {}): WAMessage =>
  proto.WebMessageInfo.fromObject({
    key: { remoteJid: '5511999990002@s.whatsapp.net', fromMe: false, id: '3EB0A1', ...key },
    messageTimestamp: 1_767_000_000,
    pushName: 'Ana',
    message,
  }) as WAMessage;

describe(toStoredMessage.name, () => {
  it('keeps a received image seen once: kind, caption, time in ms, the chat without device', () => {
    const msg = received(
      {
        viewOnceMessageV2: {
          message: {
            imageMessage: { caption: 'look', mimetype: 'image/jpeg', mediaKey, fileLength: 5_000_000_000 },
          },
        },
      },
      { remoteJid: '5511999990002:3@s.whatsapp.net' },
    );
    expect(toStoredMessage('shop', msg)).toEqual({
      instance: 'shop',
      id: '3EB0A1',
      chat: '5511999990002@s.whatsapp.net',
      fromMe: false,
      timestamp: 1_767_000_000_000,
      kind: 'image',
      text: 'look',
      raw: expect.any(String),
    });
  });

  it('keeps who wrote in a group, and the status of an own message', () => {
    const msg = received(
      { conversation: 'hello all' },
      { remoteJid: '120363040000000001@g.us', participant: '5511999990003:7@s.whatsapp.net', fromMe: true },
    );
    msg.status = proto.WebMessageInfo.Status.SERVER_ACK;
    expect(toStoredMessage('shop', msg)).toMatchObject({
      chat: '120363040000000001@g.us',
      sender: '5511999990003@s.whatsapp.net',
      fromMe: true,
      kind: 'text',
      text: 'hello all',
      status: 'sent',
    });
  });

  it('leaves out protocol messages and messages without content', () => {
    expect(toStoredMessage('shop', received({ protocolMessage: { type: 0 } }))).toBeUndefined();
    expect(toStoredMessage('shop', received({}))).toBeUndefined();
    expect(toStoredMessage('shop', { key: { id: 'x', remoteJid: 'a@s.whatsapp.net' } })).toBeUndefined();
  });

  it('round-trips the message through its stored JSON with bytes and longs intact', () => {
    const msg = received({
      documentWithCaptionMessage: {
        message: {
          documentMessage: { fileName: 'a.pdf', caption: 'June', mediaKey, fileLength: 5_000_000_000 },
        },
      },
    });
    const raw = serializeMessage(msg);
    expect(JSON.parse(raw)).toMatchObject({
      message: {
        documentWithCaptionMessage: {
          message: { documentMessage: { mediaKey: { type: 'Buffer', data: mediaKey.toString('base64') } } },
        },
      },
    });
    const back = parseStoredMessage(raw);
    const doc = back.message!.documentWithCaptionMessage!.message!.documentMessage!;
    expect(Buffer.from(doc.mediaKey!)).toEqual(mediaKey);
    expect(Number(doc.fileLength)).toBe(5_000_000_000);
    expect(back.key).toEqual(msg.key);
    expect(proto.WebMessageInfo.encode(back).finish()).toEqual(proto.WebMessageInfo.encode(msg).finish());
    expect(toStoredMessage('shop', msg)).toMatchObject({ kind: 'document', text: 'June', raw });
  });
});

describe(storedKind.name, () => {
  it.each<[proto.IMessage, string]>([
    [{ conversation: 'x' }, 'text'],
    [{ extendedTextMessage: { text: 'x' } }, 'text'],
    [{ ephemeralMessage: { message: { videoMessage: {} } } }, 'video'],
    [{ ptvMessage: {} }, 'video'],
    [{ audioMessage: { ptt: true } }, 'ptt'],
    [{ audioMessage: {} }, 'audio'],
    [{ stickerMessage: {} }, 'sticker'],
    [{ locationMessage: {} }, 'location'],
    [{ contactsArrayMessage: {} }, 'contact'],
    [{ reactionMessage: { text: '👍' } }, 'reaction'],
    [{ pollCreationMessageV3: { name: 'lunch?' } }, 'poll'],
    [{ buttonsResponseMessage: {} }, 'other'],
  ])('%j is %s', (message, kind) => {
    expect(storedKind(proto.Message.fromObject(message))).toBe(kind);
  });
});
