import type {
  ConnectionChange,
  MessageStatus,
  PresenceState,
  ReceivedMessage,
  RenderedWebhook,
  WebhookInstance,
  WebhookRenderer,
} from '@zapgate/contracts';
import { webhookRenderer } from '@zapgate/contracts';
import { qrPngSync } from './qr-png.js';

/**
 * The webhook events this renderer produces, by WPPConnect-server's names (catalog section 6.2).
 * Not produced (zapgate has no such canonical event yet): `location`, `unreadmessages`.
 * `onupdatelabel` comes from `label-updated` (a label put on or taken off a chat); label edits
 * have no WPPConnect webhook. Group subject, description, settings and
 * join-request changes have no WPPConnect webhook, so they render nothing. WPPConnect-server
 * sends no `onanymessage` webhook (own messages go out as `onselfmessage`) and no edit webhook
 * (`onmessageedit` is not subscribed), so `message-edited` renders nothing.
 */
export const WPP_WEBHOOK_EVENTS = [
  'qrcode',
  'phoneCode',
  'status-find',
  'onmessage',
  'onselfmessage',
  'onack',
  'onpresencechanged',
  'onparticipantschanged',
  'onreactionmessage',
  'onrevokedmessage',
  'onpollresponse',
  'incomingcall',
  'onupdatelabel',
  'closesession',
  'logoutsession',
] as const;
export type WppWebhookEvent = (typeof WPP_WEBHOOK_EVENTS)[number];

/**
 * WPPConnect-server's default `webhook.ignore`: a POST is skipped when the list holds its event
 * name, its `from` or its `type` (see `isIgnoredByWpp`).
 */
export const WPP_DEFAULT_IGNORE: readonly string[] = ['status@broadcast'];

/** Events WPPConnect-server sends only when switched on (`webhook.onSelfMessage`, default false). */
export const WPP_EVENTS_OFF_BY_DEFAULT: readonly WppWebhookEvent[] = ['onselfmessage'];

/** WPPConnect's skip rule (`callWebHook`): the ignore list holds the event, `body.from` or `body.type`. */
export function isIgnoredByWpp(
  webhook: RenderedWebhook,
  ignore: readonly string[] = WPP_DEFAULT_IGNORE,
): boolean {
  const { from, type } = webhook.body;
  return (
    ignore.includes(webhook.event) ||
    (typeof from === 'string' && ignore.includes(from)) ||
    (typeof type === 'string' && ignore.includes(type))
  );
}

/** wppconnect `AckType` per canonical status (`-1` FAILED, `0` CLOCK, `1` SENT, `2` RECEIVED, `3` READ, `4` PLAYED). */
export const WPP_ACK: Readonly<Record<MessageStatus, number>> = {
  failed: -1,
  pending: 0,
  sent: 1,
  delivered: 2,
  read: 3,
  played: 4,
};

/** `Object.assign({event, session}, data)`, as `callWebHook` builds it. */
const post = (event: WppWebhookEvent, instance: WebhookInstance, data: Record<string, unknown>) => ({
  event,
  body: Object.assign({ event, session: instance.key }, data),
});

/** Renders a canonical event as WPPConnect-server's webhook bodies: `{event, session, ...payload}`. */
export const renderWppWebhook: WebhookRenderer = webhookRenderer({
  // `exportQR`: base64 PNG without the data-URL prefix, and the raw QR text
  'qr-updated': ({ data }, instance) => [
    post('qrcode', instance, {
      qrcode: qrPngSync(data.qr).toString('base64'),
      urlcode: data.qr,
      session: instance.key,
    }),
  ],

  'pairing-code-issued': ({ data }, instance) => [
    post('phoneCode', instance, { phoneCode: data.code, phone: data.phone, session: instance.key }),
  ],

  'connection-changed': ({ data }, instance) => connectionPosts(data, instance),

  // `listenMessages`: others' messages as `onmessage` (status posts excluded), own ones as `onselfmessage`
  'message-received': ({ data }, instance) => {
    if (data.chat === 'status@broadcast') return [];
    return [post(data.fromMe ? 'onselfmessage' : 'onmessage', instance, wppMessageObject(data, instance))];
  },

  'message-status-changed': ({ data }, instance) => {
    const chatId = wid(data.chat);
    const me = instance.me ? wid(instance.me.id) : undefined;
    const from = data.fromMe ? me : chatId;
    const to = data.fromMe ? chatId : me;
    return [
      post('onack', instance, {
        id: {
          fromMe: data.fromMe,
          remote: chatId,
          id: data.id,
          _serialized: serializedId(data.fromMe, chatId, data.id),
        },
        ack: WPP_ACK[data.status],
        ...(from ? { from } : {}),
        ...(to ? { to } : {}),
        self: data.fromMe ? 'out' : 'in',
      }),
    ];
  },

  // wa-js `chat.new_reaction`: `id` the reaction's key, `msgId` the reacted message's key
  'message-reacted': ({ data }, instance) => {
    const chatId = wid(data.chat);
    const isGroup = data.chat.endsWith('@g.us');
    const me = instance.me ? wid(instance.me.id) : undefined;
    const sender = wid(data.sender);
    const targetAuthor = data.target.participant
      ? wid(data.target.participant)
      : data.target.fromMe
        ? me
        : chatId;
    return [
      post('onreactionmessage', instance, {
        id: msgKey(data.fromMe, chatId, data.id, isGroup && !data.fromMe ? sender : undefined),
        msgId: msgKey(data.target.fromMe, chatId, data.target.id, isGroup ? targetAuthor : undefined),
        reactionText: data.reaction,
        read: false,
        orphan: 0,
        orphanReason: null,
        timestamp: data.timestamp,
      }),
    ];
  },

  // wa-js `chat.msg_revoke`: `refId` the deleted message's key, `author` in groups
  'message-revoked': ({ data }, instance) => {
    const chatId = wid(data.chat);
    const isGroup = data.chat.endsWith('@g.us');
    const me = instance.me ? wid(instance.me.id) : undefined;
    const sender = wid(data.sender);
    const from = data.fromMe ? (me ?? sender) : chatId;
    const to = data.fromMe ? chatId : me;
    return [
      post('onrevokedmessage', instance, {
        ...(isGroup ? { author: sender } : {}),
        from,
        ...(to ? { to } : {}),
        id: msgKey(data.fromMe, chatId, data.id, isGroup && !data.fromMe ? sender : undefined),
        refId: msgKey(
          data.target.fromMe,
          chatId,
          data.target.id,
          isGroup && !data.fromMe ? sender : undefined,
        ),
      }),
    ];
  },

  // wa-js `chat.poll_response`: `msgId` the poll's key, `selectedOptions` the poll's options
  // `{name, localId}` placed at their localId (the option's index; other places null), as wa-js
  // builds it, `timestamp` the vote's time in milliseconds, `sender` the voter
  'poll-voted': ({ data }, instance) => {
    const chatId = wid(data.chat);
    const isGroup = data.chat.endsWith('@g.us');
    const me = instance.me ? wid(instance.me.id) : undefined;
    const pollAuthor = data.target.participant
      ? wid(data.target.participant)
      : data.target.fromMe
        ? me
        : chatId;
    const names = data.tally.map((o) => o.name);
    const selectedOptions: ({ name: string; localId: number } | null)[] = [];
    for (const name of data.selectedOptions) {
      const localId = names.indexOf(name);
      if (localId >= 0) selectedOptions[localId] = { name, localId };
    }
    return [
      post('onpollresponse', instance, {
        msgId: msgKey(data.target.fromMe, chatId, data.target.id, isGroup ? pollAuthor : undefined),
        chatId,
        selectedOptions: Array.from(selectedOptions, (o) => o ?? null),
        timestamp: data.timestamp * 1000,
        sender: data.fromMe ? (me ?? wid(data.sender)) : wid(data.sender),
      }),
    ];
  },

  // WPPConnect-server does not subscribe to `onmessageedit`: no webhook for edits
  'message-edited': () => [],

  // wppconnect `PresenceEvent`; `paused` (stopped typing) is online without a chat state
  // WPPConnect-server posts no chat, contact or blocklist webhooks (its catalog section 6.2): none
  'chat-updated': () => [],
  'contact-updated': () => [],
  'blocklist-changed': () => [],

  // wppconnect `IncomingCall` (catalog 6.2): `id` is what reject-call takes
  'call-received': ({ data }, instance) => [
    post('incomingcall', instance, {
      id: data.id,
      peerJid: wid(data.from),
      offerTime: data.timestamp,
      isVideo: data.isVideo,
      isGroup: data.isGroup,
      groupJid: data.group ? wid(data.group) : null,
      canHandleLocally: false,
      outgoing: false,
      isSilenced: false,
      offerReceivedWhileOffline: data.offline,
      webClientShouldHandle: false,
      participants: [],
    }),
  ],

  // wa-js `chat.update_label` {chat, ids, labels, type}: the chat (its id and labels after), the
  // label ids and the labels (wa-js Label; WhatsApp syncs a colour index, not WA Web's ARGB colour)
  'label-updated': ({ data }, instance) =>
    data.action === 'edited' || !data.chat
      ? []
      : [
          post('onupdatelabel', instance, {
            chat: { id: wid(data.chat), labels: data.chatLabels ?? [] },
            ids: [data.labelId],
            labels: data.label
              ? [
                  {
                    id: data.label.id,
                    name: data.label.name,
                    color: null,
                    colorIndex: data.label.color,
                    count: data.label.chats,
                  },
                ]
              : [],
            type: data.action === 'added' ? 'add' : 'remove',
          }),
        ],

  'presence-updated': ({ data, at }, instance) => {
    const isGroup = data.chat.endsWith('@g.us');
    const state = PRESENCE[data.presence];
    return [
      post('onpresencechanged', instance, {
        id: wid(data.chat),
        isOnline: data.presence !== 'unavailable',
        isGroup,
        isUser: !isGroup,
        state,
        t: Math.floor(Date.parse(at) / 1000),
        ...(isGroup ? { participants: [{ id: wid(data.participant), state }] } : {}),
      }),
    ];
  },

  // wppconnect `ParticipantEvent`: a member removing themself is `leaver`, adding themself (an
  // invite link) `join`; `operation` is the plain action
  'group-participants-changed': ({ data }, instance) => {
    const self = data.participants.length === 1 && data.author !== undefined && sameUser(data);
    const action =
      self && data.action === 'remove' ? 'leaver' : self && data.action === 'add' ? 'join' : data.action;
    return [
      post('onparticipantschanged', instance, {
        ...(data.author ? { by: wid(phoneFirst(data.author, data.authorAlt)) } : {}),
        groupId: data.group,
        action,
        operation: data.action,
        who: data.participants.map((p) => wid(phoneFirst(p.id, p.alt))),
      }),
    ];
  },
  'group-updated': () => [],
  'group-join-requested': () => [],
});

/** The phone-number form of a member when known (clients match `@c.us` ids), else the LID. */
function phoneFirst(id: string, alt?: string): string {
  return id.endsWith('@lid') && alt?.endsWith('@s.whatsapp.net') ? alt : id;
}

/** The author is the (only) participant, in either of its forms. */
function sameUser(data: {
  author?: string;
  authorAlt?: string;
  participants: { id: string; alt?: string }[];
}) {
  const p = data.participants[0]!;
  const mine = [data.author, data.authorAlt].filter(Boolean).map((j) => wid(j!));
  return [p.id, p.alt].filter(Boolean).some((j) => mine.includes(wid(j!)));
}

const PRESENCE: Readonly<Record<PresenceState, string>> = {
  available: 'available',
  unavailable: 'unavailable',
  composing: 'composing',
  recording: 'recording',
  paused: 'available',
};

/**
 * `closesession` / `logoutsession` answer the close-session and logout-session routes; every
 * other change is a wppconnect `statusFind` status (`notLogged` while a QR or code waits,
 * `qrReadSuccess` (new link) or `isLogged` (stored session) then `inChat` once connected, `disconnectedMobile` when the phone unlinked the device,
 * `autocloseCalled` when every QR expired, `serverClose` when another session took over).
 * `connecting` and closes the shard made itself (handover, restart) have no WPPConnect event.
 */
function connectionPosts(data: ConnectionChange, instance: WebhookInstance): RenderedWebhook[] {
  const session = instance.key;
  if (data.command === 'logout' && data.state === 'logged-out')
    return [post('logoutsession', instance, { message: `Session: ${session} logged out`, connected: false })];
  if (data.command === 'close' && data.state === 'stopped')
    return [
      post('closesession', instance, { message: `Session: ${session} disconnected`, connected: false }),
    ];
  if (data.command) return [];
  // wppconnect's login: `qrReadSuccess` after a scan or `isLogged` with a stored session, then `inChat`
  const statuses =
    data.state === 'connected' && data.linked !== undefined
      ? [data.linked ? 'qrReadSuccess' : 'isLogged', 'inChat']
      : [STATUS_FIND[data.state]];
  return statuses.flatMap((status) => (status ? [post('status-find', instance, { status, session })] : []));
}

const STATUS_FIND: Partial<Record<ConnectionChange['state'], string>> = {
  qr: 'notLogged',
  'pairing-code': 'notLogged',
  connected: 'inChat',
  'logged-out': 'disconnectedMobile',
  'qr-timeout': 'autocloseCalled',
  conflict: 'serverClose',
};

/**
 * WA-Web `Msg` JSON as wppconnect serialises it, from what the canonical message knows (the
 * `onmessage` webhook, and the message routes: get-messages, message-by-id). Ids are as WhatsApp
 * addressed the chat (`@c.us` or `@lid`), the same as in `onack`; the message object has no field
 * for the other form, so `chatAlt`/`senderAlt` are not sent (they are on NATS). Media messages
 * carry WA-Web's media fields (`mimetype`, `caption`, `filename`, `size`, `filehash`, `mediaKey`,
 * `directPath`, `duration`, `isViewOnce`) and `body` is the thumbnail (base64) when there is one:
 * the file itself comes from download-media or get-media-by-message.
 */
export function wppMessageObject(m: ReceivedMessage, instance: WebhookInstance): Record<string, unknown> {
  const chatId = wid(m.chat);
  const isGroup = m.chat.endsWith('@g.us');
  const sender = wid(m.sender);
  const me = instance.me ? wid(instance.me.id) : undefined;
  const content = contentOf(m);
  const context = (content?.['contextInfo'] ?? {}) as Record<string, unknown>;
  const type = wppType(inner(m)[0], content);
  const isMedia = MEDIA_TYPES.has(type);
  const body =
    m.text ??
    m.poll?.name ??
    (type === 'vcard' && m.contacts?.[0]
      ? m.contacts[0].vcard
      : (isMedia || type === 'location') && typeof content?.['jpegThumbnail'] === 'string'
        ? content['jpegThumbnail']
        : '');
  const quotedId = typeof context['stanzaId'] === 'string' ? context['stanzaId'] : undefined;
  const quotedParticipant =
    typeof context['participant'] === 'string' ? wid(context['participant']) : undefined;
  const from = m.fromMe ? (me ?? sender) : chatId;
  const to = m.fromMe ? chatId : me;
  return {
    id: serializedId(m.fromMe, chatId, m.id, isGroup && !m.fromMe ? sender : undefined),
    body,
    type,
    t: m.timestamp,
    notifyName: m.pushName ?? '',
    from,
    ...(to ? { to } : {}),
    author: isGroup ? sender : null,
    ack: ackOf(m),
    ...(typeof content?.['mimetype'] === 'string' ? { mimetype: content['mimetype'] } : {}),
    ...(typeof content?.['caption'] === 'string' ? { caption: content['caption'] } : {}),
    ...(isMedia ? mediaFields(m, content) : {}),
    ...(m.location ? locationFields(m.location) : {}),
    ...(type === 'vcard' && m.contacts?.[0]?.displayName
      ? { vcardFormattedName: m.contacts[0].displayName }
      : {}),
    ...(m.poll ? pollFields(m.poll) : {}),
    ...(m.reply ? replyFields(m.reply) : {}),
    ...(type === 'multi_vcard' && m.contacts
      ? { vcardList: m.contacts.map((c) => ({ displayName: c.displayName ?? '', vcard: c.vcard })) }
      : {}),
    isNewMsg: true,
    star: false,
    broadcast: m.chat.endsWith('@broadcast'),
    mentionedJidList: Array.isArray(context['mentionedJid'])
      ? (context['mentionedJid'] as string[]).map(wid)
      : [],
    isForwarded: context['isForwarded'] === true,
    labels: [],
    sender: {
      id: sender,
      ...(m.pushName ? { pushname: m.pushName } : {}),
      isMe: m.fromMe,
      isUser: true,
      isWAContact: true,
    },
    timestamp: m.timestamp,
    content: body,
    isGroupMsg: isGroup,
    isMedia,
    isMMS: isMedia,
    isNotification: false,
    isPSA: false,
    chatId,
    fromMe: m.fromMe,
    quotedMsgId: quotedId
      ? serializedId(
          !!me && quotedParticipant === me,
          chatId,
          quotedId,
          isGroup ? quotedParticipant : undefined,
        )
      : null,
    quotedParticipant: quotedParticipant ?? null,
    mediaData: {},
  };
}

/** WA-Web's poll fields of a `Msg`: the question, the options with their localId, how many to pick. */
function pollFields(p: NonNullable<ReceivedMessage['poll']>): Record<string, unknown> {
  return {
    pollName: p.name,
    pollOptions: p.options.map((name, localId) => ({ name, localId })),
    pollSelectableOptionsCount: p.selectableCount,
  };
}

/**
 * WA-Web's fields of an answer to a list or buttons: `selectedButtonId` (buttons, templates),
 * `listResponse` (lists: the row picked), and the answered message's id in `quotedStanzaID`.
 */
function replyFields(r: NonNullable<ReceivedMessage['reply']>): Record<string, unknown> {
  return {
    ...(r.kind === 'list'
      ? { listResponse: { title: r.title ?? '', singleSelectReply: { selectedRowId: r.id ?? '' } } }
      : { selectedButtonId: r.id ?? null }),
    ...(r.to ? { quotedStanzaID: r.to } : {}),
  };
}

/** WA-Web's location fields of a `Msg`: `lat`, `lng`, and `loc` (name and address, one per line). */
function locationFields(l: NonNullable<ReceivedMessage['location']>): Record<string, unknown> {
  const loc = [l.name, l.address].filter(Boolean).join('\n');
  return {
    lat: l.latitude,
    lng: l.longitude,
    ...(loc ? { loc } : {}),
    ...(l.url ? { clientUrl: l.url } : {}),
    ...(l.live ? { isLive: true } : {}),
  };
}

/** WA-Web's media fields of a `Msg`, from the Baileys media message and the canonical media. */
function mediaFields(
  m: ReceivedMessage,
  content: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const str = (k: string) => (typeof content?.[k] === 'string' ? (content[k] as string) : undefined);
  const fileName = m.media?.fileName ?? str('fileName');
  const size =
    m.media?.size ?? (typeof content?.['fileLength'] === 'number' ? content['fileLength'] : undefined);
  const seconds =
    m.media?.seconds ?? (typeof content?.['seconds'] === 'number' ? content['seconds'] : undefined);
  const filehash = m.media?.sha256 ?? str('fileSha256');
  return {
    ...(m.media?.mime && !str('mimetype') ? { mimetype: m.media.mime } : {}),
    ...(fileName ? { filename: fileName } : {}),
    ...(size !== undefined ? { size } : {}),
    ...(filehash ? { filehash } : {}),
    ...(str('fileEncSha256') ? { encFilehash: str('fileEncSha256') } : {}),
    ...(str('mediaKey') ? { mediaKey: str('mediaKey') } : {}),
    ...(typeof content?.['mediaKeyTimestamp'] === 'number'
      ? { mediaKeyTimestamp: content['mediaKeyTimestamp'] }
      : {}),
    ...(str('directPath') ? { directPath: str('directPath') } : {}),
    ...(str('url') ? { deprecatedMms3Url: str('url') } : {}),
    ...(seconds !== undefined ? { duration: String(seconds) } : {}),
    ...(typeof content?.['width'] === 'number' ? { width: content['width'] } : {}),
    ...(typeof content?.['height'] === 'number' ? { height: content['height'] } : {}),
    isViewOnce: m.media?.viewOnce === true || content?.['viewOnce'] === true,
  };
}

const MEDIA_TYPES = new Set(['image', 'video', 'audio', 'ptt', 'document', 'sticker']);

const TYPES: Readonly<Record<string, string>> = {
  conversation: 'chat',
  extendedTextMessage: 'chat',
  imageMessage: 'image',
  videoMessage: 'video',
  audioMessage: 'audio',
  documentMessage: 'document',
  documentWithCaptionMessage: 'document',
  stickerMessage: 'sticker',
  locationMessage: 'location',
  liveLocationMessage: 'location',
  contactMessage: 'vcard',
  contactsArrayMessage: 'multi_vcard',
  pollCreationMessage: 'poll_creation',
  pollCreationMessageV2: 'poll_creation',
  pollCreationMessageV3: 'poll_creation',
  buttonsResponseMessage: 'buttons_response',
  templateButtonReplyMessage: 'template_button_reply',
  listResponseMessage: 'list_response',
  listMessage: 'list',
  interactiveResponseMessage: 'interactive_response',
  reactionMessage: 'reaction',
};

function wppType(baileysType: string, content: Record<string, unknown> | undefined): string {
  if (baileysType === 'audioMessage' && content?.['ptt'] === true) return 'ptt';
  return TYPES[baileysType] ?? 'unknown';
}

/** The message's content object (`message.<type>`) from the Baileys JSON, when it is an object. */
function contentOf(m: ReceivedMessage): Record<string, unknown> | undefined {
  return inner(m)[1];
}

/** Wrappers whose `message` holds the content (view once, a document with a caption, ephemeral). */
const WRAPPERS = new Set([
  'viewOnceMessage',
  'viewOnceMessageV2',
  'viewOnceMessageV2Extension',
  'documentWithCaptionMessage',
  'ephemeralMessage',
]);

/** The content key and object of the message, wrappers unwrapped. */
function inner(m: ReceivedMessage): [string, Record<string, unknown> | undefined] {
  let message = (m.raw as { message?: Record<string, unknown> } | null | undefined)?.message;
  let type = m.type;
  for (let depth = 0; depth < 3 && WRAPPERS.has(type); depth++) {
    const wrapped = (message?.[type] as { message?: Record<string, unknown> } | undefined)?.message;
    const next = wrapped
      ? Object.keys(wrapped).find((k) => k !== 'messageContextInfo' && wrapped[k])
      : undefined;
    if (!wrapped || !next) break;
    message = wrapped;
    type = next;
  }
  const content = message?.[type];
  return [type, content && typeof content === 'object' ? (content as Record<string, unknown>) : undefined];
}

/** Baileys' `WebMessageInfo.status` (as its enum name or number) as a wppconnect ack; 1 (SENT) when absent. */
function ackOf(m: ReceivedMessage): number {
  const status = (m.raw as { status?: unknown } | null | undefined)?.status;
  const n =
    typeof status === 'number' ? status : typeof status === 'string' ? BAILEYS_STATUS[status] : undefined;
  return n === undefined ? 1 : n - 1;
}

const BAILEYS_STATUS: Readonly<Record<string, number>> = {
  ERROR: 0,
  PENDING: 1,
  SERVER_ACK: 2,
  DELIVERY_ACK: 3,
  READ: 4,
  PLAYED: 5,
};

/** A WA-Web `MsgKey` as JSON: `{fromMe, remote, id, _serialized}` (as in `onack`). */
function msgKey(fromMe: boolean, remote: string, id: string, participant?: string): Record<string, unknown> {
  return {
    fromMe,
    remote,
    id,
    ...(participant ? { participant } : {}),
    _serialized: serializedId(fromMe, remote, id, participant),
  };
}

/** `<fromMe>_<chatId>_<msgId>[_<participant>]`, wppconnect's serialised message id. */
function serializedId(fromMe: boolean, chatId: string, id: string, participant?: string): string {
  return `${fromMe}_${chatId}_${id}${participant ? `_${participant}` : ''}`;
}

/** A jid as WA-Web writes it: `@c.us` for phone numbers, no device part; LIDs and groups kept. */
export function wid(jid: string): string {
  const at = jid.indexOf('@');
  if (at < 0) return jid;
  const server = jid.slice(at + 1);
  let user = jid.slice(0, at);
  if (server === 's.whatsapp.net' || server === 'c.us' || server === 'lid') user = user.split(':')[0]!;
  return `${user}@${server === 's.whatsapp.net' ? 'c.us' : server}`;
}
