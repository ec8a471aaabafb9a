import { inflateSync } from 'node:zlib';
import { proto } from '@whiskeysockets/baileys';
import type { PhoneMessage } from '../phone/phone-message.js';
import { historySyncMessage, pushNamesSyncMessage } from './history-sync.js';

const ANA = '5511999990001@s.whatsapp.net';
const GROUP = '120363000000000001@g.us';
const decode = (message: proto.IMessage) =>
  proto.HistorySync.decode(
    inflateSync(message.protocolMessage!.historySyncNotification!.initialHistBootstrapInlinePayload!),
  );
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

  it('carries media messages with their place on the media host, and leaves out media it cannot find', () => {
    const ref = {
      url: 'https://127.0.0.1:4443/m/abc.enc',
      directPath: '/m/abc.enc',
      mediaKey: Buffer.alloc(32, 7),
      keyType: 'image',
      fileSha256: Buffer.alloc(32, 1),
      fileEncSha256: Buffer.alloc(32, 2),
    };
    const media = (kind: 'image' | 'document' | 'ptt', extra = {}) => ({
      kind,
      mimetype: kind === 'image' ? 'image/jpeg' : kind === 'ptt' ? 'audio/ogg' : 'application/pdf',
      fileLength: 1234,
      hasThumbnail: false,
      state: 'ready' as const,
      ...extra,
    });
    const message = historySyncMessage(
      [
        msg('I1', { text: null, media: media('image', { caption: 'look' }) }),
        msg('D1', { text: null, direction: 'out', media: media('document', { fileName: 'a.pdf' }) }),
        msg('V1', { text: null, media: media('ptt') }),
        msg('X1', { text: null, media: media('image') }),
      ],
      { mediaOf: (id) => (id === 'X1' ? undefined : ref) },
    )!;
    const [chat] = decode(message).conversations;
    const byId = new Map(chat!.messages!.map((m) => [m.message!.key!.id, m.message!.message!]));
    expect([...byId.keys()]).toEqual(['I1', 'D1', 'V1']);
    expect(byId.get('I1')!.imageMessage).toMatchObject({
      url: ref.url,
      directPath: ref.directPath,
      mimetype: 'image/jpeg',
      caption: 'look',
    });
    expect(Buffer.from(byId.get('I1')!.imageMessage!.mediaKey!)).toEqual(ref.mediaKey);
    expect(Buffer.from(byId.get('I1')!.imageMessage!.fileEncSha256!)).toEqual(ref.fileEncSha256);
    expect(byId.get('D1')!.documentMessage).toMatchObject({ fileName: 'a.pdf', mimetype: 'application/pdf' });
    expect(byId.get('V1')!.audioMessage).toMatchObject({ ptt: true });
    expect(chat!.unreadCount).toBe(2); // I1 and V1: X1 is not in the history
  });

  it('sends the push names the phone knows as a PUSH_NAME chunk', () => {
    const message = pushNamesSyncMessage([{ id: ANA, pushname: 'Ana' }])!;
    expect(message.protocolMessage!.historySyncNotification!.syncType).toBe(
      proto.Message.HistorySyncType.PUSH_NAME,
    );
    const history = decode(message);
    expect(history.syncType).toBe(proto.HistorySync.HistorySyncType.PUSH_NAME);
    expect(history.pushnames.map((p) => [p.id, p.pushname])).toEqual([[ANA, 'Ana']]);
    expect(pushNamesSyncMessage([])).toBeUndefined();
  });

  it('is nothing for a phone without chats', () => {
    expect(historySyncMessage([])).toBeUndefined();
    expect(historySyncMessage([msg('S', { chat: 'status@broadcast' })])).toBeUndefined();
  });
});
