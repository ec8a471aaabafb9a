import { PassThrough } from 'node:stream';
import { ErrorCode } from '@zapgate/contracts';
import { MediaError, MediaErrorReason } from './media.exception.js';
import { mediaFromBase64, mediaFromUrl, parseMediaSource } from './media-source.js';

const refusal = (fn: () => unknown): MediaError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof MediaError) return err;
    throw err;
  }
  throw new Error('expected a MediaError');
};

describe(parseMediaSource.name, () => {
  const bytes = Buffer.from('zapgate media bytes \x00\x01\x02\xff', 'latin1');

  it('takes bare base64, padded or not, and knows the decoded size without decoding', () => {
    const b64 = bytes.toString('base64');
    expect(parseMediaSource(b64)).toEqual({ type: 'base64', base64: b64, size: bytes.length });
    const unpadded = b64.replace(/=+$/, '');
    expect(parseMediaSource(unpadded)).toMatchObject({ type: 'base64', size: bytes.length });
    expect(parseMediaSource(bytes.toString('base64url'))).toMatchObject({ size: bytes.length });
  });

  it('allows line breaks in base64 (MIME style)', () => {
    const b64 = Buffer.alloc(200, 1).toString('base64');
    const wrapped = b64.replace(/(.{76})/g, '$1\r\n');
    expect(parseMediaSource(wrapped)).toMatchObject({ type: 'base64', base64: b64, size: 200 });
  });

  it('takes a data URI, whose MIME type is the declared one', () => {
    const sut = parseMediaSource(`data:image/png;base64,${bytes.toString('base64')}`, { mime: 'image/jpeg' });
    expect(sut).toMatchObject({ type: 'base64', mime: 'image/png', size: bytes.length });
    expect(parseMediaSource(`data:audio/ogg; codecs=opus;base64,${bytes.toString('base64')}`)).toMatchObject({
      mime: 'audio/ogg; codecs=opus',
    });
    expect(parseMediaSource(`data:;base64,${bytes.toString('base64')}`, { fileName: 'a.bin' })).toEqual({
      type: 'base64',
      base64: bytes.toString('base64'),
      size: bytes.length,
      fileName: 'a.bin',
    });
  });

  it.each([
    ['not base64 at all', 'this is not base64!'],
    ['a character outside the alphabet', 'QUJD*0RF'],
    ['an impossible length', 'QUJDR'],
    ['padding in the middle', 'QQ==QUJD'],
    ['both alphabets mixed', 'ab+c-d_e'],
    ['nothing', ''],
    ['a data URI that is not base64', 'data:text/plain,hello%20world'],
    ['a data URI without a comma', 'data:image/png;base64'],
    ['a data URI with bad base64', 'data:image/png;base64,@@@@'],
    ['a data URI with an empty body', 'data:image/png;base64,'],
    ['a data URI whose type is no type', 'data:png;base64,QUJD'],
  ])('refuses %s as invalid data (a 400 in either dialect)', (_, input) => {
    const err = refusal(() => parseMediaSource(input));
    expect(err.reason).toBe(MediaErrorReason.InvalidData);
    expect(err.code).toBe(ErrorCode.ValidationFailed);
    expect(err.details).toMatchObject({ reason: MediaErrorReason.InvalidData });
  });

  it('takes http(s) URLs and refuses other schemes', () => {
    expect(parseMediaSource('https://example.com/a.jpg?x=1', { mime: 'image/jpeg' })).toEqual({
      type: 'url',
      url: 'https://example.com/a.jpg?x=1',
      mime: 'image/jpeg',
    });
    for (const url of ['ftp://example.com/a.jpg', 'file:///etc/passwd', 'gopher://x/'])
      expect(refusal(() => parseMediaSource(url)).reason).toBe(MediaErrorReason.UrlRefused);
    expect(refusal(() => mediaFromUrl('file:///etc/passwd')).reason).toBe(MediaErrorReason.UrlRefused);
    expect(refusal(() => mediaFromUrl('not a url')).reason).toBe(MediaErrorReason.InvalidData);
  });

  it('takes a stream (a multipart upload) as it is', () => {
    const upload = new PassThrough();
    expect(parseMediaSource(upload, { fileName: 'a.pdf' })).toEqual({
      type: 'stream',
      stream: upload,
      fileName: 'a.pdf',
    });
  });

  it('decodes what it accepts to the original bytes', () => {
    const source = mediaFromBase64(`data:application/octet-stream;base64,${bytes.toString('base64')}`);
    if (source.type !== 'base64') throw new Error('expected base64');
    expect(Buffer.from(source.base64, 'base64')).toEqual(bytes);
  });
});
