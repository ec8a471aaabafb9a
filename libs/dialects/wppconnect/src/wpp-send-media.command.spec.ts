import { ErrorCode, type DomainError, type MediaReference } from '@zapgate/contracts';
import {
  WPP_FILE_MANDATORY,
  wppFileInput,
  wppFileKind,
  wppFileMessages,
  wppQuoted,
  wppStickerMessages,
  wppVoiceMessages,
} from './wpp-send-media.command.js';

const media = (mime: string, fileName?: string): MediaReference => ({
  id: '0f8fad5b-d9cb-469f-a165-70867728950e',
  size: 10,
  mime,
  sha256: 'ab'.repeat(32),
  ...(fileName ? { fileName } : {}),
});

const errorOf = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (err) {
    return err as DomainError;
  }
  throw new Error('did not throw');
};

describe(wppFileInput.name, () => {
  it('takes path, then base64, then the upload (the catalog order)', () => {
    const uri = 'data:image/png;base64,iVBORw0KGgo=';
    expect(wppFileInput({ path: 'https://x.test/a.png', base64: uri }, true)).toEqual({
      from: 'path',
      value: 'https://x.test/a.png',
    });
    expect(wppFileInput({ base64: uri }, true)).toEqual({ from: 'base64', value: uri });
    expect(wppFileInput({ path: '  ' }, true)).toEqual({ from: 'upload' });
  });

  it("answers WPPConnect's 401 body when no file is given", () => {
    const err = errorOf(() => wppFileInput({}, false));
    expect(err).toMatchObject({ code: ErrorCode.Unauthorized, details: { wppBody: WPP_FILE_MANDATORY } });
  });

  it('refuses a server path and base64 that is not a data URI', () => {
    expect(errorOf(() => wppFileInput({ path: '/etc/passwd' }, false))).toMatchObject({
      code: ErrorCode.ValidationFailed,
      message: expect.stringContaining('does not read files on the server'),
    });
    expect(errorOf(() => wppFileInput({ base64: 'iVBORw0KGgo=' }, false, 'base64Ptt'))).toMatchObject({
      code: ErrorCode.ValidationFailed,
      message: 'base64Ptt must be a data URI (data:<mime>;base64,<data>)',
    });
  });
});

describe(wppFileKind.name, () => {
  it.each([
    ['image/jpeg', 'image'],
    ['image/png', 'image'],
    ['video/mp4', 'video'],
    ['audio/mpeg', 'audio'],
    ['audio/ogg; codecs=opus', 'audio'],
    ['image/gif', 'document'],
    ['application/pdf', 'document'],
  ])('sends %s as %s, as wppconnect auto-detects', (mime, kind) => {
    expect(wppFileKind(mime)).toBe(kind);
  });
});

describe(wppQuoted.name, () => {
  it('reads a serialized id (chat and id) or a bare id', () => {
    expect(wppQuoted('true_5511999999999@c.us_3EB0C767D26A1D8E2B5F')).toEqual({
      id: '3EB0C767D26A1D8E2B5F',
      chat: '5511999999999@s.whatsapp.net',
    });
    expect(wppQuoted('false_120363042378568057@g.us_ABC_5511888888888@c.us')).toEqual({
      id: 'ABC',
      chat: '120363042378568057@g.us',
    });
    expect(wppQuoted('3EB0C767D26A1D8E2B5F')).toEqual({ id: '3EB0C767D26A1D8E2B5F' });
    expect(wppQuoted(' ')).toBeUndefined();
  });
});

describe(wppFileMessages.name, () => {
  it('sends the file to each recipient, message winning over caption, quoting when asked', () => {
    const image = media('image/jpeg');
    expect(
      wppFileMessages(
        'store',
        {
          phone: ['5511999999999', '5511888888888'],
          caption: 'c',
          message: 'm',
          quotedMessageId: 'true_5511999999999@c.us_3EB0',
        },
        image,
      ),
    ).toEqual(
      ['5511999999999', '5511888888888'].map((n) => ({
        instance: 'store',
        to: `${n}@s.whatsapp.net`,
        content: { kind: 'image', media: image, caption: 'm' },
        options: { quoted: { id: '3EB0', chat: '5511999999999@s.whatsapp.net' } },
      })),
    );
  });

  it('names a document by filename, else its own name, else "file"', () => {
    const name = (body: { filename?: string }, fileName?: string) =>
      (
        wppFileMessages('s', { phone: ['5511999999999'], ...body }, media('application/pdf', fileName))[0]!
          .content as { fileName: string }
      ).fileName;
    expect(name({ filename: 'a.pdf' }, 'b.pdf')).toBe('a.pdf');
    expect(name({}, 'b.pdf')).toBe('b.pdf');
    expect(name({})).toBe('file');
  });

  it('refuses wppconnect options (501) and a missing phone (400)', () => {
    expect(
      errorOf(() =>
        wppFileMessages('s', { phone: ['5511999999999'], options: { type: 'x' } }, media('image/png')),
      ),
    ).toMatchObject({ code: ErrorCode.NotImplemented });
    expect(errorOf(() => wppFileMessages('s', { phone: [] }, media('image/png')))).toMatchObject({
      code: ErrorCode.ValidationFailed,
    });
  });

  it('sends voice notes as ptt and stickers as stickers', () => {
    const body = { phone: ['5511999999999'] };
    expect(wppVoiceMessages('s', body, media('audio/ogg'))[0]!.content).toMatchObject({ kind: 'ptt' });
    expect(wppStickerMessages('s', body, media('image/webp'))[0]!.content).toMatchObject({ kind: 'sticker' });
  });
});
