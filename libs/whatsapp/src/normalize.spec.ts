import { normalizePresence } from './normalize.js';

describe(normalizePresence.name, () => {
  it('makes one update per participant, device part dropped, last seen kept when told', () => {
    const sut = normalizePresence({
      id: '120363042378568057@g.us',
      presences: {
        '5511960000002:3@s.whatsapp.net': { lastKnownPresence: 'composing' },
        '12345678901234@lid': { lastKnownPresence: 'unavailable', lastSeen: 1700000000 },
      },
    });
    expect(sut).toEqual([
      {
        chat: '120363042378568057@g.us',
        participant: '5511960000002@s.whatsapp.net',
        presence: 'composing',
      },
      {
        chat: '120363042378568057@g.us',
        participant: '12345678901234@lid',
        presence: 'unavailable',
        lastSeen: 1700000000,
      },
    ]);
  });

  it('drops presences it does not know', () => {
    expect(
      normalizePresence({
        id: '5511960000002@s.whatsapp.net',
        presences: { '5511960000002@s.whatsapp.net': { lastKnownPresence: 'typing' as 'composing' } },
      }),
    ).toEqual([]);
  });
});
