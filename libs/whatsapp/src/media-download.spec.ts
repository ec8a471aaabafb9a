import { ErrorCode, type MediaMessageKeys } from '@zapgate/contracts';
import { messageFromKeys } from './media-download.js';

const mediaKey = Buffer.alloc(32, 5).toString('base64');
const keys = (over: Partial<MediaMessageKeys> = {}): MediaMessageKeys => ({
  messageType: 'image',
  mediaKey,
  directPath: '/v/t62.7118-24/a.enc?ccb=11-4',
  url: 'https://mmg.whatsapp.net/v/t62.7118-24/a.enc',
  mimetype: 'image/jpeg',
  ...over,
});

describe(messageFromKeys.name, () => {
  it('builds the media message Baileys downloads, a voice note as a ptt audio message', () => {
    expect(messageFromKeys(keys(), true).message).toEqual({
      imageMessage: {
        mediaKey: Buffer.alloc(32, 5),
        url: 'https://mmg.whatsapp.net/v/t62.7118-24/a.enc',
        directPath: '/v/t62.7118-24/a.enc?ccb=11-4',
        mimetype: 'image/jpeg',
      },
    });
    expect(messageFromKeys(keys({ messageType: 'ptt' }), true).message).toMatchObject({
      audioMessage: { ptt: true },
    });
  });

  it("drops a url off WhatsApp's media hosts (the directPath goes to WhatsApp), unless only a simulator is trusted", () => {
    for (const url of [
      'https://169.254.169.254/latest/meta-data',
      'https://evil.example/whatsapp.net',
      'nonsense',
    ])
      expect(messageFromKeys(keys({ url }), true).message?.imageMessage?.url).toBeUndefined();
    expect(
      messageFromKeys(keys({ url: 'https://media-gru1-1.cdn.whatsapp.net/x.enc' }), true).message
        ?.imageMessage?.url,
    ).toBe('https://media-gru1-1.cdn.whatsapp.net/x.enc');
    expect(
      messageFromKeys(keys({ url: 'https://127.0.0.1:4443/m/x.enc' }), false).message?.imageMessage?.url,
    ).toBe('https://127.0.0.1:4443/m/x.enc');
  });

  it('refuses keys that cannot be downloaded: no path left, or a media key that is not 32 bytes', () => {
    expect(() => messageFromKeys(keys({ directPath: undefined, url: 'https://10.0.0.1/x' }), true)).toThrow(
      expect.objectContaining({ code: ErrorCode.ValidationFailed }),
    );
    expect(() => messageFromKeys(keys({ mediaKey: Buffer.alloc(16).toString('base64') }), true)).toThrow(
      expect.objectContaining({ code: ErrorCode.ValidationFailed }),
    );
  });
});
