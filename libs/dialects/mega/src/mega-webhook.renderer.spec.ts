import type { EventData, EventEnvelope, EventName, WebhookInstance } from '@zapgate/contracts';
import { MEGA_WEBHOOK_EVENTS, renderMegaWebhook } from './index.js';

// Fixtures: the payloads of the mega-API catalog, section 7 (/work/shared/reference/dialects/mega-api.md),
// rendered from the canonical events the shard publishes. `raw` is what `messageToJson` makes of a
// Baileys WebMessageInfo: longs as numbers, bytes as base64, enums by name.

const instance: WebhookInstance = {
  key: 'megaapi-sdkfjsdijfhftrgsdfk',
  me: { id: '556181278471@s.whatsapp.net', lid: '98765432109876@lid', name: 'Bob' },
};

const envelope = <E extends EventName>(event: E, data: EventData[E]): EventEnvelope<E> => ({
  id: '0b7f7a52-8a46-4b8e-9a3f-3c2d8e0c4f11',
  instance: instance.key,
  event,
  at: '2023-07-10T14:14:51.000Z',
  data,
});

describe('renderMegaWebhook', () => {
  it('renders an incoming text as the flat Baileys-style message of 7.1', () => {
    const sut = renderMegaWebhook(
      envelope('message-received', {
        id: '23DECC1FEB57D4A269C9C24D8C69E744',
        chat: '556195562618@s.whatsapp.net',
        sender: '556195562618@s.whatsapp.net',
        fromMe: false,
        pushName: 'Megaapi',
        timestamp: 1688998491,
        type: 'conversation',
        text: 'Olá bom dia',
        delivery: 'notify',
        raw: {
          key: {
            remoteJid: '556195562618@s.whatsapp.net',
            fromMe: false,
            id: '23DECC1FEB57D4A269C9C24D8C69E744',
          },
          message: {
            conversation: 'Olá bom dia',
            messageContextInfo: {
              deviceListMetadata: {
                senderKeyHash: 'qcU7lxxwHEk0tA==',
                senderTimestamp: 1688476011,
                recipientKeyHash: 'kV1Zb2dyjNWAXQ==',
                recipientTimestamp: 1688987231,
              },
              deviceListMetadataVersion: 2,
            },
          },
          messageTimestamp: 1688998491,
          pushName: 'Megaapi',
          verifiedBizName: 'Megaapi',
        },
      }),
      instance,
    );
    expect(sut).toEqual([
      {
        event: 'message',
        body: {
          instance_key: 'megaapi-sdkfjsdijfhftrgsdfk',
          jid: '556181278471@s.whatsapp.net',
          messageType: 'conversation',
          key: {
            remoteJid: '556195562618@s.whatsapp.net',
            fromMe: false,
            id: '23DECC1FEB57D4A269C9C24D8C69E744',
          },
          messageTimestamp: 1688998491,
          pushName: 'Megaapi',
          broadcast: false,
          message: {
            conversation: 'Olá bom dia',
            messageContextInfo: {
              deviceListMetadata: {
                senderKeyHash: 'qcU7lxxwHEk0tA==',
                senderTimestamp: '1688476011',
                recipientKeyHash: 'kV1Zb2dyjNWAXQ==',
                recipientTimestamp: '1688987231',
              },
              deviceListMetadataVersion: 2,
            },
          },
          verifiedBizName: 'Megaapi',
        },
      },
    ]);
    // the catalog's key order: what PHP and Go clients print and diff
    expect(Object.keys(sut[0]!.body)).toEqual([
      'instance_key',
      'jid',
      'messageType',
      'key',
      'messageTimestamp',
      'pushName',
      'broadcast',
      'message',
      'verifiedBizName',
    ]);
  });

  it('renders a group image with the participant, 64-bit numbers as strings and bytes as base64', () => {
    const [sut] = renderMegaWebhook(
      envelope('message-received', {
        id: '3EB0C767D26A1D8A9F5E',
        chat: '120363042378568057@g.us',
        sender: '556195562618@s.whatsapp.net',
        senderAlt: '12345678901234@lid',
        fromMe: false,
        pushName: 'Ana',
        timestamp: 1688998842,
        type: 'imageMessage',
        text: 'foto',
        delivery: 'append',
        raw: {
          key: {
            remoteJid: '120363042378568057@g.us',
            fromMe: false,
            id: '3EB0C767D26A1D8A9F5E',
            participant: '556195562618@s.whatsapp.net',
          },
          message: {
            imageMessage: {
              url: 'https://mmg.whatsapp.net/o1/v/t62.7118-24/f1/m233/up-oil-image',
              mimetype: 'image/jpeg',
              caption: 'foto',
              fileSha256: 'n2Zb9m8cJ1J8Y3A=',
              fileLength: 5999,
              height: 1280,
              width: 720,
              mediaKey: 'q83vEjRWeJA=',
              mediaKeyTimestamp: 1688998842,
            },
          },
          messageTimestamp: 1688998842,
          pushName: 'Ana',
        },
      }),
      instance,
    );
    expect(sut).toEqual({
      event: 'message',
      body: {
        instance_key: 'megaapi-sdkfjsdijfhftrgsdfk',
        jid: '556181278471@s.whatsapp.net',
        messageType: 'imageMessage',
        key: {
          remoteJid: '120363042378568057@g.us',
          fromMe: false,
          id: '3EB0C767D26A1D8A9F5E',
          participant: '556195562618@s.whatsapp.net',
          participantAlt: '12345678901234@lid',
        },
        messageTimestamp: 1688998842,
        pushName: 'Ana',
        broadcast: false,
        message: {
          imageMessage: {
            url: 'https://mmg.whatsapp.net/o1/v/t62.7118-24/f1/m233/up-oil-image',
            mimetype: 'image/jpeg',
            caption: 'foto',
            fileSha256: 'n2Zb9m8cJ1J8Y3A=',
            fileLength: '5999',
            height: 1280,
            width: 720,
            mediaKey: 'q83vEjRWeJA=',
            mediaKeyTimestamp: '1688998842',
          },
        },
      },
    });
  });

  it("passes a voice note's and a document's media fields through for downloadMediaMessage", () => {
    const media = {
      url: 'https://mmg.whatsapp.net/v/t62.7117-24/voice.enc',
      mediaKey: 'q83vEjRWeJA=',
      fileSha256: 'n2Zb9m8cJ1J8Y3A=',
      fileEncSha256: 'ASNFZ4mrze8=',
      fileLength: 2048,
      directPath: '/v/t62.7117-24/voice.enc?ccb=11-4',
      mediaKeyTimestamp: 1688998842,
    };
    const received = (message: Record<string, unknown>, type: string) =>
      renderMegaWebhook(
        envelope('message-received', {
          id: '3EB0C767D26A1D8A9F60',
          chat: '556195562618@s.whatsapp.net',
          sender: '556195562618@s.whatsapp.net',
          fromMe: false,
          timestamp: 1688998842,
          type,
          media: { kind: 'ptt', mime: 'audio/ogg; codecs=opus' },
          delivery: 'notify',
          raw: { key: { remoteJid: '556195562618@s.whatsapp.net', id: '3EB0C767D26A1D8A9F60' }, message },
        }),
        instance,
      )[0]!.body;
    const stringLongs = { fileLength: '2048', mediaKeyTimestamp: '1688998842' };
    expect(
      received(
        { audioMessage: { ...media, mimetype: 'audio/ogg; codecs=opus', ptt: true, seconds: 4 } },
        'audioMessage',
      ),
    ).toMatchObject({
      messageType: 'audioMessage',
      message: {
        audioMessage: { ...media, ...stringLongs, mimetype: 'audio/ogg; codecs=opus', ptt: true, seconds: 4 },
      },
    });
    const doc = received(
      {
        documentMessage: { ...media, mimetype: 'application/pdf', fileName: 'invoice.pdf', caption: 'June' },
      },
      'documentMessage',
    );
    expect(doc).toMatchObject({
      messageType: 'documentMessage',
      message: {
        documentMessage: {
          ...media,
          ...stringLongs,
          mimetype: 'application/pdf',
          fileName: 'invoice.pdf',
          caption: 'June',
        },
      },
    });
    // the canonical media summary is zapgate's, not mega-API's: the body is the Baileys message only
    expect(doc).not.toHaveProperty('media');
  });

  it('delivers own messages too (key.fromMe true), and keeps the LID form of a chat', () => {
    const [sut] = renderMegaWebhook(
      envelope('message-received', {
        id: '3EB0AA',
        chat: '98765000000001@lid',
        chatAlt: '5511999990002@s.whatsapp.net',
        sender: '556181278471@s.whatsapp.net',
        fromMe: true,
        timestamp: 1700000000,
        type: 'extendedTextMessage',
        text: 'order #1 shipped',
        delivery: 'append',
        raw: {
          key: { remoteJid: '98765000000001@lid', fromMe: true, id: '3EB0AA' },
          message: { extendedTextMessage: { text: 'order #1 shipped' } },
          messageTimestamp: 1700000000,
          status: 'SERVER_ACK',
        },
      }),
      instance,
    );
    expect(sut!.body).toEqual({
      instance_key: 'megaapi-sdkfjsdijfhftrgsdfk',
      jid: '556181278471@s.whatsapp.net',
      messageType: 'extendedTextMessage',
      key: {
        remoteJid: '98765000000001@lid',
        fromMe: true,
        id: '3EB0AA',
        remoteJidAlt: '5511999990002@s.whatsapp.net',
      },
      messageTimestamp: 1700000000,
      broadcast: false,
      message: { extendedTextMessage: { text: 'order #1 shipped' } },
    });
  });

  it("names a poll's messageType messageContextInfo, as mega-API does (its first key), and skips the group key prelude", () => {
    const render = (type: string, message: Record<string, unknown>) =>
      renderMegaWebhook(
        envelope('message-received', {
          id: 'P1',
          chat: '120363042378568057@g.us',
          sender: '556195562618@s.whatsapp.net',
          fromMe: false,
          timestamp: 1700000000,
          type,
          delivery: 'notify',
          raw: { key: { remoteJid: '120363042378568057@g.us', id: 'P1' }, message },
        }),
        instance,
      )[0]!.body;
    const poll = render('pollCreationMessageV3', {
      pollCreationMessageV3: { name: 'Pizza?', options: [{ optionName: 'sim' }], selectableOptionsCount: 1 },
      messageContextInfo: { messageSecret: 'q83vEjRWeJA=' },
    });
    expect(poll['messageType']).toBe('messageContextInfo');
    expect(Object.keys(poll['message'] as object)).toEqual(['messageContextInfo', 'pollCreationMessageV3']);
    const groupText = render('extendedTextMessage', {
      extendedTextMessage: { text: 'oi' },
      senderKeyDistributionMessage: {
        groupId: '120363042378568057@g.us',
        axolotlSenderKeyDistributionMessage: 'AQID',
      },
    });
    expect(groupText['messageType']).toBe('extendedTextMessage');
  });

  it('renders status changes as message.ack with the Baileys numeric status of 7.2', () => {
    const ack = (status: EventData['message-status-changed']['status']) =>
      renderMegaWebhook(
        envelope('message-status-changed', {
          id: '3EB0C767D26A1D8A9F5E',
          chat: '556195562618@s.whatsapp.net',
          fromMe: true,
          status,
        }),
        instance,
      );
    expect(ack('delivered')).toEqual([
      {
        event: 'message.ack',
        body: {
          instance_key: 'megaapi-sdkfjsdijfhftrgsdfk',
          messageType: 'message.ack',
          key: { remoteJid: '556195562618@s.whatsapp.net', fromMe: true, id: '3EB0C767D26A1D8A9F5E' },
          update: { status: 3 },
        },
      },
    ]);
    // webhook.php: "2" Send, "3" Delivered, "4" Viewd
    expect(
      (['failed', 'pending', 'sent', 'delivered', 'read', 'played'] as const).map(
        (s) => (ack(s)[0]!.body['update'] as { status: number }).status,
      ),
    ).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('keeps the participant of a group receipt', () => {
    const [sut] = renderMegaWebhook(
      envelope('message-status-changed', {
        id: 'X1',
        chat: '120363042378568057@g.us',
        fromMe: true,
        status: 'read',
        participant: '556195562618@s.whatsapp.net',
      }),
      instance,
    );
    expect(sut!.body['key']).toEqual({
      remoteJid: '120363042378568057@g.us',
      fromMe: true,
      id: 'X1',
      participant: '556195562618@s.whatsapp.net',
    });
  });

  it('renders a connection as connection_update phone_connected (7.3), a lost phone as phone_disconnected', () => {
    expect(
      renderMegaWebhook(
        envelope('connection-changed', {
          state: 'connected',
          me: { id: '5511999990001@s.whatsapp.net', lid: '111@lid', name: 'Bob' },
        }),
        { key: 'shop' },
      ),
    ).toEqual([
      {
        event: 'connection_update',
        body: {
          instance_key: 'shop',
          messageType: 'connection_update',
          message: 'phone_connected',
          jid: '5511999990001@s.whatsapp.net',
          pushName: 'Bob',
        },
      },
    ]);
    expect(
      renderMegaWebhook(
        envelope('connection-changed', { state: 'logged-out', reason: 'unlinked' }),
        instance,
      ),
    ).toEqual([
      {
        event: 'connection_update',
        body: {
          instance_key: 'megaapi-sdkfjsdijfhftrgsdfk',
          messageType: 'connection_update',
          message: 'phone_disconnected',
          jid: '556181278471@s.whatsapp.net',
          pushName: 'Bob',
        },
      },
    ]);
  });

  it('passes reactions, edits and revokes on as the Baileys messages that carry them (7.1)', () => {
    const chat = '556195562618@s.whatsapp.net';
    const action = (id: string, message: Record<string, unknown>) => ({
      id,
      chat,
      sender: chat,
      fromMe: false,
      pushName: 'Megaapi',
      timestamp: 1688998500,
      target: { id: 'MINE1', fromMe: true },
      raw: { key: { remoteJid: chat, fromMe: false, id }, messageTimestamp: 1688998500, message },
    });
    const reacted = renderMegaWebhook(
      envelope('message-reacted', {
        ...action('R1', {
          reactionMessage: {
            key: { remoteJid: instance.me!.id, id: 'MINE1' },
            text: '👍',
            senderTimestampMs: 1688998500000,
          },
        }),
        reaction: '👍',
      }),
      instance,
    );
    expect(reacted).toEqual([
      {
        event: 'message',
        body: {
          instance_key: instance.key,
          jid: instance.me!.id,
          messageType: 'reactionMessage',
          key: { remoteJid: chat, fromMe: false, id: 'R1' },
          messageTimestamp: 1688998500,
          pushName: 'Megaapi',
          broadcast: false,
          message: {
            reactionMessage: {
              key: { remoteJid: instance.me!.id, id: 'MINE1' },
              text: '👍',
              senderTimestampMs: '1688998500000',
            },
          },
        },
      },
    ]);
    const edited = renderMegaWebhook(
      envelope('message-edited', {
        ...action('E1', {
          protocolMessage: {
            key: { remoteJid: instance.me!.id, fromMe: true, id: 'THEIRS1' },
            type: 'MESSAGE_EDIT',
            editedMessage: { conversation: 'fixed' },
          },
        }),
        target: { id: 'THEIRS1', fromMe: false },
        text: 'fixed',
      }),
      instance,
    );
    expect(edited[0]?.body).toMatchObject({
      messageType: 'protocolMessage',
      key: { id: 'E1' },
      message: {
        protocolMessage: { type: 14, key: { id: 'THEIRS1' }, editedMessage: { conversation: 'fixed' } },
      },
    });
    const revoked = renderMegaWebhook(
      envelope('message-revoked', {
        ...action('D1', {
          protocolMessage: {
            key: { remoteJid: instance.me!.id, fromMe: true, id: 'THEIRS2' },
            type: 'REVOKE',
          },
        }),
        target: { id: 'THEIRS2', fromMe: false },
      }),
      instance,
    );
    expect(revoked[0]?.body).toMatchObject({
      messageType: 'protocolMessage',
      message: { protocolMessage: { type: 0, key: { id: 'THEIRS2' } } },
    });
  });

  it('sends nothing for what mega-API documents no webhook for', () => {
    expect(renderMegaWebhook(envelope('connection-changed', { state: 'connecting' }), instance)).toEqual([]);
    expect(renderMegaWebhook(envelope('connection-changed', { state: 'qr' }), instance)).toEqual([]);
    expect(renderMegaWebhook(envelope('qr-updated', { qr: '2@abc' }), instance)).toEqual([]);
    expect(
      renderMegaWebhook(envelope('pairing-code-issued', { code: 'ABCD-EFGH', phone: '5511' }), instance),
    ).toEqual([]);
    expect(
      renderMegaWebhook(
        envelope('presence-updated', {
          chat: '556195562618@s.whatsapp.net',
          participant: '556195562618@s.whatsapp.net',
          presence: 'composing',
        }),
        instance,
      ),
    ).toEqual([]);
  });

  it('names every event it renders in MEGA_WEBHOOK_EVENTS, and puts no secret in a body', () => {
    const secretive: WebhookInstance = { ...instance, token: 'sekret-token' } as WebhookInstance;
    const rendered = [
      ...renderMegaWebhook(envelope('connection-changed', { state: 'connected' }), secretive),
      ...renderMegaWebhook(
        envelope('message-status-changed', {
          id: 'a',
          chat: 'b@s.whatsapp.net',
          fromMe: true,
          status: 'read',
        }),
        secretive,
      ),
    ];
    for (const r of rendered) expect(MEGA_WEBHOOK_EVENTS).toContain(r.event);
    expect(JSON.stringify(rendered)).not.toContain('sekret');
  });
});
