import { MediaError, MediaErrorReason } from './media.exception.js';
import { ftyp, image, mp3, oggOpus, pdf } from './media.fixtures.js';
import { decideMime, normalizeMime, sniffMime, type MediaKind } from './media-type.js';

describe(sniffMime.name, () => {
  it.each([
    ['jpeg', () => image('jpeg'), 'image/jpeg'],
    ['png', () => image('png'), 'image/png'],
    ['webp', () => image('webp'), 'image/webp'],
    ['mp4', async () => ftyp('isom'), 'video/mp4'],
    ['3gp', async () => ftyp('3gp4'), 'video/3gpp'],
    ['m4a', async () => ftyp('M4A '), 'audio/x-m4a'],
    ['ogg/opus', async () => oggOpus(), 'audio/ogg; codecs=opus'],
    ['mp3', async () => mp3(), 'audio/mpeg'],
    ['pdf', async () => pdf(), 'application/pdf'],
  ])('names %s from its bytes', async (_, bytes, mime) => {
    expect(await sniffMime(await bytes())).toBe(mime);
  });

  it('names nothing for text', async () => {
    expect(await sniffMime(Buffer.from('name,phone\nAna,5511999999999\n'))).toBeUndefined();
  });
});

describe(decideMime.name, () => {
  const refusal = (kind: MediaKind, declared: string | undefined, sniffed: string | undefined) => {
    try {
      decideMime(kind, declared, sniffed);
    } catch (err) {
      if (err instanceof MediaError) return err;
      throw err;
    }
    throw new Error('expected a refusal');
  };

  it('takes the sniffed type when none, or a generic one, is declared', () => {
    expect(decideMime('image', undefined, 'image/png').mime).toBe('image/png');
    expect(decideMime('image', 'application/octet-stream', 'image/png').mime).toBe('image/png');
    expect(decideMime('audio', 'binary/octet-stream', 'audio/x-m4a').mime).toBe('audio/mp4');
  });

  it("keeps the caller's spelling and parameters when it names what the bytes are", () => {
    expect(decideMime('audio', 'audio/ogg; codecs=opus', 'audio/ogg; codecs=opus').mime).toBe(
      'audio/ogg; codecs=opus',
    );
    expect(decideMime('audio', 'audio/opus', 'audio/ogg; codecs=opus').mime).toBe('audio/ogg');
    expect(decideMime('image', 'IMAGE/JPG', 'image/jpeg')).toEqual({
      mime: 'image/jpeg',
      declared: 'image/jpeg',
      sniffed: 'image/jpeg',
    });
  });

  it('lets the bytes win when the declared type contradicts them', () => {
    expect(decideMime('image', 'image/jpeg', 'image/png').mime).toBe('image/png');
    expect(decideMime('document', 'application/pdf', 'application/x-msdownload').mime).toBe(
      'application/x-msdownload',
    );
  });

  it('keeps a document type that names a format inside a container the bytes show', () => {
    const docx = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    expect(decideMime('document', docx, 'application/zip').mime).toBe(docx);
    expect(decideMime('document', 'application/msword', 'application/x-cfb').mime).toBe('application/msword');
    // but an image is what its bytes are
    expect(refusal('image', 'image/png', 'application/zip').reason).toBe(MediaErrorReason.UnsupportedType);
  });

  it('keeps a declared document type the bytes cannot show (text formats), and defaults to octet-stream', () => {
    expect(decideMime('document', 'text/csv', undefined).mime).toBe('text/csv');
    expect(decideMime('document', 'application/pdf', undefined).mime).toBe('application/pdf');
    expect(decideMime('document', undefined, undefined).mime).toBe('application/octet-stream');
    expect(decideMime('document', 'application/x-anything', 'application/x-sqlite3').mime).toBe(
      'application/x-sqlite3',
    );
  });

  it('refuses media whose bytes are not what is declared, or not anything', () => {
    const lie = refusal('image', 'image/jpeg', undefined);
    expect(lie.reason).toBe(MediaErrorReason.UnsupportedType);
    expect(lie.message).toMatch(/not image\/jpeg as declared/);
    expect(refusal('video', undefined, undefined).message).toMatch(/no known format/);
  });

  it.each([
    ['image', 'image/gif'],
    ['image', 'image/svg+xml'],
    ['sticker', 'image/png'],
    ['audio', 'audio/wav'],
    ['audio', 'audio/flac'],
    ['video', 'video/quicktime'],
    ['video', 'video/webm'],
  ] as const)('refuses to send %s as %s (not on its list)', (kind, mime) => {
    const err = refusal(kind, mime, mime);
    expect(err.reason).toBe(MediaErrorReason.UnsupportedType);
    expect(err.message).toMatch(/cannot be sent as an? \w+; accepted: /);
  });

  it.each([
    ['image', 'image/jpeg'],
    ['image', 'image/png'],
    ['image', 'image/webp'],
    ['sticker', 'image/webp'],
    ['audio', 'audio/ogg'],
    ['audio', 'audio/mpeg'],
    ['audio', 'audio/mp4'],
    ['audio', 'audio/aac'],
    ['audio', 'audio/amr'],
    ['video', 'video/mp4'],
    ['video', 'video/3gpp'],
    ['document', 'application/x-msdownload'],
  ] as const)('sends %s as %s', (kind, mime) => {
    expect(decideMime(kind, undefined, mime).mime).toBe(mime);
  });
});

describe(normalizeMime.name, () => {
  it('lower-cases, resolves aliases and drops what is no MIME type', () => {
    expect(normalizeMime(' Audio/MP3 ')).toBe('audio/mpeg');
    expect(normalizeMime('audio/ogg;codecs=opus')).toBe('audio/ogg; codecs=opus');
    expect(normalizeMime('jpeg')).toBeUndefined();
    expect(normalizeMime('')).toBeUndefined();
  });
});
