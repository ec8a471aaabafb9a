import { ErrorCode, type MediaReference } from '@zapgate/contracts';
import {
  megaMediaBase64Send,
  megaMediaUrlSend,
  megaMediaUrlToManySend,
  megaTextToMany,
} from './mega-send-media.command.js';
import { megaBulkSendReply } from './mega-reply.dto.js';
import type { MegaMediaType } from './mega.dto.js';

const media: MediaReference = { id: 'm1', size: 5999, mime: 'image/jpeg', sha256: 'ab'.repeat(32) };

describe(megaMediaUrlSend.name, () => {
  it("takes the URL in with the caller's MIME type and file name, and sends an image with caption and view once", () => {
    const sut = megaMediaUrlSend('shop', {
      messageData: {
        to: '5511999999999',
        url: 'https://example.com/a.jpg',
        type: 'image',
        caption: 'new catalog',
        mimeType: 'image/jpeg',
        fileName: 'a.jpg',
        viewOnce: true,
        gifPlayback: true, // not an image's: left out
      },
    });
    expect(sut.input).toEqual({ url: 'https://example.com/a.jpg', mime: 'image/jpeg', fileName: 'a.jpg' });
    expect(sut.kind).toBe('image');
    expect(sut.commands(media)).toEqual([
      {
        instance: 'shop',
        to: '5511999999999@s.whatsapp.net',
        content: { kind: 'image', media, caption: 'new catalog', viewOnce: true },
      },
    ]);
  });

  it.each<[MegaMediaType, object]>([
    ['video', { kind: 'video', media, caption: 'c', gifPlayback: true }],
    ['audio', { kind: 'audio', media }],
    ['ptt', { kind: 'ptt', media }],
    ['ptv', { kind: 'ptv', media }],
    ['document', { kind: 'document', media, fileName: 'price list.pdf', caption: 'c' }],
  ])('sends type %s with what its kind carries, the rest left out', (type, content) => {
    const sut = megaMediaUrlSend('shop', {
      messageData: {
        to: '120363042378568057@g.us',
        url: 'https://example.com/x',
        type,
        caption: 'c',
        fileName: 'price list.pdf',
        gifPlayback: true,
      },
    });
    expect(sut.kind).toBe(type);
    expect(sut.commands(media)[0]!.content).toEqual(content);
  });

  it("names a document by the URL's file name, else `file`", () => {
    const doc = (fileName?: string) =>
      megaMediaUrlSend('shop', {
        messageData: { to: '5511999999999', url: 'https://e.com/x', type: 'document' },
      }).commands({ ...media, ...(fileName ? { fileName } : {}) })[0]!.content;
    expect(doc('report.pdf')).toEqual({
      kind: 'document',
      media: { ...media, fileName: 'report.pdf' },
      fileName: 'report.pdf',
    });
    expect(doc()).toEqual({ kind: 'document', media, fileName: 'file' });
  });

  it('refuses what is no recipient before anything is taken in', () => {
    expect(() =>
      megaMediaUrlSend('shop', { messageData: { to: 'nobody', url: 'https://e.com/x', type: 'image' } }),
    ).toThrow(expect.objectContaining({ code: ErrorCode.ValidationFailed }));
  });
});

describe(megaMediaBase64Send.name, () => {
  it("hands the base64 text over as it is (data URI or bare), with the caller's MIME type", () => {
    const sut = megaMediaBase64Send('shop', {
      messageData: {
        to: '5511999999999',
        base64: 'data:image/png;base64,iVBORw0KGgo=',
        type: 'image',
        mimeType: 'image/png',
      },
    });
    expect(sut.input).toEqual({ base64: 'data:image/png;base64,iVBORw0KGgo=', mime: 'image/png' });
    expect(sut.commands(media)[0]!.to).toBe('5511999999999@s.whatsapp.net');
  });
});

describe(megaMediaUrlToManySend.name, () => {
  it('sends the one file to each recipient in order, keeping it for the next send', () => {
    const sut = megaMediaUrlToManySend('shop', {
      messageData: {
        to: ['5511999999991', '5511999999992@s.whatsapp.net'],
        url: 'https://e.com/a.jpg',
        type: 'image',
      },
    });
    expect(sut.recipients).toEqual([
      { to: '5511999999991', jid: '5511999999991@s.whatsapp.net' },
      { to: '5511999999992@s.whatsapp.net', jid: '5511999999992@s.whatsapp.net' },
    ]);
    expect(sut.commands(media)).toEqual(
      ['5511999999991@s.whatsapp.net', '5511999999992@s.whatsapp.net'].map((to) => ({
        instance: 'shop',
        to,
        content: { kind: 'image', media },
        options: { keepMedia: true },
      })),
    );
  });

  it('refuses the whole request when one recipient is none', () => {
    expect(() =>
      megaMediaUrlToManySend('shop', {
        messageData: { to: ['5511999999991', 'x'], url: 'https://e.com/a.jpg', type: 'image' },
      }),
    ).toThrow(expect.objectContaining({ code: ErrorCode.ValidationFailed }));
  });
});

describe(megaTextToMany.name, () => {
  it('sends the text to each recipient', () => {
    expect(
      megaTextToMany('shop', {
        messageData: { to: ['5511999999991', '120363042378568057@g.us'], text: 'hi' },
      }),
    ).toEqual([
      { instance: 'shop', to: '5511999999991@s.whatsapp.net', content: { kind: 'text', text: 'hi' } },
      { instance: 'shop', to: '120363042378568057@g.us', content: { kind: 'text', text: 'hi' } },
    ]);
  });
});

describe(megaBulkSendReply.name, () => {
  it('reports each recipient as a single send would, and counts them', () => {
    const raw = { key: { remoteJid: '5511999999991@s.whatsapp.net', fromMe: true, id: '3EB0A' } };
    expect(
      megaBulkSendReply(
        ['5511999999991', '5511000000000'],
        [
          {
            to: '5511999999991@s.whatsapp.net',
            ok: true,
            sent: { id: '3EB0A', remoteJid: raw.key.remoteJid, fromMe: true, timestamp: 1, raw },
          },
          {
            to: '5511000000000@s.whatsapp.net',
            ok: false,
            error: { code: 'number_not_on_whatsapp', message: 'the number 5511000000000 is not on WhatsApp' },
          },
        ],
      ),
    ).toEqual({
      error: false,
      message: '1 of 2 messages sent',
      sent: 1,
      failed: 1,
      results: [
        { to: '5511999999991', jid: '5511999999991@s.whatsapp.net', error: false, messageData: raw },
        {
          to: '5511000000000',
          jid: '5511000000000@s.whatsapp.net',
          error: true,
          message: 'the number 5511000000000 is not on WhatsApp',
          code: 'number_not_on_whatsapp',
        },
      ],
    });
  });
});
