import type { EventData, EventEnvelope, WebhookInstance } from '@zapgate/contracts';
import { MEGA_WEBHOOK_EVENTS, renderMegaWebhook } from './index.js';

const instance: WebhookInstance = { key: 'shop', me: { id: '5511999990001@s.whatsapp.net' } };
const envelope = (data: EventData['chat-updated']): EventEnvelope<'chat-updated'> => ({
  id: 'e1',
  instance: 'shop',
  event: 'chat-updated',
  at: '2026-01-01T00:00:00.000Z',
  data,
});
const ANA = '5511999990002@s.whatsapp.net';

describe('renderMegaWebhook: chat updates (zapgate extension)', () => {
  it("posts a change as Baileys' chats.update, flat style, only the fields that changed", () => {
    expect(
      renderMegaWebhook(
        envelope({ chat: ANA, archived: true, pinned: false, mutedUntil: 1_767_268_800 }),
        instance,
      ),
    ).toEqual([
      {
        event: 'chats.update',
        body: {
          instance_key: 'shop',
          jid: '5511999990001@s.whatsapp.net',
          messageType: 'chats.update',
          chat: { id: ANA, archived: true, pinned: false, muteEndTime: 1_767_268_800 },
        },
      },
    ]);
    expect(MEGA_WEBHOOK_EVENTS).toContain('chats.update');
  });

  it('carries reads, labels, names and deletions; no jid before the instance knows its number', () => {
    const [read] = renderMegaWebhook(envelope({ chat: ANA, unreadCount: 0 }), { key: 'shop' });
    expect(read!.body).toEqual({
      instance_key: 'shop',
      messageType: 'chats.update',
      chat: { id: ANA, unreadCount: 0 },
    });
    const [other] = renderMegaWebhook(
      envelope({ chat: ANA, name: 'Ana', labels: ['1'], deleted: true, mutedUntil: 0 }),
      instance,
    );
    expect(other!.body['chat']).toEqual({
      id: ANA,
      name: 'Ana',
      labels: ['1'],
      deleted: true,
      muteEndTime: 0,
    });
  });
});
