import { inflateSync } from 'node:zlib';
import { proto } from '@whiskeysockets/baileys';
import type { PhoneMessage } from '../phone/phone-message.js';
import { historySyncMessage } from './history-sync.js';

const ANA = '5511999990001@s.whatsapp.net';
const GROUP = '120363000000000001@g.us';
const msg = (id: string, over: Partial<PhoneMessage>): PhoneMessage => ({
  id,
  direction: 'in',
  chat: ANA,
  from: ANA,
  text: id,
  timestamp: 1_700_000_000,
  status: 'received',
  delivery: 'notify',
  fromCompanion: false,
  ...over,
});

describe('historySyncMessage', () => {
  it("inlines the phone's chats, their messages and unread counts in an INITIAL_BOOTSTRAP", () => {
    const message = historySyncMessage([
      msg('A1', { timestamp: 1_700_000_001 }),
      msg('B1', {
        direction: 'out',
        from: '5511999990009@s.whatsapp.net',
        status: 'read',
        timestamp: 1_700_000_002,
      }),
      msg('A2', { timestamp: 1_700_000_003, status: 'read' }),
      msg('G1', { chat: GROUP, from: `${ANA.split('@')[0]}:2@s.whatsapp.net` }),
      msg('S1', { chat: 'status@broadcast' }),
      msg('M1', { text: null }),
    ])!;
    const n = message.protocolMessage!;
    expect(n.type).toBe(proto.Message.ProtocolMessage.Type.HISTORY_SYNC_NOTIFICATION);
    expect(n.historySyncNotification?.syncType).toBe(proto.Message.HistorySyncType.INITIAL_BOOTSTRAP);
    const history = proto.HistorySync.decode(
      inflateSync(n.historySyncNotification!.initialHistBootstrapInlinePayload!),
    );
    expect(history.syncType).toBe(proto.HistorySync.HistorySyncType.INITIAL_BOOTSTRAP);
    const [ana, group] = history.conversations;
    expect(history.conversations).toHaveLength(2);
    expect(ana).toMatchObject({ id: ANA, unreadCount: 1 });
    expect(Number(ana!.conversationTimestamp)).toBe(1_700_000_003);
    expect(
      ana!.messages!.map((m) => [
        m.message!.key!.id,
        m.message!.key!.fromMe,
        m.message!.message!.conversation,
      ]),
    ).toEqual([
      ['A1', false, 'A1'],
      ['B1', true, 'B1'],
      ['A2', false, 'A2'],
    ]);
    expect(group!.messages![0]!.message!.key).toMatchObject({ remoteJid: GROUP, participant: ANA });
  });

  it('is nothing for a phone without chats', () => {
    expect(historySyncMessage([])).toBeUndefined();
    expect(historySyncMessage([msg('S', { chat: 'status@broadcast' })])).toBeUndefined();
  });
});
