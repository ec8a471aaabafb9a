import { Readable } from 'node:stream';
import type { MediaReference } from '@zapgate/contracts';
import { buildStatusContent, STATUS_BROADCAST } from './status-content.builder.js';

const media: MediaReference = {
  id: '0f8fad5b-d9cb-469f-a165-70867728950e',
  size: 10,
  mime: 'image/jpeg',
  sha256: 'a'.repeat(64),
};
const recipients = ['5511999990001@s.whatsapp.net', '5511999990002@s.whatsapp.net'];

describe(buildStatusContent.name, () => {
  it('names the broadcast jid WhatsApp uses for statuses', () => {
    expect(STATUS_BROADCAST).toBe('status@broadcast');
  });

  it('sends a text with its recipients, background colour and font as Baileys options', () => {
    expect(
      buildStatusContent({ kind: 'text', text: 'open', backgroundColor: '#0275d8', font: 2 }, recipients),
    ).toEqual({
      content: { text: 'open' },
      options: { statusJidList: recipients, backgroundColor: '#0275d8', font: 2 },
    });
    expect(buildStatusContent({ kind: 'text', text: 'plain' }, recipients)).toEqual({
      content: { text: 'plain' },
      options: { statusJidList: recipients },
    });
  });

  it('keeps font 0 (SYSTEM), which is falsy', () => {
    expect(buildStatusContent({ kind: 'text', text: 'x', font: 0 }, recipients).options.font).toBe(0);
  });

  it('streams an image or video with its caption, like a send', () => {
    const stream = Readable.from([Buffer.from('x')]);
    const image = buildStatusContent({ kind: 'image', media, caption: 'menu' }, recipients, stream);
    expect(image.options).toEqual({ statusJidList: recipients });
    expect(image.content).toMatchObject({ image: { stream }, caption: 'menu', mimetype: 'image/jpeg' });
    const video = buildStatusContent(
      { kind: 'video', media: { ...media, mime: 'video/mp4' } },
      recipients,
      stream,
    );
    expect(video.content).toMatchObject({ video: { stream }, mimetype: 'video/mp4' });
  });
});
