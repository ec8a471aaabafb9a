import { ErrorCode } from '@zapgate/contracts';
import { megaDeleteMessage, megaPresenceUpdate, megaReadMessage } from './mega-chat.dto.js';

const ANA = '5511999990001@s.whatsapp.net';

describe(megaPresenceUpdate.name, () => {
  it('takes both spellings of paused, the presence alias, and any recipient form', () => {
    expect(megaPresenceUpdate('shop', { to: '5511999990001', option: 'pause' })).toEqual({
      instance: 'shop',
      chat: ANA,
      state: 'paused',
    });
    expect(megaPresenceUpdate('shop', { to: ANA, option: 'paused' }).state).toBe('paused');
    expect(megaPresenceUpdate('shop', { to: ANA, presence: 'Recording' }).state).toBe('recording');
    expect(megaPresenceUpdate('shop', { to: '1203630400@g.us', option: 'composing' }).chat).toBe(
      '1203630400@g.us',
    );
  });

  it('refuses free text and a missing option as validation errors', () => {
    for (const body of [{ to: ANA, option: 'Digitando...' }, { to: ANA }, { to: ANA, option: 'toString' }])
      expect(() => megaPresenceUpdate('shop', body)).toThrow(
        expect.objectContaining({ code: ErrorCode.ValidationFailed }),
      );
  });
});

describe(megaDeleteMessage.name, () => {
  it('reads the N8N shape (key) and the OpenAPI shape (to + messageData.id)', () => {
    expect(
      megaDeleteMessage(
        'shop',
        { messageData: { to: 'x', key: { remoteJid: ANA, fromMe: true, id: 'ID1' }, messageTimestamp: 1 } },
        true,
      ),
    ).toEqual({ instance: 'shop', id: 'ID1', chat: ANA, forEveryone: true });
    expect(
      megaDeleteMessage('shop', { to: '5511999990001', messageData: { id: 'ID2', timestamp: 1 } }, false),
    ).toEqual({
      instance: 'shop',
      id: 'ID2',
      chat: ANA,
      forEveryone: false,
    });
  });

  it('refuses a body without an id or a chat', () => {
    expect(() => megaDeleteMessage('shop', { to: ANA, messageData: {} }, true)).toThrow(/id/);
    expect(() => megaDeleteMessage('shop', { messageData: { id: 'ID3' } }, true)).toThrow(/remoteJid/);
  });
});

describe(megaReadMessage.name, () => {
  it('is one read receipt for the key', () => {
    expect(
      megaReadMessage('shop', {
        messageData: { key: { remoteJid: '5511999990001@c.us', fromMe: false, id: 'ID4' } },
      }),
    ).toEqual({
      instance: 'shop',
      keys: [{ chat: ANA, id: 'ID4', fromMe: false }],
    });
  });
});
