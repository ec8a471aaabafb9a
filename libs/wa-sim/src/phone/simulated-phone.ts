import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Agent } from 'node:https';
import { Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  Curve,
  DisconnectReason,
  encodeBigEndian,
  encodeWAMessage,
  generateMessageIDV2,
  initAuthCreds,
  jidNormalizedUser,
  makeWASocket,
  normalizeMessageContent,
  proto,
  xmppSignedPreKey,
  type AnyMessageContent,
  type AuthenticationCreds,
  type BinaryNode,
  type ChatModification,
  type WAMessage,
  type WASocket,
} from '@whiskeysockets/baileys';
import type { Account, Device } from '../accounts/account.js';
import { LID_SERVER, PN_SERVER } from '../accounts/jids.js';
import { downloadMedia, type MediaRef } from '../media/media-download.js';
import { findMedia, mediaMessageContent, type PhoneSendableKind } from '../media/media-kind.js';
import { PhoneGroups, type PhoneGroupEvent } from '../groups/phone-groups.js';
import { SimError } from '../sim-error.js';
import type { SimLogger } from '../sim-logger.js';
import { makeMemoryAuthState, type MemoryAuthState } from './memory-auth-state.js';
import { appStateKeyShare, ensureAppStateKey } from '../app-state/app-state-key.js';
import { PhoneProfile } from '../profile/phone-profile.js';
import { PhoneChats, type PhoneChat, type PhoneLabel } from './phone-chats.js';
import { contactsOf, disappearingOf, STATUS_JID, statusExtrasOf } from './phone-status.js';
import { encryptPollVote, pollOf, type PhoneReply } from './phone-poll.js';
import {
  richOf,
  statusFromAck,
  textOf,
  timestampOf,
  type PhoneChatState,
  type PhoneMedia,
  type PhoneMessage,
} from './phone-message.js';

const RECONNECT_DELAY_MS = 200;
/** How many incoming stanzas' sender devices the phone remembers until their message is recorded. */
const SENDERS_KEPT = 2_000;
/** Sent messages whose content the phone keeps for retry receipts. */
const SENT_CONTENT_KEPT = 2_000;
/** How many of a phone's messages are saved with the simulator's state (the latest). */
const MESSAGES_SAVED = 1_000;

/** What the phone keeps about a message besides what its inbox shows. */
export interface MessageRef {
  /** The sender's device jid as the message came (a retry receipt goes back to it). */
  sender?: string;
  participant?: string;
  /** Where the file of a media message is, and its key. */
  media?: MediaRef;
  /** A poll's `messageSecret` (base64): what the phone encrypts its votes with. */
  pollSecret?: string;
}

/** What the simulator keeps of a phone across restarts: its Baileys auth state and its messages. */
export interface PhoneState {
  creds: AuthenticationCreds;
  /** Signal keys and sessions as `[type/id, value]`. */
  keys: [string, unknown][];
  messages: PhoneMessage[];
  /** Per message id (of the saved messages). */
  refs?: [string, MessageRef][];
  /** The group notifications it saw (the latest). */
  groupEvents?: PhoneGroupEvent[];
  /** Its chat list's app state (archived, pinned, muted, marked unread, deleted, labels). */
  chats?: PhoneChat[];
  labels?: PhoneLabel[];
}

/** What a phone needs from its simulator. */
export interface PhoneEnvironment {
  /** The simulator's websocket URL. */
  url: string;
  logger: SimLogger;
  media: {
    /** Trusts the simulator's media CA only: Baileys uploads with it, the phone downloads with it. */
    agent: Agent;
    /** `host:port` of the media host now. */
    authority(): string;
  };
  /** The phone number jid behind a LID user jid (what a phone's contacts and group lists tell it). */
  pnOfLid?(lid: string): string | undefined;
}

/** A media message a phone sends. */
export interface PhoneMediaInput {
  kind: PhoneSendableKind;
  data: Buffer;
  mimetype: string;
  caption?: string;
  fileName?: string;
}

/** Who sent a received message: in a group, the member's phone-number jid when the stanza named it. */
function senderOf(msg: WAMessage): string {
  const alt = msg.key.participantAlt;
  if (msg.key.participant && alt?.endsWith(`@${PN_SERVER}`)) return jidNormalizedUser(alt);
  return jidNormalizedUser(msg.key.participant || msg.key.remoteJid || '');
}

/** Credentials for an account's primary device (device 0), made by the simulator. */
export function createPhoneCredentials(number: string, lid: string, name: string): AuthenticationCreds {
  const creds = initAuthCreds();
  const details = Buffer.from(
    proto.ADVDeviceIdentity.encode({
      rawId: 0,
      timestamp: Math.floor(Date.now() / 1000),
      keyIndex: 0,
    }).finish(),
  );
  const identity = creds.signedIdentityKey;
  creds.me = { id: `${number}@${PN_SERVER}`, lid: `${lid}@${LID_SERVER}`, name };
  creds.registered = true;
  creds.platform = 'android';
  creds.account = {
    details,
    accountSignatureKey: identity.public,
    accountSignature: Curve.sign(
      identity.private,
      Buffer.concat([Buffer.from([6, 0]), details, identity.public]),
    ),
    deviceSignature: Curve.sign(
      identity.private,
      Buffer.concat([Buffer.from([6, 1]), details, identity.public, identity.public]),
    ),
  };
  return creds;
}

/** The server-side record of the phone device, from its credentials. */
export function phoneDevice(creds: AuthenticationCreds): Device {
  return {
    id: 0,
    noisePublicKey: creds.noiseKey.public,
    identityKey: creds.signedIdentityKey.public,
    bundle: {
      registration: encodeBigEndian(creds.registrationId),
      identity: creds.signedIdentityKey.public,
      signedPreKey: xmppSignedPreKey(creds.signedPreKey),
      oneTimePreKeys: [],
    },
    platform: 'android',
    linkedAt: Date.now(),
  };
}

export type PhonePresence = 'available' | 'unavailable' | 'composing' | 'recording' | 'paused';

export interface PhoneEvents {
  message: [PhoneMessage];
  open: [];
  /** Its auth state or its messages changed (the simulator saves its state then). */
  changed: [];
}

/**
 * An account's phone: a real, unmodified Baileys client logged in as device 0, so everything it
 * sends and receives is Signal-encrypted end to end like any other device.
 */
export class SimulatedPhone extends EventEmitter<PhoneEvents> {
  private socket?: WASocket;
  private readonly auth: MemoryAuthState;
  private readonly log: PhoneMessage[] = [];
  private readonly byId = new Map<string, PhoneMessage>();
  private readonly refs = new Map<string, MessageRef>();
  /**
   * The content of the latest messages this phone sent, for a recipient's retry receipt (Baileys'
   * own recent cache misses 1:1 retries, whose key names the retrying device: wire notes section 5).
   */
  private readonly sentContent = new Map<string, proto.IMessage>();
  /**
   * The sender device of each incoming `<message>` by id, as the stanza named it: Baileys hands
   * events a key with the device part stripped, but a retry receipt must go to that device.
   */
  private readonly senders = new Map<string, { from: string; participant?: string }>();
  /** Own messages the server refused (error ack) before the phone recorded them. */
  private readonly refusedEarly = new Set<string>();
  /** Ids this phone sent itself; other `fromMe` messages came from the account's companions. */
  private readonly sentHere = new Set<string>();
  private stopped = false;
  private openNow = false;
  /** The latest chat state each contact showed in each chat (`chat from` as the key). */
  private readonly chatStateLog = new Map<string, PhoneChatState>();

  private readonly logger: SimLogger;
  /** Groups through the phone's own client, and the group events it saw. */
  readonly groups: PhoneGroups;
  /** The chat list's app state, as the phone's client decoded the account's synced patches. */
  private readonly chatList: PhoneChats;
  /** The phone's profile, and others' as its client reads them. */
  readonly profile: PhoneProfile;

  constructor(
    readonly account: Account,
    creds: AuthenticationCreds,
    private readonly env: PhoneEnvironment,
    /** Keys and messages of an earlier run (`toState()`), to come back as the same phone. */
    saved?: Omit<PhoneState, 'creds'>,
  ) {
    super();
    this.logger = env.logger;
    this.auth = makeMemoryAuthState(creds, { keys: saved?.keys, onChange: () => this.emit('changed') });
    this.groups = new PhoneGroups(
      () => this.requireSocket(),
      () => this.emit('changed'),
      saved?.groupEvents,
      env.pnOfLid,
    );
    this.chatList = new PhoneChats(saved);
    this.profile = new PhoneProfile(
      () => this.requireSocket(),
      () => account.pnJid,
      env.media.agent,
    );
    for (const [id, ref] of saved?.refs ?? []) this.refs.set(id, ref);
    for (const m of saved?.messages ?? []) {
      this.log.push(m);
      this.byId.set(m.id, m);
      // a download the last run did not finish
      const media = this.refs.get(m.id)?.media;
      if (m.media?.state === 'pending' && media) void this.checkMedia(m, media);
    }
  }

  toState(): PhoneState {
    const messages = this.log.slice(-MESSAGES_SAVED);
    return {
      creds: this.auth.state.creds,
      keys: this.auth.keyEntries(),
      messages,
      refs: messages.flatMap((m) => {
        const ref = this.refs.get(m.id);
        return ref ? [[m.id, ref] as [string, MessageRef]] : [];
      }),
      groupEvents: this.groups.toState(),
      ...this.chatList.toState(),
    };
  }

  get isOnline(): boolean {
    return this.openNow;
  }

  async start(): Promise<void> {
    this.stopped = false;
    // the app-state key the phone shares with its linked devices (made once, kept with its creds)
    const had = this.auth.state.creds.myAppStateKeyId;
    if ((await ensureAppStateKey(this.auth.state)) !== had) this.emit('changed');
    const opened = new Promise<void>((resolve) => this.once('open', resolve));
    this.connect();
    return opened;
  }

  /** The APP_STATE_SYNC_KEY_SHARE message that gives a linked device the phone's app-state key. */
  appStateKeyShare(): Promise<proto.IMessage> {
    return appStateKeyShare(this.auth.state);
  }

  /** The chat list's app state (archived, pinned, muted, marked unread, deleted, labels). */
  chats(): PhoneChat[] {
    return this.chatList.list();
  }

  /** The labels the account's devices made. */
  labels(): PhoneLabel[] {
    return this.chatList.labels();
  }

  /**
   * An app-state change made on the phone (labels: Baileys `addLabel`, `addChatLabel`,
   * `removeChatLabel`), pushed as WhatsApp's own app does; the account's linked devices resync it.
   */
  async appStateChange(mod: ChatModification, jid: string): Promise<void> {
    await this.requireSocket().chatModify(mod, jid);
  }

  /**
   * Resolves with what `check` finds once it finds something (now or after a later change of the
   * phone's state), or rejects after `timeoutMs`.
   */
  waitForState<T>(check: () => T | undefined, timeoutMs = 15_000): Promise<T> {
    const now = check();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const onChange = () => {
        const found = check();
        if (found === undefined) return;
        clearTimeout(timer);
        this.off('changed', onChange);
        resolve(found);
      };
      const timer = setTimeout(() => {
        this.off('changed', onChange);
        reject(
          new Error(`phone ${this.account.number}: the awaited state did not come within ${timeoutMs} ms`),
        );
      }, timeoutMs).unref();
      this.on('changed', onChange);
    });
  }

  stop(): void {
    this.stopped = true;
    this.socket?.end(undefined);
    this.socket = undefined;
    this.openNow = false;
  }

  messages(): PhoneMessage[] {
    return [...this.log];
  }

  /** Where the file of a media message the phone has is on the media host (its url, path and key). */
  mediaRef(id: string): MediaRef | undefined {
    return this.refs.get(id)?.media;
  }

  /** The latest chat state (typing, recording, paused) each contact showed in each chat. */
  chatStates(): PhoneChatState[] {
    return [...this.chatStateLog.values()].map((c) => ({ ...c }));
  }

  /** Resolves with the first message (seen already, or a later new one or status change) that matches. */
  waitForMessage(match: (m: PhoneMessage) => boolean, timeoutMs = 15_000): Promise<PhoneMessage> {
    const seen = this.log.find(match);
    if (seen) return Promise.resolve({ ...seen });
    return new Promise((resolve, reject) => {
      const onMessage = (m: PhoneMessage) => {
        if (!match(m)) return;
        clearTimeout(timer);
        this.off('message', onMessage);
        resolve({ ...m });
      };
      const timer = setTimeout(() => {
        this.off('message', onMessage);
        reject(new Error(`phone ${this.account.number}: no matching message within ${timeoutMs} ms`));
      }, timeoutMs).unref();
      this.on('message', onMessage);
    });
  }

  /** Sends a text as the phone; resolves once the server acknowledged it. */
  async sendText(to: string, text: string): Promise<PhoneMessage> {
    const socket = this.requireSocket();
    const messageId = generateMessageIDV2(this.auth.state.creds.me?.id);
    this.sentHere.add(messageId);
    const sent = await socket.sendMessage(to, { text }, { messageId });
    if (!sent) throw new Error('send failed');
    return this.record(sent, 'out', 'notify');
  }

  /**
   * Sends a media message as the phone: Baileys encrypts the file as WhatsApp does (a random
   * mediaKey, HKDF, AES-CBC and a truncated HMAC), uploads it to the media host and sends the
   * message with its URL, direct path, key and hashes (and a JPEG thumbnail for images).
   */
  async sendMedia(to: string, input: PhoneMediaInput): Promise<PhoneMessage> {
    const socket = this.requireSocket();
    const messageId = generateMessageIDV2(this.auth.state.creds.me?.id);
    this.sentHere.add(messageId);
    const sent = await socket.sendMessage(to, mediaMessageContent(input.kind, input.data, input), {
      messageId,
    });
    if (!sent) throw new Error('send failed');
    const entry = this.record(sent, 'out', 'notify');
    if (entry.media) {
      // the phone had the file itself: no need to download it back
      entry.media = {
        ...entry.media,
        state: 'ready',
        size: input.data.length,
        sha256: createHash('sha256').update(input.data).digest('hex'),
      };
      this.emit('message', entry);
      this.emit('changed');
    }
    return { ...entry };
  }

  /**
   * The decrypted file of a media message the phone has (received or sent), downloaded from the
   * media host again and checked as it streams.
   */
  async openMedia(id: string): Promise<{ message: PhoneMessage; media: PhoneMedia; stream: Readable }> {
    const message = this.byId.get(id);
    if (!message) throw new SimError('unknown_message', `phone ${this.account.number} has no message ${id}`);
    const ref = this.refs.get(id)?.media;
    if (!message.media || !ref) throw new SimError('not_media', `message ${id} is not a media message`);
    if (message.media.state === 'failed')
      throw new SimError('media_unavailable', `message ${id}: ${message.media.error ?? 'download failed'}`);
    try {
      const stream = await downloadMedia(ref, this.env.media.authority(), this.env.media.agent);
      return { message: { ...message }, media: { ...message.media }, stream };
    } catch (err) {
      throw new SimError('media_unavailable', `message ${id}: ${(err as Error).message}`);
    }
  }

  /**
   * Answers a received message with a retry receipt, as a phone does when it cannot decrypt one:
   * its sender must send it again (from Baileys' recent-message cache or `getMessage`). `retry`
   * on the message then counts what came back.
   */
  async requestRetry(id: string): Promise<PhoneMessage> {
    const socket = this.requireSocket();
    const message = this.byId.get(id);
    if (!message) throw new SimError('unknown_message', `phone ${this.account.number} has no message ${id}`);
    if (message.direction !== 'in')
      throw new SimError('not_received', `message ${id} was sent by this account, not received`);
    const ref = this.refs.get(id);
    const count = (message.retry?.requested ?? 0) + 1;
    await socket.sendNode({
      tag: 'receipt',
      attrs: {
        id,
        type: 'retry',
        to: ref?.sender ?? message.chat,
        ...(ref?.participant ? { participant: ref.participant } : {}),
      },
      content: [
        {
          tag: 'retry',
          attrs: { count: String(count), id, t: String(message.timestamp), v: '1', error: '0' },
        },
        { tag: 'registration', attrs: {}, content: encodeBigEndian(this.auth.state.creds.registrationId) },
      ],
    });
    message.retry = {
      requested: count,
      resent: message.retry?.resent ?? 0,
      undecryptable: message.retry?.undecryptable ?? 0,
    };
    this.emit('message', message);
    this.emit('changed');
    return { ...message };
  }

  /** Marks received messages read, which sends read receipts to their senders. */
  async markRead(ids: string[]): Promise<PhoneMessage[]> {
    const socket = this.requireSocket();
    const targets = this.log.filter((m) => m.direction === 'in' && ids.includes(m.id));
    await socket.readMessages(
      targets.map((m) => {
        // a group message's receipt names its sender device (`participant`)
        const participant = this.refs.get(m.id)?.participant;
        return { remoteJid: m.chat, id: m.id, fromMe: false, ...(participant ? { participant } : {}) };
      }),
    );
    for (const m of targets) this.update(m, 'read');
    return targets;
  }

  /** Reacts to a message the phone has (an empty emoji takes its reaction off). */
  async react(id: string, emoji: string): Promise<PhoneMessage> {
    const target = this.requireMessage(id);
    await this.sendAction(target.chat, { react: { text: emoji, key: this.keyOf(target) } });
    return { ...this.byId.get(id)! };
  }

  /** Edits a text message the phone sent earlier (the receiving devices get a MESSAGE_EDIT). */
  async edit(id: string, text: string): Promise<PhoneMessage> {
    const target = this.requireOwn(id);
    await this.sendAction(target.chat, { edit: this.keyOf(target), text });
    return { ...this.byId.get(id)! };
  }

  /** Deletes a message the phone sent for everyone (a REVOKE). */
  async revoke(id: string): Promise<PhoneMessage> {
    const target = this.requireOwn(id);
    await this.sendAction(target.chat, { delete: this.keyOf(target) });
    return { ...this.byId.get(id)! };
  }

  /**
   * Votes on a poll the phone has (received or sent): `options` by name (none takes the vote
   * back), at most the poll's selectable count. The vote goes as WhatsApp clients send it: a
   * `pollUpdateMessage` encrypted with the poll's `messageSecret` (see phone-poll.ts).
   */
  async vote(id: string, options: string[]): Promise<PhoneMessage> {
    const socket = this.requireSocket();
    const target = this.requireMessage(id);
    const poll = target.poll;
    const secret = this.refs.get(id)?.pollSecret;
    if (!poll) throw new SimError('not_a_poll', `message ${id} is not a poll`);
    if (!secret)
      throw new SimError('not_a_poll', `poll ${id} came without its messageSecret: it cannot be voted on`);
    const unknown = options.filter((o) => !poll.options.includes(o));
    if (unknown.length)
      throw new SimError(
        'invalid_vote',
        `poll ${id} has no option ${unknown.map((o) => `"${o}"`).join(', ')}`,
      );
    const picked = [...new Set(options)];
    if (poll.selectableCount > 0 && picked.length > poll.selectableCount)
      throw new SimError('invalid_vote', `poll ${id} takes at most ${poll.selectableCount} option(s)`);
    const me = this.account.pnJid;
    const vote = encryptPollVote(picked, {
      pollId: id,
      pollCreatorJid: target.direction === 'in' ? target.from : me,
      voterJid: me,
      secret: Buffer.from(secret, 'base64'),
    });
    const message: proto.IMessage = {
      pollUpdateMessage: {
        pollCreationMessageKey: this.keyOf(target),
        vote,
        senderTimestampMs: Date.now(),
      },
    };
    await socket.relayMessage(target.chat, message, {
      messageId: generateMessageIDV2(this.auth.state.creds.me?.id),
    });
    target.poll = { ...poll, myVote: picked };
    this.emit('message', target);
    this.emit('changed');
    return { ...target };
  }

  /**
   * Answers a message with what a list row, a button or a template button sends back
   * (`listResponseMessage`, `buttonsResponseMessage`, `templateButtonReplyMessage`), quoting it.
   */
  async answer(id: string, reply: Omit<PhoneReply, 'to'>): Promise<PhoneMessage> {
    const target = this.requireMessage(id);
    const contextInfo: proto.IContextInfo = {
      stanzaId: target.id,
      participant: target.direction === 'in' ? target.from : this.account.pnJid,
    };
    const title = reply.title ?? reply.id ?? '';
    const message: proto.IMessage =
      reply.kind === 'list'
        ? {
            listResponseMessage: {
              title,
              listType: proto.Message.ListResponseMessage.ListType.SINGLE_SELECT,
              singleSelectReply: { selectedRowId: reply.id ?? '' },
              contextInfo,
            },
          }
        : reply.kind === 'buttons'
          ? {
              buttonsResponseMessage: {
                selectedButtonId: reply.id ?? '',
                selectedDisplayText: title,
                type: proto.Message.ButtonsResponseMessage.Type.DISPLAY_TEXT,
                contextInfo,
              },
            }
          : reply.kind === 'template'
            ? {
                templateButtonReplyMessage: {
                  selectedId: reply.id ?? '',
                  selectedDisplayText: title,
                  selectedIndex: 0,
                  contextInfo,
                },
              }
            : {
                interactiveResponseMessage: {
                  body: { text: title },
                  nativeFlowResponseMessage: {
                    name: 'quick_reply',
                    paramsJson: JSON.stringify({ id: reply.id ?? '' }),
                    version: 1,
                  },
                  contextInfo,
                },
              };
    const socket = this.requireSocket();
    const messageId = generateMessageIDV2(this.auth.state.creds.me?.id);
    this.sentHere.add(messageId);
    const full = proto.WebMessageInfo.fromObject({
      key: { remoteJid: target.chat, fromMe: true, id: messageId },
      message,
      messageTimestamp: Math.floor(Date.now() / 1000),
    }) as WAMessage;
    await socket.relayMessage(target.chat, message, { messageId });
    return { ...this.record(full, 'out', 'notify') };
  }

  /**
   * Posts a text status to status@broadcast for `recipients` (default: the people of its 1:1
   * chats), with a background colour and font as WhatsApp's status editor sets them.
   */
  async postStatus(
    text: string,
    style: { backgroundColor?: string; font?: number } = {},
    recipients?: string[],
  ): Promise<PhoneMessage> {
    const socket = this.requireSocket();
    const audience = recipients?.length ? recipients : contactsOf(this.log, this.account.pnJid);
    if (!audience.length)
      throw new SimError(
        'invalid_recipient',
        `phone ${this.account.number} has no contacts to post a status to`,
      );
    const messageId = generateMessageIDV2(this.auth.state.creds.me?.id);
    this.sentHere.add(messageId);
    const sent = await socket.sendMessage(STATUS_JID, { text }, {
      messageId,
      statusJidList: audience,
      ...(style.backgroundColor ? { backgroundColor: style.backgroundColor } : {}),
      ...(style.font !== undefined ? { font: style.font } : {}),
    } as Parameters<WASocket['sendMessage']>[2]);
    if (!sent) throw new Error('send failed');
    return { ...this.record(sent, 'out', 'notify') };
  }

  /** Sends a poll (Baileys adds its messageSecret); resolves once the server acknowledged it. */
  async sendPoll(
    to: string,
    poll: { name: string; options: string[]; selectableCount?: number },
  ): Promise<PhoneMessage> {
    return this.sendContent(to, {
      poll: { name: poll.name, values: poll.options, selectableCount: poll.selectableCount ?? 0 },
    });
  }

  /** Sends a location pin; resolves once the server acknowledged it. */
  async sendLocation(
    to: string,
    location: { latitude: number; longitude: number; name?: string; address?: string },
  ): Promise<PhoneMessage> {
    return this.sendContent(to, {
      location: {
        degreesLatitude: location.latitude,
        degreesLongitude: location.longitude,
        ...(location.name ? { name: location.name } : {}),
        ...(location.address ? { address: location.address } : {}),
      },
    });
  }

  /** Sends one contact card or several (vCards); resolves once the server acknowledged it. */
  async sendContacts(
    to: string,
    contacts: { displayName?: string; contacts: { displayName?: string; vcard: string }[] },
  ): Promise<PhoneMessage> {
    return this.sendContent(to, {
      contacts: {
        ...(contacts.displayName ? { displayName: contacts.displayName } : {}),
        contacts: contacts.contacts.map((c) => ({
          // one card: WhatsApp shows the list's name as the card's
          ...((c.displayName ?? (contacts.contacts.length === 1 ? contacts.displayName : undefined))
            ? { displayName: c.displayName ?? contacts.displayName }
            : {}),
          vcard: c.vcard,
        })),
      },
    });
  }

  private async sendContent(to: string, content: AnyMessageContent): Promise<PhoneMessage> {
    const socket = this.requireSocket();
    const messageId = generateMessageIDV2(this.auth.state.creds.me?.id);
    this.sentHere.add(messageId);
    const sent = await socket.sendMessage(to, content, { messageId });
    if (!sent) throw new Error('send failed');
    return { ...this.record(sent, 'out', 'notify') };
  }

  /** Sends a reaction, an edit or a revoke and shows it on its target at once (as WhatsApp's own UI does). */
  private async sendAction(to: string, content: AnyMessageContent): Promise<void> {
    const socket = this.requireSocket();
    const sent = await socket.sendMessage(to, content);
    if (!sent) throw new Error('send failed');
    // Baileys upserts it too: onAction sets the same state again
    if (sent.message) this.onAction(sent);
  }

  private keyOf(m: PhoneMessage): proto.IMessageKey {
    const ref = this.refs.get(m.id);
    return {
      remoteJid: m.chat,
      id: m.id,
      fromMe: m.direction === 'out',
      ...(m.direction === 'in' && ref?.participant ? { participant: ref.participant } : {}),
    };
  }

  private requireMessage(id: string): PhoneMessage {
    const message = this.byId.get(id);
    if (!message) throw new SimError('unknown_message', `phone ${this.account.number} has no message ${id}`);
    return message;
  }

  private requireOwn(id: string): PhoneMessage {
    const message = this.requireMessage(id);
    if (message.direction !== 'out')
      throw new SimError('not_sent', `message ${id} was received, not sent by this account`);
    if (message.revoked) throw new SimError('not_sent', `message ${id} was deleted already`);
    return message;
  }

  /**
   * Signal-encrypts a message from this phone (device 0) to a linked device of its own account,
   * as the `<enc>` of a peer message (history sync, wire notes section 3); the server delivers it.
   */
  async encryptForOwnDevice(device: number, message: proto.IMessage): Promise<BinaryNode> {
    const socket = this.requireSocket();
    const jid = `${this.account.number}:${device}@${PN_SERVER}`;
    await socket.assertSessions([jid], true);
    const { type, ciphertext } = await socket.signalRepository.encryptMessage({
      jid,
      data: encodeWAMessage(message),
    });
    return { tag: 'enc', attrs: { v: '2', type }, content: ciphertext };
  }

  async sendPresence(
    type: 'available' | 'unavailable' | 'composing' | 'recording' | 'paused',
    to?: string,
  ): Promise<void> {
    await this.requireSocket().sendPresenceUpdate(type, to);
  }

  private requireSocket(): WASocket {
    if (!this.socket || !this.openNow)
      throw new SimError('phone_offline', `phone ${this.account.number} is not connected`);
    return this.socket;
  }

  private connect(): void {
    const socket = makeWASocket({
      auth: this.auth.state,
      waWebSocketUrl: this.env.url,
      fetchAgent: this.env.media.agent,
      // Baileys is chatty; a phone's own logs only matter when debugging the simulator.
      logger: this.logger.child(
        { phone: this.account.number },
        { level: this.logger.isLevelEnabled('debug') ? this.logger.level : 'error' },
      ),
      printQRInTerminal: false,
      markOnlineOnConnect: false,
      shouldSyncHistoryMessage: () => false,
      fireInitQueries: false,
      getMessage: async (key) => (key.id ? this.sentContent.get(key.id) : undefined),
    });
    this.socket = socket;
    this.groups.attach(socket, () => this.socket === socket);
    socket.ws.on('CB:message', (stanza: BinaryNode) => {
      const { id, from, participant } = stanza.attrs;
      if (!id || !from) return;
      this.senders.set(id, { from, ...(participant ? { participant } : {}) });
      if (this.senders.size > SENDERS_KEPT) this.senders.delete(this.senders.keys().next().value!);
    });
    socket.ev.on('creds.update', this.auth.saveCreds);
    this.profile.attach(socket);
    // the push name a device set (app-state pushNameSetting, decoded by the phone's client): the
    // name WhatsApp shows the account's contacts from now on (`notify` on its messages)
    socket.ev.on('creds.update', ({ me }) => {
      const name = me?.name?.trim();
      if (socket !== this.socket || !name || name === this.account.name) return;
      this.account.name = name;
      this.emit('changed');
    });
    socket.ev.on('connection.update', ({ connection, lastDisconnect }) => {
      if (connection === 'open') {
        this.openNow = true;
        this.emit('open');
      }
      if (connection === 'close') {
        this.openNow = false;
        const code = (lastDisconnect?.error as { output?: { statusCode?: number } } | undefined)?.output
          ?.statusCode;
        if (!this.stopped && this.socket === socket && code !== DisconnectReason.loggedOut) {
          setTimeout(() => !this.stopped && this.socket === socket && this.connect(), RECONNECT_DELAY_MS);
        }
      }
    });
    socket.ev.on('messages.upsert', ({ messages, type }) => {
      for (const msg of messages) {
        if (!msg.key.id) continue;
        const known = this.byId.get(msg.key.id);
        // the server's error ack folded into the upsert of the phone's own message
        if (known && msg.key.fromMe && msg.status === proto.WebMessageInfo.Status.ERROR)
          this.update(known, 'failed');
        if (known?.retry && !msg.key.fromMe) {
          this.onSentAgain(known, msg);
          continue;
        }
        if (msg.message && disappearingOf(msg)) {
          this.record(msg, msg.key.fromMe ? 'out' : 'in', type === 'append' ? 'append' : 'notify');
          continue;
        }
        if (msg.message && this.onAction(msg)) continue;
        if (!msg.message || msg.message.protocolMessage) continue;
        this.record(msg, msg.key.fromMe ? 'out' : 'in', type === 'append' ? 'append' : 'notify');
      }
    });
    socket.ev.on('presence.update', ({ id, presences }) => {
      for (const [from, p] of Object.entries(presences)) {
        const state = p.lastKnownPresence;
        if (!state) continue;
        const chat = jidNormalizedUser(id);
        const who = jidNormalizedUser(from);
        this.chatStateLog.set(`${chat} ${who}`, { chat, from: who, state, at: Date.now() });
      }
    });
    // app state the account's devices synced (wire notes section 4), decoded by the phone's client
    socket.ev.on('chats.update', (updates) => {
      if (updates.map((u) => this.chatList.onUpdate(u)).some(Boolean)) this.emit('changed');
    });
    socket.ev.on('chats.delete', (ids) => {
      this.chatList.onDelete(ids);
      this.emit('changed');
    });
    socket.ev.on('labels.edit', (label) => {
      this.chatList.onLabelEdit(label);
      this.emit('changed');
    });
    socket.ev.on('labels.association', (association) => {
      this.chatList.onLabelAssociation(association);
      this.emit('changed');
    });
    socket.ev.on('messages.delete', (deleted) => {
      if (!('keys' in deleted)) return;
      const at = Math.floor(Date.now() / 1000);
      for (const key of deleted.keys) {
        const target = key.id ? this.byId.get(key.id) : undefined;
        if (!target || target.deletedForMe) continue;
        target.deletedForMe = { at };
        this.emit('message', target);
        this.emit('changed');
      }
    });
    socket.ev.on('messages.update', (updates) => {
      for (const { key, update } of updates) {
        const existing = key.id ? this.byId.get(key.id) : undefined;
        if (existing && typeof update.starred === 'boolean' && existing.starred !== update.starred) {
          existing.starred = update.starred;
          this.emit('message', existing);
          this.emit('changed');
        }
        const status = statusFromAck(update.status);
        if (existing && status) this.update(existing, status);
        // an error ack can overtake the send's own bookkeeping (record) of the message
        else if (key.id && key.fromMe && status === 'failed') this.refusedEarly.add(key.id);
      }
    });
  }

  private record(msg: WAMessage, direction: 'in' | 'out', delivery: 'notify' | 'append'): PhoneMessage {
    const id = msg.key.id!;
    if (direction === 'out' && msg.message && !this.sentContent.has(id)) {
      this.sentContent.set(id, msg.message);
      if (this.sentContent.size > SENT_CONTENT_KEPT)
        this.sentContent.delete(this.sentContent.keys().next().value!);
    }
    const existing = this.byId.get(id);
    if (existing) return existing;
    const chat = jidNormalizedUser(msg.key.remoteJid ?? '');
    const entry: PhoneMessage = {
      id,
      direction,
      chat,
      from: direction === 'in' ? senderOf(msg) : this.account.pnJid,
      text: textOf(msg.message),
      timestamp: timestampOf(msg),
      status: direction === 'in' ? 'received' : (statusFromAck(msg.status) ?? 'sent'),
      delivery,
      fromCompanion: direction === 'out' && !this.sentHere.has(id),
      ...(direction === 'in' && msg.pushName ? { pushName: msg.pushName } : {}),
      ...richOf(msg.message),
      ...statusExtrasOf(msg),
    };
    const stanza = this.senders.get(id);
    this.senders.delete(id);
    const ref: MessageRef = {
      ...(direction === 'in' ? { sender: stanza?.from ?? msg.key.remoteJid ?? undefined } : {}),
      ...(stanza?.participant ? { participant: stanza.participant } : {}),
    };
    const pollSecret = pollOf(msg.message?.deviceSentMessage?.message ?? msg.message)?.secret;
    if (pollSecret) ref.pollSecret = Buffer.from(pollSecret).toString('base64');
    const found = findMedia(msg.message);
    if (found) {
      const c = found.content;
      entry.media = {
        kind: found.kind,
        mimetype: c.mimetype ?? 'application/octet-stream',
        ...(c.caption ? { caption: c.caption } : {}),
        ...(c.fileName ? { fileName: c.fileName } : {}),
        fileLength: Number(c.fileLength ?? 0),
        hasThumbnail: !!c.jpegThumbnail?.length,
        state: 'pending',
      };
      if (c.mediaKey?.length) {
        ref.media = {
          ...(c.directPath ? { directPath: c.directPath } : {}),
          ...(c.url ? { url: c.url } : {}),
          mediaKey: Buffer.from(c.mediaKey),
          keyType: found.keyType,
          ...(c.fileSha256?.length ? { fileSha256: Buffer.from(c.fileSha256) } : {}),
          ...(c.fileEncSha256?.length ? { fileEncSha256: Buffer.from(c.fileEncSha256) } : {}),
        };
      } else {
        entry.media = { ...entry.media, state: 'failed', error: 'the message has no mediaKey' };
      }
    }
    if (this.refusedEarly.delete(id)) entry.status = 'failed';
    this.byId.set(id, entry);
    this.refs.set(id, ref);
    this.log.push(entry);
    this.emit('message', entry);
    this.emit('changed');
    if (ref.media && !this.sentHere.has(id)) void this.checkMedia(entry, ref.media);
    return entry;
  }

  /**
   * A reaction, an edit or a revoke of a message the phone has: shown on that message (true), or
   * not an action (false). An action on a message the phone never had is dropped.
   */
  private onAction(msg: WAMessage): boolean {
    const content = normalizeMessageContent(msg.message)!;
    // a poll vote (this phone's own, or one on its poll) is shown on the poll, not as a message
    if (content.pollUpdateMessage) return true;
    const sender = msg.key.fromMe
      ? this.account.pnJid
      : jidNormalizedUser(msg.key.participant || msg.key.remoteJid || '');
    const at = timestampOf(msg);
    const reaction = content.reactionMessage;
    if (reaction) {
      const target = reaction.key?.id ? this.byId.get(reaction.key.id) : undefined;
      if (!target) return true;
      const others = (target.reactions ?? []).filter((r) => r.from !== sender);
      target.reactions = reaction.text ? [...others, { from: sender, emoji: reaction.text, at }] : others;
      this.emit('message', target);
      this.emit('changed');
      return true;
    }
    const protocol = content.protocolMessage;
    const target = protocol?.key?.id ? this.byId.get(protocol.key.id) : undefined;
    if (!protocol || !target) return !!protocol;
    if (protocol.type === proto.Message.ProtocolMessage.Type.REVOKE) {
      target.revoked = { at };
    } else if (protocol.type === proto.Message.ProtocolMessage.Type.MESSAGE_EDIT && protocol.editedMessage) {
      target.edited = { previousText: target.edited?.previousText ?? target.text, at };
      target.text = textOf(protocol.editedMessage);
    } else return true;
    this.emit('message', target);
    this.emit('changed');
    return true;
  }

  /** Downloads, decrypts and checks a media message's file; the result lands in `media`. */
  private async checkMedia(entry: PhoneMessage, ref: MediaRef): Promise<void> {
    let update: Partial<PhoneMedia>;
    try {
      const decipher = await downloadMedia(ref, this.env.media.authority(), this.env.media.agent);
      await pipeline(decipher, new Writable({ write: (_chunk, _enc, done) => done() }));
      const { size, sha256 } = decipher.info!;
      const declared = entry.media?.fileLength;
      update =
        declared && declared !== size
          ? { state: 'failed', size, error: `fileLength says ${declared} bytes, the file has ${size}` }
          : { state: 'ready', size, sha256: sha256.toString('hex') };
    } catch (err) {
      update = { state: 'failed', error: (err as Error).message };
      this.logger.warn({ id: entry.id, err }, 'phone could not download a media message');
    }
    entry.media = { ...entry.media!, ...update };
    this.emit('message', entry);
    this.emit('changed');
  }

  /** The sender sent a message again after the phone's retry receipt. */
  private onSentAgain(entry: PhoneMessage, msg: WAMessage): void {
    const retry = entry.retry!;
    if (msg.message && !msg.message.protocolMessage) entry.retry = { ...retry, resent: retry.resent + 1 };
    else if (msg.messageStubType === proto.WebMessageInfo.StubType.CIPHERTEXT)
      entry.retry = { ...retry, undecryptable: retry.undecryptable + 1 };
    else return;
    this.emit('message', entry);
    this.emit('changed');
  }

  private update(entry: PhoneMessage, status: PhoneMessage['status']): void {
    const rank = ['failed', 'pending', 'sent', 'received', 'delivered', 'read', 'played'];
    // an error ack (the server refused it) fails a message not delivered yet
    const refused = status === 'failed' && (entry.status === 'pending' || entry.status === 'sent');
    if (!refused && rank.indexOf(status) <= rank.indexOf(entry.status)) return;
    entry.status = status;
    this.emit('message', entry);
    this.emit('changed');
  }
}
