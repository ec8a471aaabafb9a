import type { EventEnvelope, EventName } from '@zapgate/contracts';
import { INSTANCE_STATUS_EVENT, wppSocketEvents } from './wpp-socket-events.js';

const envelope = <E extends EventName>(event: E, data: EventEnvelope<E>['data']): EventEnvelope =>
  ({ id: `e-${event}`, instance: 'shop', event, at: '2026-01-01T00:00:00.000Z', data }) as EventEnvelope;
const shop = { key: 'shop', me: { id: '5511999990001@s.whatsapp.net' } };

describe(wppSocketEvents.name, () => {
  it('draws the QR as a PNG data URL for qrCode, with the session', async () => {
    const sut = await wppSocketEvents(envelope('qr-updated', { qr: '2@abc,def,ghi' }), shop);
    expect(sut.map(([name]) => name)).toEqual(['qrCode', INSTANCE_STATUS_EVENT]);
    const [, qr] = sut[0]!;
    expect(qr).toEqual({ data: expect.stringMatching(/^data:image\/png;base64,iVBOR/), session: 'shop' });
    expect(sut[1]![1]).toEqual({ session: 'shop', state: 'qr', qr: (qr as { data: string }).data });
  });

  it('names the pairing code and phone as phoneCode', async () => {
    const sut = await wppSocketEvents(
      envelope('pairing-code-issued', { code: 'ABCD1234', phone: '5511999990001' }),
      shop,
    );
    expect(sut[0]).toEqual(['phoneCode', { data: 'ABCD1234', phone: '5511999990001', session: 'shop' }]);
  });

  it('says session-logged on connected and whatsapp-status false on close or logout', async () => {
    const connected = await wppSocketEvents(envelope('connection-changed', { state: 'connected' }), shop);
    expect(connected).toEqual([
      ['session-logged', { status: true, session: 'shop' }],
      [INSTANCE_STATUS_EVENT, { session: 'shop', state: 'connected' }],
    ]);
    for (const state of ['stopped', 'logged-out'] as const) {
      const closed = await wppSocketEvents(
        envelope('connection-changed', { state, command: 'logout' }),
        shop,
      );
      expect(closed[0]).toEqual(['whatsapp-status', false]);
    }
    const connecting = await wppSocketEvents(envelope('connection-changed', { state: 'connecting' }), shop);
    expect(connecting).toEqual([[INSTANCE_STATUS_EVENT, { session: 'shop', state: 'connecting' }]]);
  });

  it('wraps every message, own ones too, as received-message {response}', async () => {
    for (const fromMe of [false, true]) {
      const sut = await wppSocketEvents(
        envelope('message-received', {
          id: 'M1',
          chat: '5511999990002@s.whatsapp.net',
          sender: fromMe ? '5511999990001@s.whatsapp.net' : '5511999990002@s.whatsapp.net',
          fromMe,
          timestamp: 1767225600,
          type: 'conversation',
          text: 'hello',
          delivery: 'notify',
          raw: {},
        }),
        shop,
      );
      expect(sut).toHaveLength(1);
      expect(sut[0]![0]).toBe('received-message');
      expect((sut[0]![1] as { response: Record<string, unknown> }).response).toMatchObject({
        body: 'hello',
        fromMe,
        chatId: '5511999990002@c.us',
      });
    }
  });

  it('sends onack with the webhook body, without its event name', async () => {
    const sut = await wppSocketEvents(
      envelope('message-status-changed', {
        id: 'M1',
        chat: '5511999990002@s.whatsapp.net',
        fromMe: true,
        status: 'read',
      } as EventEnvelope<'message-status-changed'>['data']),
      shop,
    );
    expect(sut).toEqual([
      [
        'onack',
        expect.objectContaining({
          session: 'shop',
          ack: 3,
          self: 'out',
          id: expect.objectContaining({ id: 'M1', fromMe: true }),
        }),
      ],
    ]);
    expect(sut[0]![1]).not.toHaveProperty('event');
  });

  it('sends incomingcall and onpollresponse with their webhook bodies', async () => {
    const call = await wppSocketEvents(
      envelope('call-received', {
        id: 'CALL1',
        from: '5511999990002@s.whatsapp.net',
        isVideo: true,
        isGroup: false,
        timestamp: 1_767_268_800,
        offline: false,
      }),
      shop,
    );
    expect(call).toEqual([
      [
        'incomingcall',
        expect.objectContaining({
          session: 'shop',
          id: 'CALL1',
          peerJid: '5511999990002@c.us',
          offerTime: 1_767_268_800,
          isVideo: true,
        }),
      ],
    ]);
    expect(call[0]![1]).not.toHaveProperty('event');
    const vote = await wppSocketEvents(
      envelope('poll-voted', {
        chat: '5511999990002@s.whatsapp.net',
        sender: '5511999990002@s.whatsapp.net',
        fromMe: false,
        timestamp: 1_767_268_800,
        target: { id: 'POLL1', fromMe: true },
        selectedOptions: ['Yes'],
        tally: [{ name: 'Yes', votes: 1, voters: ['5511999990002@s.whatsapp.net'] }],
      } as unknown as EventEnvelope<'poll-voted'>['data']),
      shop,
    );
    expect(vote).toEqual([
      ['onpollresponse', expect.objectContaining({ chatId: '5511999990002@c.us', session: 'shop' })],
    ]);
  });
});
