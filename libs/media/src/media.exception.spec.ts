import { DomainError, ErrorCode } from '@zapgate/contracts';
import { MediaError, mediaErrorReason, MediaErrorReason } from './media.exception.js';

describe(MediaError.name, () => {
  it('is a DomainError whose reason survives the trip through an error envelope', () => {
    const sut = new MediaError(MediaErrorReason.TooLarge, 'the image is larger than the limit of 16 MB', {
      maxBytes: 16,
    });
    expect(sut).toBeInstanceOf(DomainError);
    expect(sut.code).toBe(ErrorCode.PayloadTooLarge);
    const across = DomainError.fromEnvelope(JSON.parse(JSON.stringify(sut.toEnvelope())));
    expect(mediaErrorReason(across)).toBe(MediaErrorReason.TooLarge);
    expect(across.details).toEqual({ maxBytes: 16, reason: 'media_too_large' });
  });

  it('maps every client mistake to a 4xx code, and a vanished file to Unavailable', () => {
    for (const reason of Object.values(MediaErrorReason)) {
      const code = new MediaError(reason, 'x').code;
      if (reason === MediaErrorReason.NotFound) expect(code).toBe(ErrorCode.Unavailable);
      else expect([ErrorCode.ValidationFailed, ErrorCode.PayloadTooLarge]).toContain(code);
    }
  });

  it('has no reason for other errors', () => {
    expect(mediaErrorReason(new DomainError(ErrorCode.Timeout, 'x', { reason: 'other' }))).toBeUndefined();
    expect(mediaErrorReason(new Error('x'))).toBeUndefined();
  });
});
