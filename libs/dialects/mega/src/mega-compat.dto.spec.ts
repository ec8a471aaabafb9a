import { DomainError, type MediaReference, type ReceivedMessage } from '@zapgate/contracts';
import { megaChatIdQuery, megaMessages, megaUploadSend } from './index.js';

const media: MediaReference = { id: 'm1', size: 10, mime: 'image/jpeg', sha256: 'ab', fileName: 'menu.pdf' };
const ANA = '5511999990002@s.whatsapp.net';

describe('mega compatibility routes', () => {
  it('sends an upload to the query id: caption on image, video and document; a document by its name', () => {
    expect(megaUploadSend('shop', 'image', { id: '5511999990002', caption: 'hi' }, media)).toEqual({
      instance: 'shop',
      to: ANA,
      content: { kind: 'image', media, caption: 'hi' },
    });
    expect(megaUploadSend('shop', 'document', { id: ANA, caption: 'June' }, media).content).toEqual({
      kind: 'document',
      media,
      fileName: 'menu.pdf',
      caption: 'June',
    });
    expect(megaUploadSend('shop', 'audio', { id: ANA, caption: 'ignored' }, media).content).toEqual({
      kind: 'audio',
      media,
    });
    expect(megaUploadSend('shop', 'video', { id: ANA, caption: '  ' }, media).content).toEqual({
      kind: 'video',
      media,
    });
  });

  it('refuses a send without id, with a bad id or caption, or without a file (400s)', () => {
    const refused = (f: () => unknown, text: string) => {
      expect(f).toThrow(DomainError);
      expect(f).toThrow(text);
    };
    refused(() => megaUploadSend('shop', 'image', {}, media), 'id');
    refused(() => megaUploadSend('shop', 'image', { id: ['a', 'b'] }, media), 'id');
    refused(() => megaUploadSend('shop', 'image', { id: ANA, caption: ['a', 'b'] }, media), 'caption');
    refused(() => megaUploadSend('shop', 'image', { id: ANA }, undefined), 'file');
    expect(() => megaUploadSend('shop', 'image', { id: 'not a number' }, media)).toThrow(DomainError);
  });

  it('takes chat_id as digits or a jid', () => {
    expect(megaChatIdQuery('5511999990002')).toBe(ANA);
    expect(megaChatIdQuery('120363000000000001@g.us')).toBe('120363000000000001@g.us');
    expect(() => megaChatIdQuery(undefined)).toThrow('chat_id is required');
    expect(() => megaChatIdQuery(['a'])).toThrow(DomainError);
  });

  it('lists messages as the message webhook posts them', () => {
    const m = {
      id: 'ABC',
      chat: ANA,
      sender: ANA,
      fromMe: false,
      timestamp: 1_700_000_000,
      type: 'text',
      text: 'hi',
      pushName: 'Ana',
      delivery: 'notify',
      raw: { key: { id: 'ABC', remoteJid: ANA }, message: { conversation: 'hi' } },
    } as unknown as ReceivedMessage;
    expect(megaMessages([m], { key: 'shop', me: { id: '5511999990001@s.whatsapp.net' } })).toEqual({
      error: false,
      message: 'Messages',
      data: [
        expect.objectContaining({
          instance_key: 'shop',
          messageType: 'conversation',
          key: { remoteJid: ANA, fromMe: false, id: 'ABC' },
          message: { conversation: 'hi' },
          pushName: 'Ana',
        }),
      ],
    });
  });
});
