import type { EventData, EventEnvelope, WebhookInstance } from '@zapgate/contracts';
import { renderMegaWebhook } from './index.js';

const instance: WebhookInstance = {
  key: 'shop',
  me: { id: '5511999990001@s.whatsapp.net' },
};
const envelope = (data: EventData['message-received']): EventEnvelope<'message-received'> => ({
  id: 'e1',
  instance: 'shop',
  event: 'message-received',
  at: '2026-01-01T00:00:00.000Z',
  data,
});

describe('renderMegaWebhook: status posts', () => {
  it('posts a contact status as a broadcast message whose key names who posted it', () => {
    const [sut] = renderMegaWebhook(
      envelope({
        id: '3EB0AA',
        chat: 'status@broadcast',
        sender: '5511999990002@s.whatsapp.net',
        senderAlt: '123456789012345@lid',
        fromMe: false,
        timestamp: 1_700_000_000,
        type: 'extendedTextMessage',
        text: 'Back from holidays',
        status: true,
        delivery: 'notify',
        raw: {
          key: { remoteJid: 'status@broadcast', id: '3EB0AA', participant: '5511999990002@s.whatsapp.net' },
          message: {
            extendedTextMessage: { text: 'Back from holidays', backgroundArgb: 4294901760, font: 1 },
          },
        },
      }),
      instance,
    );
    expect(sut!.body).toMatchObject({
      instance_key: 'shop',
      messageType: 'extendedTextMessage',
      broadcast: true,
      key: {
        remoteJid: 'status@broadcast',
        fromMe: false,
        id: '3EB0AA',
        participant: '5511999990002@s.whatsapp.net',
        participantAlt: '123456789012345@lid',
      },
      message: { extendedTextMessage: { text: 'Back from holidays', font: 1 } },
    });
  });
});
