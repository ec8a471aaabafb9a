import type { EventData, EventEnvelope, EventName, WebhookInstance } from '@zapgate/contracts';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import {
  isIgnoredByWpp,
  renderWppWebhook,
  wid,
  wppMessageObject,
  WPP_DEFAULT_IGNORE,
  WPP_WEBHOOK_EVENTS,
  WPP_WEBHOOK_RULES,
} from './index.js';

// jsqr is CommonJS typed as an ES module: its callable is the default export's `default`.
const jsQR = jsQRModule.default;

// Fixtures: the webhook bodies of the WPPConnect catalog, section 6
// (/work/shared/reference/dialects/wppconnect.md), rendered from canonical events.

const instance: WebhookInstance = {
  key: 'mySession',
  me: { id: '5521888888888@s.whatsapp.net', lid: '44556677889900@lid', name: 'Loja' },
};

const envelope = <E extends EventName>(event: E, data: EventData[E]): EventEnvelope<E> => ({
  id: '9d4c2a71-5f0e-4c55-8a43-0e6f3a3b9c20',
  instance: instance.key,
  event,
  at: '2023-11-14T22:13:20.000Z',
  data,
});

const text = (over: Partial<EventData['message-received']> = {}): EventData['message-received'] => ({
  id: '3EB0A0B1C2D3E4F5',
  chat: '5521999999999@s.whatsapp.net',
  sender: '5521999999999@s.whatsapp.net',
  fromMe: false,
  pushName: 'Fulano',
  timestamp: 1700000000,
  type: 'conversation',
  text: 'Olá',
  delivery: 'notify',
  raw: {
    key: { remoteJid: '5521999999999@s.whatsapp.net', fromMe: false, id: '3EB0A0B1C2D3E4F5' },
    message: { conversation: 'Olá' },
    messageTimestamp: 1700000000,
    pushName: 'Fulano',
  },
  ...over,
});

describe('renderWppWebhook', () => {
  it('renders an incoming text as the onmessage body of 6.3', () => {
    const sut = renderWppWebhook(envelope('message-received', text()), instance);
    expect(sut).toEqual([
      {
        event: 'onmessage',
        body: {
          event: 'onmessage',
          session: 'mySession',
          id: 'false_5521999999999@c.us_3EB0A0B1C2D3E4F5',
          body: 'Olá',
          type: 'chat',
          t: 1700000000,
          notifyName: 'Fulano',
          from: '5521999999999@c.us',
          to: '5521888888888@c.us',
          author: null,
          ack: 1,
          isNewMsg: true,
          star: false,
          broadcast: false,
          mentionedJidList: [],
          isForwarded: false,
          labels: [],
          sender: {
            id: '5521999999999@c.us',
            pushname: 'Fulano',
            isMe: false,
            isUser: true,
            isWAContact: true,
          },
          timestamp: 1700000000,
          content: 'Olá',
          isGroupMsg: false,
          isMedia: false,
          isMMS: false,
          isNotification: false,
          isPSA: false,
          chatId: '5521999999999@c.us',
          fromMe: false,
          quotedMsgId: null,
          quotedParticipant: null,
          mediaData: {},
        },
      },
    ]);
    // `event` and `session` first, as `Object.assign({event, session}, data)` makes them
    expect(Object.keys(sut[0]!.body).slice(0, 3)).toEqual(['event', 'session', 'id']);
  });

  it('renders a group message: from and chatId the group, author the sender, the id with the participant', () => {
    const [sut] = renderWppWebhook(
      envelope(
        'message-received',
        text({
          chat: '120363042378568057@g.us',
          sender: '5521999999999@s.whatsapp.net',
          senderAlt: '12345678901234@lid',
          type: 'extendedTextMessage',
          text: '@5521777777777 veja',
          raw: {
            key: {
              remoteJid: '120363042378568057@g.us',
              fromMe: false,
              id: '3EB0A0B1C2D3E4F5',
              participant: '5521999999999@s.whatsapp.net',
            },
            message: {
              extendedTextMessage: {
                text: '@5521777777777 veja',
                contextInfo: {
                  mentionedJid: ['5521777777777@s.whatsapp.net'],
                  stanzaId: 'ABCDEF',
                  participant: '5521888888888@s.whatsapp.net',
                  isForwarded: true,
                },
              },
            },
          },
        }),
      ),
      instance,
    );
    expect(sut!.body).toMatchObject({
      id: 'false_120363042378568057@g.us_3EB0A0B1C2D3E4F5_5521999999999@c.us',
      from: '120363042378568057@g.us',
      to: '5521888888888@c.us',
      author: '5521999999999@c.us',
      chatId: '120363042378568057@g.us',
      isGroupMsg: true,
      mentionedJidList: ['5521777777777@c.us'],
      isForwarded: true,
      quotedMsgId: 'true_120363042378568057@g.us_ABCDEF_5521888888888@c.us',
      quotedParticipant: '5521888888888@c.us',
    });
    // WA-Web's message has no place for the sender's other (LID) form
    expect(JSON.stringify(sut!.body)).not.toContain('@lid');
  });

  it('renders media with its WA-Web type, mimetype and caption (ptt for voice notes)', () => {
    const [image] = renderWppWebhook(
      envelope(
        'message-received',
        text({
          type: 'imageMessage',
          text: 'foto',
          raw: {
            message: { imageMessage: { mimetype: 'image/jpeg', caption: 'foto', jpegThumbnail: '/9j/4AAQ' } },
          },
        }),
      ),
      instance,
    );
    expect(image!.body).toMatchObject({
      type: 'image',
      mimetype: 'image/jpeg',
      caption: 'foto',
      body: 'foto',
      isMedia: true,
      isMMS: true,
    });
    const [voice] = renderWppWebhook(
      envelope(
        'message-received',
        text({
          type: 'audioMessage',
          text: undefined,
          raw: { message: { audioMessage: { mimetype: 'audio/ogg; codecs=opus', ptt: true } } },
        }),
      ),
      instance,
    );
    expect(voice!.body).toMatchObject({
      type: 'ptt',
      body: '',
      isMedia: true,
      mimetype: 'audio/ogg; codecs=opus',
    });
  });

  it("renders a document's and a voice note's WA-Web media fields, and unwraps view once", () => {
    const [doc] = renderWppWebhook(
      envelope(
        'message-received',
        text({
          type: 'documentMessage',
          text: 'June',
          media: {
            kind: 'document',
            mime: 'application/pdf',
            size: 5999,
            sha256: 'n2Zb9m8cJ1J8Y3A=',
            fileName: 'invoice.pdf',
            caption: 'June',
          },
          raw: {
            message: {
              documentMessage: {
                url: 'https://mmg.whatsapp.net/v/t62.7119-24/doc.enc',
                mimetype: 'application/pdf',
                caption: 'June',
                fileName: 'invoice.pdf',
                fileLength: 5999,
                fileSha256: 'n2Zb9m8cJ1J8Y3A=',
                fileEncSha256: 'ASNFZ4mrze8=',
                mediaKey: 'q83vEjRWeJA=',
                mediaKeyTimestamp: 1700000000,
                directPath: '/v/t62.7119-24/doc.enc?ccb=11-4',
              },
            },
          },
        }),
      ),
      instance,
    );
    expect(doc!.body).toMatchObject({
      type: 'document',
      mimetype: 'application/pdf',
      caption: 'June',
      filename: 'invoice.pdf',
      size: 5999,
      filehash: 'n2Zb9m8cJ1J8Y3A=',
      encFilehash: 'ASNFZ4mrze8=',
      mediaKey: 'q83vEjRWeJA=',
      mediaKeyTimestamp: 1700000000,
      directPath: '/v/t62.7119-24/doc.enc?ccb=11-4',
      deprecatedMms3Url: 'https://mmg.whatsapp.net/v/t62.7119-24/doc.enc',
      isViewOnce: false,
      isMedia: true,
      isMMS: true,
    });
    const [voice] = renderWppWebhook(
      envelope(
        'message-received',
        text({
          type: 'audioMessage',
          text: undefined,
          media: { kind: 'ptt', mime: 'audio/ogg; codecs=opus', seconds: 4, size: 2048 },
          raw: { message: { audioMessage: { mimetype: 'audio/ogg; codecs=opus', ptt: true, seconds: 4 } } },
        }),
      ),
      instance,
    );
    expect(voice!.body).toMatchObject({ type: 'ptt', duration: '4', size: 2048, isMedia: true });
    const [once] = renderWppWebhook(
      envelope(
        'message-received',
        text({
          type: 'viewOnceMessageV2',
          text: 'once',
          media: { kind: 'image', mime: 'image/jpeg', viewOnce: true },
          raw: { message: { viewOnceMessageV2: { message: { imageMessage: { mimetype: 'image/jpeg' } } } } },
        }),
      ),
      instance,
    );
    expect(once!.body).toMatchObject({
      type: 'image',
      mimetype: 'image/jpeg',
      isViewOnce: true,
      isMedia: true,
    });
  });

  it("autoDownload: asks for a media message's file (bounded by its size) and puts it in body, base64", () => {
    const event = envelope(
      'message-received',
      text({
        type: 'imageMessage',
        text: 'foto',
        media: { kind: 'image', mime: 'image/jpeg', size: 48_213 },
        raw: { message: { imageMessage: { mimetype: 'image/jpeg', caption: 'foto' } } },
      }),
    );
    const [image] = renderWppWebhook(event, instance);
    const rule = WPP_WEBHOOK_RULES.media!;
    expect(rule.wants(image!, event)).toEqual({
      id: '3EB0A0B1C2D3E4F5',
      chat: '5521999999999@s.whatsapp.net',
      size: 48_213,
    });
    expect(rule.apply(image!, { mime: 'image/jpeg', base64: '/9j/4AAQ' })).toEqual({
      ...image,
      body: { ...image!.body, body: '/9j/4AAQ' },
    });
    const textEvent = envelope('message-received', text());
    expect(rule.wants(renderWppWebhook(textEvent, instance)[0]!, textEvent)).toBeUndefined();
  });

  it('gives the message routes the same message object as onmessage', () => {
    const message = text();
    const [hook] = renderWppWebhook(envelope('message-received', message), instance);
    const { event, session, ...body } = hook!.body;
    expect({ event, session }).toEqual({ event: 'onmessage', session: 'mySession' });
    expect(wppMessageObject(message, instance)).toEqual(body);
  });

  it('sends own messages as onselfmessage with the status as ack, and status posts not at all', () => {
    const [self] = renderWppWebhook(
      envelope(
        'message-received',
        text({
          fromMe: true,
          sender: '5521888888888@s.whatsapp.net',
          pushName: undefined,
          delivery: 'append',
          raw: { message: { conversation: 'Olá' }, status: 'DELIVERY_ACK' },
        }),
      ),
      instance,
    );
    expect(self!.event).toBe('onselfmessage');
    expect(self!.body).toMatchObject({
      event: 'onselfmessage',
      id: 'true_5521999999999@c.us_3EB0A0B1C2D3E4F5',
      from: '5521888888888@c.us',
      to: '5521999999999@c.us',
      fromMe: true,
      ack: 2,
      sender: { id: '5521888888888@c.us', isMe: true },
    });
    expect(
      renderWppWebhook(envelope('message-received', text({ chat: 'status@broadcast' })), instance),
    ).toEqual([]);
  });

  it('renders status changes as onack with wppconnect AckType numbers', () => {
    const ack = (status: EventData['message-status-changed']['status']) =>
      renderWppWebhook(
        envelope('message-status-changed', {
          id: '3EB0A0B1C2D3E4F5',
          chat: '5521999999999@s.whatsapp.net',
          fromMe: true,
          status,
        }),
        instance,
      );
    expect(ack('read')).toEqual([
      {
        event: 'onack',
        body: {
          event: 'onack',
          session: 'mySession',
          id: {
            fromMe: true,
            remote: '5521999999999@c.us',
            id: '3EB0A0B1C2D3E4F5',
            _serialized: 'true_5521999999999@c.us_3EB0A0B1C2D3E4F5',
          },
          ack: 3,
          from: '5521888888888@c.us',
          to: '5521999999999@c.us',
          self: 'out',
        },
      },
    ]);
    expect(
      (['failed', 'pending', 'sent', 'delivered', 'read', 'played'] as const).map(
        (s) => ack(s)[0]!.body['ack'],
      ),
    ).toEqual([-1, 0, 1, 2, 3, 4]);
  });

  it('renders the QR as qrcode: a base64 PNG without prefix that decodes to urlcode', () => {
    const qr = '2@Xq3kDl1JpQ==,Mb9t0Sx2Qb6fo3tK2Rq0n6VAl5rN0o8s=,cG9zdC1xdWFudHVt,AAECAwQF';
    const [sut] = renderWppWebhook(envelope('qr-updated', { qr }), instance);
    expect(sut!.event).toBe('qrcode');
    expect(Object.keys(sut!.body)).toEqual(['event', 'session', 'qrcode', 'urlcode']);
    expect(sut!.body).toMatchObject({ event: 'qrcode', session: 'mySession', urlcode: qr });
    const base64 = sut!.body['qrcode'] as string;
    expect(base64).toMatch(/^iVBORw0KGgo/); // PNG signature, no data: prefix
    const png = PNG.sync.read(Buffer.from(base64, 'base64'));
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(qr);
  });

  it('renders a pairing code as phoneCode', () => {
    expect(
      renderWppWebhook(
        envelope('pairing-code-issued', { code: 'ABCD-1234', phone: '5521888888888' }),
        instance,
      ),
    ).toEqual([
      {
        event: 'phoneCode',
        body: { event: 'phoneCode', session: 'mySession', phoneCode: 'ABCD-1234', phone: '5521888888888' },
      },
    ]);
  });

  it('renders connection changes as status-find, and requested closes and logouts as closesession / logoutsession', () => {
    const status = (data: EventData['connection-changed']) =>
      renderWppWebhook(envelope('connection-changed', data), instance).map((r) => r.body);
    expect(status({ state: 'qr' })).toEqual([
      { event: 'status-find', session: 'mySession', status: 'notLogged' },
    ]);
    expect(status({ state: 'pairing-code' })).toEqual([
      { event: 'status-find', session: 'mySession', status: 'notLogged' },
    ]);
    expect(status({ state: 'connected', me: instance.me })).toEqual([
      { event: 'status-find', session: 'mySession', status: 'inChat' },
    ]);
    // wppconnect's waitForLogin: a scanned QR, or a stored session, then the chats are open
    expect(status({ state: 'connected', me: instance.me, linked: true })).toEqual([
      { event: 'status-find', session: 'mySession', status: 'qrReadSuccess' },
      { event: 'status-find', session: 'mySession', status: 'inChat' },
    ]);
    expect(status({ state: 'connected', me: instance.me, linked: false })).toEqual([
      { event: 'status-find', session: 'mySession', status: 'isLogged' },
      { event: 'status-find', session: 'mySession', status: 'inChat' },
    ]);
    expect(status({ state: 'logged-out', reason: 'the phone unlinked this device (401)' })).toEqual([
      { event: 'status-find', session: 'mySession', status: 'disconnectedMobile' },
    ]);
    expect(status({ state: 'qr-timeout' })).toEqual([
      { event: 'status-find', session: 'mySession', status: 'autocloseCalled' },
    ]);
    expect(status({ state: 'conflict' })).toEqual([
      { event: 'status-find', session: 'mySession', status: 'serverClose' },
    ]);
    expect(status({ state: 'logged-out', reason: 'logged out on request', command: 'logout' })).toEqual([
      {
        event: 'logoutsession',
        session: 'mySession',
        message: 'Session: mySession logged out',
        connected: false,
      },
    ]);
    expect(status({ state: 'stopped', reason: 'closed on request', command: 'close' })).toEqual([
      {
        event: 'closesession',
        session: 'mySession',
        message: 'Session: mySession disconnected',
        connected: false,
      },
    ]);
    // no WPPConnect event: opening, a restart's own close, a shard handing the session over
    expect(status({ state: 'connecting' })).toEqual([]);
    expect(status({ state: 'stopped', reason: 'restarting', command: 'restart' })).toEqual([]);
    expect(status({ state: 'stopped', reason: 'shard stopping' })).toEqual([]);
  });

  it('renders presence as onpresencechanged (PresenceEvent), with participants for groups', () => {
    const [contact] = renderWppWebhook(
      envelope('presence-updated', {
        chat: '5521999999999@s.whatsapp.net',
        participant: '5521999999999@s.whatsapp.net',
        presence: 'composing',
      }),
      instance,
    );
    expect(contact).toEqual({
      event: 'onpresencechanged',
      body: {
        event: 'onpresencechanged',
        session: 'mySession',
        id: '5521999999999@c.us',
        isOnline: true,
        isGroup: false,
        isUser: true,
        state: 'composing',
        t: 1700000000,
      },
    });
    const [group] = renderWppWebhook(
      envelope('presence-updated', {
        chat: '120363042378568057@g.us',
        participant: '12345678901234@lid',
        presence: 'paused',
      }),
      instance,
    );
    expect(group!.body).toMatchObject({
      id: '120363042378568057@g.us',
      isGroup: true,
      isUser: false,
      isOnline: true,
      state: 'available',
      participants: [{ id: '12345678901234@lid', state: 'available' }],
    });
    const [away] = renderWppWebhook(
      envelope('presence-updated', {
        chat: '5521999999999@s.whatsapp.net',
        participant: '5521999999999@s.whatsapp.net',
        presence: 'unavailable',
        lastSeen: 1699999000,
      }),
      instance,
    );
    expect(away!.body).toMatchObject({ isOnline: false, state: 'unavailable' });
  });

  const action = (id: string) => ({
    id,
    chat: '5521999999999@s.whatsapp.net',
    sender: '5521999999999@s.whatsapp.net',
    fromMe: false,
    timestamp: 1700000100,
    target: { id: '3EB0MINE', fromMe: true },
    raw: { key: { remoteJid: '5521999999999@s.whatsapp.net', fromMe: false, id } },
  });

  it('renders a reaction as onreactionmessage: id the reaction, msgId the reacted message (MsgKey JSON)', () => {
    const sut = renderWppWebhook(envelope('message-reacted', { ...action('R1'), reaction: '❤️' }), instance);
    expect(sut).toEqual([
      {
        event: 'onreactionmessage',
        body: {
          event: 'onreactionmessage',
          session: 'mySession',
          id: {
            fromMe: false,
            remote: '5521999999999@c.us',
            id: 'R1',
            _serialized: 'false_5521999999999@c.us_R1',
          },
          msgId: {
            fromMe: true,
            remote: '5521999999999@c.us',
            id: '3EB0MINE',
            _serialized: 'true_5521999999999@c.us_3EB0MINE',
          },
          reactionText: '❤️',
          read: false,
          orphan: 0,
          orphanReason: null,
          timestamp: 1700000100,
        },
      },
    ]);
  });

  it('renders a revoke as onrevokedmessage with refId the deleted message, and an edit as nothing', () => {
    const sut = renderWppWebhook(
      envelope('message-revoked', { ...action('D1'), target: { id: '3EB0THEIRS', fromMe: false } }),
      instance,
    );
    expect(sut).toEqual([
      {
        event: 'onrevokedmessage',
        body: {
          event: 'onrevokedmessage',
          session: 'mySession',
          from: '5521999999999@c.us',
          to: '5521888888888@c.us',
          id: {
            fromMe: false,
            remote: '5521999999999@c.us',
            id: 'D1',
            _serialized: 'false_5521999999999@c.us_D1',
          },
          refId: {
            fromMe: false,
            remote: '5521999999999@c.us',
            id: '3EB0THEIRS',
            _serialized: 'false_5521999999999@c.us_3EB0THEIRS',
          },
        },
      },
    ]);
    expect(
      renderWppWebhook(envelope('message-edited', { ...action('E1'), text: 'fixed' }), instance),
    ).toEqual([]);
  });

  it('renders a location as onmessage type location with lat, lng and loc, a contact card as vcard with the vCard as body', () => {
    const [loc] = renderWppWebhook(
      envelope(
        'message-received',
        text({
          type: 'locationMessage',
          text: undefined,
          location: { latitude: -22.9, longitude: -43.2, name: 'Praia', address: 'Rio' },
          raw: {
            key: { remoteJid: '5521999999999@s.whatsapp.net', id: 'L1' },
            message: { locationMessage: { degreesLatitude: -22.9, degreesLongitude: -43.2 } },
          },
        }),
      ),
      instance,
    );
    expect(loc?.event).toBe('onmessage');
    expect(loc?.body).toMatchObject({
      type: 'location',
      lat: -22.9,
      lng: -43.2,
      loc: 'Praia\nRio',
      body: '',
    });
    const vcard = 'BEGIN:VCARD\nVERSION:3.0\nFN:Bob\nEND:VCARD';
    const [card] = renderWppWebhook(
      envelope(
        'message-received',
        text({
          type: 'contactMessage',
          text: undefined,
          contacts: [{ displayName: 'Bob', vcard }],
          raw: {
            key: { remoteJid: '5521999999999@s.whatsapp.net', id: 'C1' },
            message: { contactMessage: { displayName: 'Bob', vcard } },
          },
        }),
      ),
      instance,
    );
    expect(card?.body).toMatchObject({
      type: 'vcard',
      body: vcard,
      content: vcard,
      vcardFormattedName: 'Bob',
    });
  });

  it('names every event it renders in WPP_WEBHOOK_EVENTS', () => {
    const all = [
      ...renderWppWebhook(envelope('message-received', text()), instance),
      ...renderWppWebhook(envelope('qr-updated', { qr: 'x' }), instance),
      ...renderWppWebhook(envelope('message-reacted', { ...action('R'), reaction: '👍' }), instance),
      ...renderWppWebhook(envelope('message-revoked', action('D')), instance),
      ...renderWppWebhook(envelope('connection-changed', { state: 'stopped', command: 'close' }), instance),
    ];
    for (const r of all) expect(WPP_WEBHOOK_EVENTS).toContain(r.event);
  });
});

describe('isIgnoredByWpp', () => {
  it("skips what the ignore list names by event, from or type (default: ['status@broadcast'])", () => {
    expect(WPP_DEFAULT_IGNORE).toEqual(['status@broadcast']);
    const msg = { event: 'onmessage', body: { from: 'status@broadcast', type: 'chat' } };
    expect(isIgnoredByWpp(msg)).toBe(true);
    expect(isIgnoredByWpp({ ...msg, body: { from: '5521999999999@c.us', type: 'chat' } })).toBe(false);
    expect(isIgnoredByWpp({ event: 'onack', body: {} }, ['onack'])).toBe(true);
    expect(isIgnoredByWpp({ event: 'onmessage', body: { type: 'ptt' } }, ['ptt'])).toBe(true);
  });
});

describe('wid', () => {
  it('writes phone numbers as @c.us without the device, and keeps LIDs and groups', () => {
    expect(wid('5521999999999@s.whatsapp.net')).toBe('5521999999999@c.us');
    expect(wid('5521999999999:12@s.whatsapp.net')).toBe('5521999999999@c.us');
    expect(wid('12345678901234:3@lid')).toBe('12345678901234@lid');
    expect(wid('120363042378568057@g.us')).toBe('120363042378568057@g.us');
  });
});
