import type { EventData, EventEnvelope, WebhookInstance } from '@zapgate/contracts';
import { renderMegaWebhook } from './index.js';

const instance: WebhookInstance = { key: 'shop', me: { id: '5511999990001@s.whatsapp.net' } };
const envelope = (data: EventData['call-received']): EventEnvelope<'call-received'> => ({
  id: 'e1',
  instance: 'shop',
  event: 'call-received',
  at: '2026-01-01T00:00:00.000Z',
  data,
});

describe('renderMegaWebhook: calls (zapgate extension)', () => {
  it("posts an offer as Baileys' call event, flat style", () => {
    expect(
      renderMegaWebhook(
        envelope({
          id: 'CALL1',
          from: '5511999990002@s.whatsapp.net',
          callerPn: '5511999990002@s.whatsapp.net',
          isVideo: false,
          isGroup: false,
          timestamp: 1_767_268_800,
          offline: true,
        }),
        instance,
      ),
    ).toEqual([
      {
        event: 'call',
        body: {
          instance_key: 'shop',
          jid: '5511999990001@s.whatsapp.net',
          messageType: 'call',
          call: {
            id: 'CALL1',
            from: '5511999990002@s.whatsapp.net',
            chatId: '5511999990002@s.whatsapp.net',
            callerPn: '5511999990002@s.whatsapp.net',
            date: '2026-01-01T12:00:00.000Z',
            offline: true,
            status: 'offer',
            isVideo: false,
            isGroup: false,
          },
        },
      },
    ]);
  });

  it('names the group of a group call', () => {
    const [sut] = renderMegaWebhook(
      envelope({
        id: 'CALL2',
        from: '123456789012345@lid',
        isVideo: true,
        isGroup: true,
        group: '120363000000000001@g.us',
        timestamp: 1,
        offline: false,
      }),
      { key: 'shop' },
    );
    expect(sut!.body).not.toHaveProperty('jid');
    expect(sut!.body['call']).toMatchObject({
      isGroup: true,
      isVideo: true,
      groupJid: '120363000000000001@g.us',
    });
  });
});
