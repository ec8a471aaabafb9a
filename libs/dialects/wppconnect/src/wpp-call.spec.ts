import type { EventData, EventEnvelope } from '@zapgate/contracts';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { WppRejectCallDto } from './wpp-call.dto.js';
import { renderWppWebhook } from './wpp-webhook.renderer.js';

const envelope = (data: EventData['call-received']): EventEnvelope<'call-received'> => ({
  id: 'e1',
  instance: 'store',
  event: 'call-received',
  at: '2026-01-01T00:00:00.000Z',
  data,
});

describe('WPPConnect calls', () => {
  it("renders an offer as incomingcall with wppconnect's Call model", () => {
    expect(
      renderWppWebhook(
        envelope({
          id: 'CALL1',
          from: '5511999990002@s.whatsapp.net',
          isVideo: true,
          isGroup: false,
          timestamp: 1_767_268_800,
          offline: false,
        }),
        { key: 'store' },
      ),
    ).toEqual([
      {
        event: 'incomingcall',
        body: {
          event: 'incomingcall',
          session: 'store',
          id: 'CALL1',
          peerJid: '5511999990002@c.us',
          offerTime: 1_767_268_800,
          isVideo: true,
          isGroup: false,
          groupJid: null,
          canHandleLocally: false,
          outgoing: false,
          isSilenced: false,
          offerReceivedWhileOffline: false,
          webClientShouldHandle: false,
          participants: [],
        },
      },
    ]);
  });

  it('reject-call takes a call id, nothing else', () => {
    const errors = (body: unknown) => validateSync(plainToInstance(WppRejectCallDto, body)).length;
    expect(errors({ callId: '9C3F0E2A51B84D6E8A1F3B2C4D5E6F70' })).toBe(0);
    expect(errors({})).toBeGreaterThan(0);
    expect(errors({ callId: 42 })).toBeGreaterThan(0);
    expect(errors({ callId: 'not an id' })).toBeGreaterThan(0);
  });
});
