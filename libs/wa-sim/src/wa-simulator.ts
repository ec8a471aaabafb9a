import { randomBytes } from 'node:crypto';
import { Agent as HttpsAgent } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import { WebSocketServer } from 'ws';
import { Curve, type BinaryNode, type KeyPair, type proto } from '@whiskeysockets/baileys';
import { Account, type Device } from './accounts/account.js';
import { AccountRegistry } from './accounts/account-registry.js';
import { LID_SERVER, normalisePhoneNumber, PN_SERVER } from './accounts/jids.js';
import { FaultInjector, type Fault } from './faults/fault-injector.js';
import { GroupMessageRouter } from './groups/group-message-router.js';
import { GroupRegistry } from './groups/group-registry.js';
import { GroupService } from './groups/group-service.js';
import type { GroupView, PhoneGroupEvent } from './groups/phone-groups.js';
import { simGroupView, type SimGroupView } from './groups/sim-group-view.js';
import { streamErrorFor } from './faults/stream-errors.js';
import { Mailboxes } from './messaging/mailbox.js';
import { MessageRouter } from './messaging/message-router.js';
import { decodeDataUrl } from './media/data-url.js';
import { MediaBlobStore } from './media/media-blob.store.js';
import { createMediaCa, type MediaCa } from './media/media-certificates.js';
import { MediaHost, type MediaHostStats } from './media/media-host.server.js';
import { DEFAULT_MIME, type PhoneSendableKind } from './media/media-kind.js';
import { encodeSimulatorTrust, makeCertificateChain, trustSimulator } from './noise/cert-chain.js';
import { PairingService } from './pairing/pairing-service.js';
import { decodeQrImage } from './pairing/qr-image.js';
import type { PhoneChatState, PhoneMedia, PhoneMessage } from './phone/phone-message.js';
import type { PhoneReply } from './phone/phone-poll.js';
import {
  createPhoneCredentials,
  phoneDevice,
  SimulatedPhone,
  type PhoneEnvironment,
  type PhonePresence,
} from './phone/simulated-phone.js';
import { PresenceService } from './presence/presence-service.js';
import { CallService, type SimCall } from './calls/call-service.js';
import { PreKeyService } from './prekeys/prekey-service.js';
import { SimError } from './sim-error.js';
import { createSimLogger, type SimLogger } from './sim-logger.js';
import { answeredIds, node, unixNow } from './stanza/nodes.js';
import { StanzaRouter } from './stanza/stanza-router.js';
import { SimStateFile, type SimState } from './state/sim-state-file.js';
import { StateSaver } from './state/state-saver.js';
import { ClientConnection, type ConnectionHost } from './transport/client-connection.js';
import { ConnectionRegistry } from './transport/connection-registry.js';
import { USyncService } from './usync/usync-service.js';
import { historyMessageId, historySyncMessage, pushNamesSyncMessage } from './history/history-sync.js';
import { AppStateService } from './app-state/app-state-service.js';
import { AppStateStore } from './app-state/app-state-store.js';
import type { PhoneChat, PhoneLabel } from './phone/phone-chats.js';
import { ProfileStore } from './profile/profile-store.js';
import { ProfileService } from './profile/profile-service.js';
import type { BusinessProfileRecord } from './profile/profile-store.js';
import type { PhoneProfileView } from './profile/phone-profile.js';
import { pictureBytes } from './profile/picture-bytes.js';

/** How soon after a link its device's login counts as the first (history sync is sent once). */
const HISTORY_SYNC_WINDOW_MS = 5 * 60_000;

const STOP_GRACE_MS = 1_000;
/** How long after a change the state is saved (changes in between go into the same save). */
const SAVE_DELAY_MS = 500;
/** Largest media upload by default (WhatsApp takes documents far larger; tests need less). */
const DEFAULT_MAX_MEDIA_BYTES = 256 * 1024 * 1024;

export interface WaSimulatorOptions {
  /** Loopback only by default; the simulator is never meant to face a network. */
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  logger?: SimLogger;
  /** Root key of the simulator's certificate chain; the saved one or a new one when absent. */
  rootKeyPair?: KeyPair;
  /**
   * Keep the network in `<stateDir>/state.json` (owner-only) and come back with it on the next
   * start: the certificate root, accounts, phones with their Signal keys, sessions and messages,
   * linked devices and offline queues, and the media host's CA, token, port and files (under
   * `<stateDir>/media`). A restarted simulator then still trusts and is trusted by the devices
   * linked before, and their media stays downloadable. Nothing is kept when unset.
   */
  stateDir?: string;
  /**
   * Port of the HTTPS media host; 0 picks a free one. With a stateDir and no mediaPort, the port
   * of the last run is taken again when free, so URLs in earlier messages keep working.
   */
  mediaPort?: number;
  /**
   * The name clients reach the media host by: advertised in `media_conn`, put in upload URLs and
   * in its certificate. Default: `host` when it is a specific address, else 127.0.0.1.
   */
  mediaHostname?: string;
  /** Largest media upload in bytes (default 256 MiB); larger ones are refused with 413. */
  maxMediaBytes?: number;
}

/** What a phone sends through `sendMediaFromPhone`. */
export interface PhoneMediaRequest {
  kind: PhoneSendableKind;
  /** The file as a `data:` URL. */
  data: string;
  /** Default: the data URL's type, else the usual one for the kind. */
  mimetype?: string;
  caption?: string;
  fileName?: string;
}

/** The simulator's media host and retry counters. */
export interface SimMediaStats extends MediaHostStats {
  /** Retry receipts routed to a sender device. */
  retryReceipts: number;
}

export interface PhoneView {
  number: string;
  lid: string;
  name: string;
  jid: string;
  lidJid: string;
  online: boolean;
  devices: { id: number; platform: string; online: boolean; linkedAt: string }[];
  /** The latest chat state (typing, recording, paused) each contact showed the phone, per chat. */
  chatStates: PhoneChatState[];
  /**
   * The chats whose app state the account's devices changed (archived, pinned, muted, marked
   * unread, deleted, labels), as the phone's own client decoded the synced patches.
   */
  chats: PhoneChat[];
  /** Labels the account's devices made (app state). */
  labels: PhoneLabel[];
  /** Calls the phone placed or received, newest first (`rejected` once a callee's device rejected it). */
  calls: SimCall[];
}

/**
 * A simulated WhatsApp network for unmodified Baileys clients: accounts with phones, QR and
 * pairing-code linking, login, prekeys, Signal-encrypted 1:1 messaging with receipts, offline
 * delivery, presence, and faults on demand.
 */
export class WaSimulator implements ConnectionHost {
  readonly logger: SimLogger;
  readonly serverStatic: KeyPair = Curve.generateKeyPair();
  readonly certificateChain: Buffer;
  readonly rootPublicKey: Buffer;

  readonly accounts = new AccountRegistry();
  readonly connections = new ConnectionRegistry();
  /** Call offers from phones and their rejections (`placeCall`, `callsOf`). */
  readonly calls = new CallService(this.accounts, this.connections);
  readonly faults = new FaultInjector();
  /** Groups and communities of the simulated network. */
  readonly groups = new GroupRegistry();
  private readonly mailboxes = new Mailboxes(this.connections);
  private readonly groupService: GroupService;
  private readonly groupMessages: GroupMessageRouter;
  private readonly pairing: PairingService;
  private readonly router: StanzaRouter;
  private readonly phones = new Map<string, SimulatedPhone>();
  /** Links (`number:device:linkedAt`) whose history sync was sent. */
  private readonly historySent = new Set<string>();
  /** Each account's app-state patches, and the links the phone shared its app-state key with. */
  private readonly appState = new AppStateStore();
  /** Profile pictures, about texts and business profiles of accounts and groups. */
  private readonly profileStore = new ProfileStore();
  /** `w:profile:picture`, `status` and `w:biz` (phones' side: `phone-profile.ts`). */
  readonly profiles: ProfileService;
  private readonly rootKeyPair: KeyPair;
  private readonly messageRouter: MessageRouter;
  /** The CA of the media host's certificate: clients trust it only when told to. */
  private readonly mediaCa: MediaCa;
  /** The upload token `media_conn` hands out. */
  private readonly mediaAuth: string;
  /** What the phones upload and download with: trusts the media CA and nothing else. */
  private readonly mediaAgent: HttpsAgent;
  private server?: WebSocketServer;
  private mediaHost?: MediaHost;
  private mediaStore?: MediaBlobStore;
  private untrust?: () => void;
  private saver?: StateSaver;

  private constructor(
    private readonly options: WaSimulatorOptions,
    saved?: SimState,
  ) {
    this.logger = options.logger ?? createSimLogger();
    this.rootKeyPair = options.rootKeyPair ?? saved?.rootKeyPair ?? Curve.generateKeyPair();
    this.mediaCa = saved?.mediaCa ?? createMediaCa();
    this.mediaAuth = saved?.media?.auth ?? randomBytes(24).toString('base64');
    this.mediaAgent = new HttpsAgent({ ca: this.mediaCa.certPem, keepAlive: true });
    const certs = makeCertificateChain(this.serverStatic.public, this.rootKeyPair);
    this.certificateChain = certs.chain;
    this.rootPublicKey = certs.rootPublicKey;
    this.pairing = new PairingService({
      onPaired: (account, device) =>
        this.logger.info({ number: account.number, device: device.id }, 'device linked'),
      // a business profile (`PUT …/profile/business`) makes it a WhatsApp Business account
      isBusiness: (account) => this.profiles.business(account) !== undefined,
    });
    this.messageRouter = new MessageRouter(this.accounts, this.mailboxes, this.logger);
    this.groupService = new GroupService(this.accounts, this.groups, this.mailboxes, this.logger);
    this.groupMessages = new GroupMessageRouter(this.accounts, this.groups, this.mailboxes, this.logger);
    this.profiles = new ProfileService({
      accounts: this.accounts,
      groups: this.groups,
      profiles: this.profileStore,
      mailboxes: this.mailboxes,
      blobs: () => this.mediaStore!,
      authority: () => this.mediaAuthority,
      logger: this.logger,
      changed: () => this.changed(),
    });
    this.router = new StanzaRouter({
      pairing: this.pairing,
      prekeys: new PreKeyService(this.accounts),
      usync: new USyncService(this.accounts, (account) => this.profiles.statusNode(account)),
      profiles: this.profiles,
      messages: this.messageRouter,
      presence: new PresenceService(this.accounts, this.connections),
      groups: this.groupService,
      groupMessages: this.groupMessages,
      resolveAccount: (n) => this.accounts.get(n),
      unlink: (account, deviceId) => this.unlinkDevice(account, deviceId),
      mediaConn: () => this.mediaHost!.mediaConn(),
      appState: new AppStateService(this.appState, this.mailboxes, this.logger, () => this.changed()),
      calls: this.calls,
    });
    // WhatsApp does not deliver a blocked user's messages to the account that blocked them
    this.messageRouter.blocks = (target, sender) => this.router.blocklists.blocks(target, sender);
  }

  /**
   * Starts listening. The simulator's phones are Baileys clients in this process, so this process
   * trusts the simulator (its Noise root and media CA, see `trustSimulator`); never embed it where
   * Baileys talks to real WhatsApp.
   */
  static async start(options: WaSimulatorOptions = {}): Promise<WaSimulator> {
    const file = options.stateDir ? new SimStateFile(options.stateDir) : undefined;
    const saved = await file?.load();
    const sim = new WaSimulator(options, saved);
    const host = options.host ?? '127.0.0.1';
    // the media host first: a client may ask for media_conn as soon as it is connected
    sim.mediaStore = await MediaBlobStore.open(options.stateDir);
    sim.mediaHost = await sim.startMediaHost(host, saved?.media?.port);
    const server = new WebSocketServer({ host, port: options.port ?? 0 });
    try {
      await new Promise<void>((resolve, reject) => {
        server.once('listening', resolve);
        server.once('error', reject);
      });
    } catch (err) {
      await sim.mediaHost.stop();
      await sim.mediaStore.close();
      sim.mediaAgent.destroy();
      throw err;
    }
    server.on('connection', (ws) => new ClientConnection(ws, sim));
    sim.server = server;
    sim.untrust = trustSimulator({ noiseRoot: sim.rootPublicKey, mediaCa: sim.mediaCa.certPem });
    if (file) {
      sim.saver = new StateSaver(
        () => file.save(sim.state()),
        SAVE_DELAY_MS,
        (err) => sim.logger.error({ err, file: file.path }, 'could not save the simulator state'),
      );
      if (saved) await sim.restore(saved);
      sim.saver.changed(); // a new network's root is kept from the start
    }
    return sim;
  }

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  /** What a Baileys client passes as `waWebSocketUrl`. */
  get url(): string {
    return `ws://127.0.0.1:${this.port}/ws/chat`;
  }

  /** PEM of the CA that issued the media host's certificate (what a client must trust for media). */
  get mediaCaPem(): string {
    return this.mediaCa.certPem;
  }

  /** `host:port` of the HTTPS media host, as `media_conn` advertises it. */
  get mediaAuthority(): string {
    return this.mediaHost!.authority;
  }

  /** The value for `WA_SIM_TRUST_ROOT`: the Noise root and the media CA (`decodeSimulatorTrust`). */
  get trustRoot(): string {
    return encodeSimulatorTrust({ noiseRoot: this.rootPublicKey, mediaCa: this.mediaCa.certPem });
  }

  get mediaStats(): SimMediaStats {
    return { ...this.mediaHost!.stats, retryReceipts: this.messageRouter.retryReceipts };
  }

  /**
   * Closes every socket with a websocket close handshake (clients that started closing get their
   * answer, so none waits for its 30 s close timeout), terminating stragglers after a second.
   */
  async stop(): Promise<void> {
    for (const phone of this.phones.values()) phone.stop();
    const clients = [...(this.server?.clients ?? [])];
    await Promise.all(
      clients.map(
        (ws) =>
          new Promise<void>((resolve) => {
            if (ws.readyState === ws.CLOSED) return resolve();
            const timer = setTimeout(() => ws.terminate(), STOP_GRACE_MS);
            ws.once('close', () => {
              clearTimeout(timer);
              resolve();
            });
            ws.close();
          }),
      ),
    );
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    await this.mediaHost?.stop();
    await this.saver?.close();
    await this.mediaStore?.close();
    this.mediaAgent.destroy();
    this.untrust?.();
  }

  // ---- phones -------------------------------------------------------------------------------

  /**
   * Registers an account and brings its phone (device 0) online. With `online: false` the phone
   * stays off: its keys are registered (others fetch its prekeys, message it, add it to groups)
   * and what is sent to it waits in its offline queue; no Baileys client runs for it, so large
   * groups cost little. A restored network brings it online.
   */
  async createPhone(input: { number: string; name?: string; online?: boolean }): Promise<PhoneView> {
    const number = normalisePhoneNumber(input.number);
    if (!number) throw new SimError('invalid_number', 'number must be 6 to 15 digits, country code first');
    if (this.accounts.get(number)) throw new SimError('phone_exists', `phone ${number} already exists`);
    const name = input.name?.trim() || `Sim ${number}`;
    // The account's identity key is the phone's own Signal identity, so the phone signs companions.
    const placeholderLid = '0';
    const creds = createPhoneCredentials(number, placeholderLid, name);
    const account = this.accounts.create(number, name, creds.signedIdentityKey);
    creds.me = { ...creds.me!, lid: account.lidJid };
    account.addDevice(phoneDevice(creds));
    const phone = this.addPhone(new SimulatedPhone(account, creds, this.phoneEnvironment()));
    this.changed();
    if (input.online !== false) await phone.start();
    return this.viewOf(account);
  }

  listPhones(): PhoneView[] {
    return this.accounts.list().map((a) => this.viewOf(a));
  }

  getPhone(number: string): PhoneView {
    return this.viewOf(this.requireAccount(number));
  }

  phone(number: string): SimulatedPhone {
    const account = this.requireAccount(number);
    return this.phones.get(account.number)!;
  }

  /** The phone scans a QR code (its text, or a `data:image/png;base64,` picture of it). */
  async scanQr(number: string, qr: string): Promise<{ number: string; device: number; jid: string }> {
    const account = this.requireAccount(number);
    const text = qr.trim().startsWith('data:image/') ? decodeQrImage(qr) : qr;
    const device = await this.pairing.scan(account, text);
    this.changed(); // a device id was handed out
    return { number: account.number, device: device.id, jid: account.jidFor(PN_SERVER, device.id) };
  }

  /** The phone's user types the pairing code a companion displays. */
  async enterPairingCode(number: string, code: string): Promise<void> {
    await this.pairing.enterCode(this.requireAccount(number), code);
  }

  /**
   * Messages delivered to the device and not yet answered by it (no receipt, no ack): WhatsApp
   * keeps them and delivers them again (`offline`) when the device next logs in.
   */
  unansweredMessages(number: string, device: number): number {
    return this.mailboxes.pending(normalisePhoneNumber(number) ?? number, device);
  }

  async sendFromPhone(number: string, to: string, text: string): Promise<PhoneMessage> {
    const phone = this.phone(number);
    return phone.sendText(this.recipientJid(to), text);
  }

  /** The phone sends a media message (encrypted, uploaded to the media host, then sent E2E). */
  async sendMediaFromPhone(number: string, to: string, request: PhoneMediaRequest): Promise<PhoneMessage> {
    const phone = this.phone(number);
    const jid = this.recipientJid(to);
    const { data, mimetype } = await decodeDataUrl(request.data);
    const max = this.options.maxMediaBytes ?? DEFAULT_MAX_MEDIA_BYTES;
    if (data.length > max)
      throw new SimError('media_too_large', `media is ${data.length} bytes, the limit is ${max}`);
    return phone.sendMedia(jid, {
      kind: request.kind,
      data,
      mimetype: request.mimetype ?? mimetype ?? DEFAULT_MIME[request.kind],
      ...(request.caption ? { caption: request.caption } : {}),
      ...(request.fileName ? { fileName: request.fileName } : {}),
    });
  }

  /** The decrypted file of one of the phone's media messages, streamed from the media host. */
  openPhoneMedia(
    number: string,
    id: string,
  ): Promise<{ message: PhoneMessage; media: PhoneMedia; stream: Readable }> {
    return this.phone(number).openMedia(id);
  }

  /** The phone asks the sender of a received message to send it again (a retry receipt). */
  requestRetry(number: string, id: string): Promise<PhoneMessage> {
    return this.phone(number).requestRetry(id);
  }

  messagesOf(number: string): PhoneMessage[] {
    return this.phone(number).messages();
  }

  markRead(number: string, ids: string[]): Promise<PhoneMessage[]> {
    return this.phone(number).markRead(ids);
  }

  /** The phone reacts to one of its messages (an empty emoji takes the reaction off). */
  reactFromPhone(number: string, id: string, emoji: string): Promise<PhoneMessage> {
    return this.phone(number).react(id, emoji);
  }

  /** The phone sends a poll. */
  sendPollFromPhone(
    number: string,
    to: string,
    poll: { name: string; options: string[]; selectableCount?: number },
  ): Promise<PhoneMessage> {
    const phone = this.phone(number);
    return phone.sendPoll(this.recipientJid(to), poll);
  }

  /** The phone votes on a poll it has (options by name; none takes its vote back). */
  voteFromPhone(number: string, id: string, options: string[]): Promise<PhoneMessage> {
    return this.phone(number).vote(id, options);
  }

  /** The phone answers a message as a list row, a button or a template button would. */
  answerFromPhone(number: string, id: string, reply: Omit<PhoneReply, 'to'>): Promise<PhoneMessage> {
    return this.phone(number).answer(id, reply);
  }

  /** The phone edits a text message it sent earlier. */
  editFromPhone(number: string, id: string, text: string): Promise<PhoneMessage> {
    return this.phone(number).edit(id, text);
  }

  /** The phone deletes a message it sent, for everyone. */
  revokeFromPhone(number: string, id: string): Promise<PhoneMessage> {
    return this.phone(number).revoke(id);
  }

  /** The phone sends a location pin. */
  sendLocationFromPhone(
    number: string,
    to: string,
    location: { latitude: number; longitude: number; name?: string; address?: string },
  ): Promise<PhoneMessage> {
    const phone = this.phone(number);
    return phone.sendLocation(this.recipientJid(to), location);
  }

  /** The phone sends one contact card or several (vCards). */
  sendContactsFromPhone(
    number: string,
    to: string,
    contacts: { displayName?: string; contacts: { displayName?: string; vcard: string }[] },
  ): Promise<PhoneMessage> {
    const phone = this.phone(number);
    return phone.sendContacts(this.recipientJid(to), contacts);
  }

  /** The phone `number` calls the account `to` (voice, or video): its devices are offered the call. */
  placeCall(number: string, to: string, video = false): Promise<SimCall> {
    const caller = this.requireAccount(number);
    const callee = this.accounts.resolveAccount(this.recipientJid(to));
    if (!callee || to.endsWith('@g.us')) throw new SimError('invalid_recipient', `cannot call ${to}`);
    return this.calls.offer(caller, callee.account, video);
  }

  /** The calls the phone `number` placed or received, newest first, with whether they were rejected. */
  callsOf(number: string): SimCall[] {
    return this.calls.list(this.requireAccount(number).number);
  }

  /** `available`/`unavailable` for everyone subscribed; the chat states need the partner `to`. */
  async sendPresence(number: string, type: PhonePresence, to?: string): Promise<void> {
    const phone = this.phone(number);
    if (type === 'available' || type === 'unavailable') return phone.sendPresence(type);
    if (!to) throw new SimError('invalid_recipient', `${type} needs the chat partner in "to"`);
    return phone.sendPresence(type, this.recipientJid(to));
  }

  /** Turns `5511...`, `...@c.us`, `...@s.whatsapp.net`, `...@lid` or a group's `...@g.us` into a jid the network knows. */
  recipientJid(to: string): string {
    const trimmed = to.trim();
    if (trimmed.endsWith('@g.us')) {
      const group = this.groups.get(trimmed);
      if (!group) throw new SimError('invalid_recipient', `unknown group ${to}`);
      return group.jid;
    }
    if (trimmed.endsWith('@lid')) {
      if (!this.accounts.resolveAccount(trimmed))
        throw new SimError('invalid_recipient', `unknown recipient ${to}`);
      return trimmed;
    }
    const number = normalisePhoneNumber(trimmed);
    if (!number)
      throw new SimError('invalid_recipient', `recipient must be a number or a user jid, got "${to}"`);
    if (!this.accounts.get(number))
      throw new SimError('invalid_recipient', `${number} is not on the simulated network`);
    return `${number}@${PN_SERVER}`;
  }

  // ---- groups -------------------------------------------------------------------------------
  // Phones act through their own Baileys client (the `w:g2` iqs every WhatsApp client sends);
  // group messages go through `sendFromPhone` & co. with a `…@g.us` recipient.

  /** The phone creates a group with these members (numbers or user jids) and is its superadmin. */
  createGroupFromPhone(number: string, subject: string, participants: string[]): Promise<GroupView> {
    return this.phone(number).groups.create(
      subject,
      participants.map((p) => this.memberJid(p)),
    );
  }

  /** The groups the phone is in, as its client fetches them (`groupFetchAllParticipating`). */
  groupsOfPhone(number: string): Promise<GroupView[]> {
    return this.phone(number).groups.list();
  }

  groupMetadataFromPhone(number: string, group: string): Promise<GroupView> {
    return this.phone(number).groups.metadata(this.groupJid(group));
  }

  /** The phone (an admin) adds, removes, promotes or demotes members: a status per member. */
  updateGroupParticipantsFromPhone(
    number: string,
    group: string,
    action: 'add' | 'remove' | 'promote' | 'demote',
    participants: string[],
  ): Promise<{ jid: string; status: string }[]> {
    return this.phone(number).groups.participants(
      this.groupJid(group),
      participants.map((p) => this.memberJid(p)),
      action,
    );
  }

  /** The phone changes the subject, description, announcement or locked setting. */
  updateGroupFromPhone(
    number: string,
    group: string,
    change: { subject?: string; description?: string; announce?: boolean; locked?: boolean },
  ): Promise<GroupView> {
    return this.phone(number).groups.update(this.groupJid(group), change);
  }

  /** The group's invite code as the phone (an admin) gets it, or a new one (`revoke`). */
  groupInviteFromPhone(number: string, group: string, revoke = false): Promise<string> {
    return this.phone(number).groups.inviteCode(this.groupJid(group), revoke);
  }

  /** The phone joins a group by invite code (or asks to, when joining needs approval). */
  joinGroupFromPhone(number: string, code: string): Promise<{ jid?: string; pending: boolean }> {
    return this.phone(number).groups.join(code);
  }

  /** What the phone learns from an invite code before joining. */
  groupInviteInfoFromPhone(number: string, code: string): Promise<GroupView> {
    return this.phone(number).groups.inviteInfo(code);
  }

  leaveGroupFromPhone(number: string, group: string): Promise<void> {
    return this.phone(number).groups.leave(this.groupJid(group));
  }

  /** The group notifications the phone received (created, updated, participants, join requests). */
  groupEventsOf(number: string): PhoneGroupEvent[] {
    return this.phone(number).groups.events();
  }

  /** Every group on the network, as the server holds it. */
  listGroups(): SimGroupView[] {
    return this.groups.list().map((g) => simGroupView(g, this.accounts));
  }

  getGroup(group: string): SimGroupView {
    const found = this.groups.get(this.groupJid(group));
    if (!found) throw new SimError('unknown_group', `no group ${group} on the simulated network`);
    return simGroupView(found, this.accounts);
  }

  /** `120363…` or `120363…@g.us` as a group jid (the group need not exist: WhatsApp answers for it). */
  private groupJid(group: string): string {
    const trimmed = group.trim();
    if (!/^\d{6,40}(@g\.us)?$/.test(trimmed))
      throw new SimError('invalid_recipient', `a group is its id or …@g.us jid, got "${group}"`);
    return trimmed.endsWith('@g.us') ? trimmed : `${trimmed}@g.us`;
  }

  /** A member as a user jid: `@lid` as given, anything else as a phone number (known or not). */
  private memberJid(member: string): string {
    const trimmed = member.trim();
    if (trimmed.endsWith('@lid')) return trimmed;
    const number = normalisePhoneNumber(trimmed);
    if (!number)
      throw new SimError('invalid_recipient', `a member is a number or a user jid, got "${member}"`);
    return `${number}@${PN_SERVER}`;
  }

  // ---- profiles -----------------------------------------------------------------------------
  // Phones change their own profile through their Baileys client (`w:profile:picture`, `status`);
  // what they see of others' is read through it too. Business accounts are made here (WhatsApp
  // registers them; the Business app then edits the profile like any device, `w:biz`).

  /** The phone sets its profile picture (a `data:` URL of an image; its client makes the 640 px JPEG). */
  async setPictureFromPhone(number: string, data: string): Promise<PhoneProfileView> {
    const phone = this.phone(number);
    const image = await pictureBytes(data, this.options.maxMediaBytes ?? DEFAULT_MAX_MEDIA_BYTES);
    await phone.profile.setPicture(image);
    return phone.profile.read(phone.account.pnJid);
  }

  async removePictureFromPhone(number: string): Promise<PhoneProfileView> {
    const phone = this.phone(number);
    await phone.profile.removePicture();
    return phone.profile.read(phone.account.pnJid);
  }

  /** The phone sets its about text. */
  async setAboutFromPhone(number: string, text: string): Promise<PhoneProfileView> {
    const phone = this.phone(number);
    await phone.profile.setAbout(text);
    return phone.profile.read(phone.account.pnJid);
  }

  /** Makes the account a WhatsApp Business account with this profile (null: a regular one again). */
  async setBusinessProfile(number: string, profile: BusinessProfileRecord | null): Promise<PhoneProfileView> {
    const phone = this.phone(number);
    this.profiles.setBusiness(phone.account, profile ?? undefined);
    return phone.profile.read(phone.account.pnJid);
  }

  /** An account's or a group's picture, about text and business profile, as the phone's client reads them. */
  readProfileFromPhone(number: string, jid: string): Promise<PhoneProfileView> {
    const phone = this.phone(number);
    return phone.profile.read(this.recipientJid(jid));
  }

  // ---- faults -------------------------------------------------------------------------------

  async injectFault(fault: Fault): Promise<{ affected: number; until?: number }> {
    switch (fault.type) {
      case 'disconnect': {
        const targets = this.socketsOf(fault.number, fault.device);
        targets.forEach((c) => c.terminate());
        return { affected: targets.length };
      }
      case 'stream-error': {
        const account = this.requireAccount(fault.number);
        const targets = this.socketsOf(fault.number, fault.device);
        if (fault.code === 401) {
          // a 401 means the device was unlinked: its credentials stop working
          for (const c of targets) if (c.login) this.unlinkDevice(account, c.login.device, false);
        }
        await Promise.all(targets.map((c) => c.streamError(streamErrorFor(fault.code))));
        return { affected: targets.length };
      }
      default: {
        if (fault.number) this.requireAccount(fault.number);
        return { affected: 0, ...this.faults.add(fault) };
      }
    }
  }

  // ---- ConnectionHost -----------------------------------------------------------------------

  outboundFault(connection: ClientConnection, stanza: BinaryNode): number | 'drop' | undefined {
    return this.faults.outbound(connection.login?.number, stanza);
  }

  onClose(connection: ClientConnection): void {
    this.pairing.forget(connection);
    this.connections.unbind(connection);
  }

  async onClientPayload(connection: ClientConnection, payload: proto.ClientPayload): Promise<void> {
    try {
      await this.login(connection, payload);
    } finally {
      this.changed(); // the device's offline queue was drained
    }
  }

  async onNode(connection: ClientConnection, stanza: BinaryNode): Promise<void> {
    const login = connection.login;
    const account = login ? this.accounts.get(login.number) : undefined;
    const device = login ? account?.devices.get(login.device) : undefined;
    // a receipt of any type, or an ack of a message, settles it for this device: not delivered again
    if (login && (stanza.tag === 'receipt' || (stanza.tag === 'ack' && stanza.attrs['class'] === 'message')))
      this.mailboxes.settle(login.number, login.device, answeredIds(stanza));
    try {
      await this.router.route(connection, stanza, { account, device });
    } finally {
      // prekeys uploaded or handed out, devices linked or unlinked, messages queued: saved soon
      this.changed();
    }
  }

  // ---- internals ----------------------------------------------------------------------------

  private async login(connection: ClientConnection, payload: proto.ClientPayload): Promise<void> {
    if (payload.devicePairingData) return this.pairing.begin(connection, payload);
    const number = payload.username?.toString() ?? '';
    const deviceId = payload.device ?? 0;
    const account = this.accounts.get(number);
    const device = account?.devices.get(deviceId);
    const keyMatches =
      !!device &&
      !!connection.clientStaticKey &&
      Buffer.from(device.noisePublicKey).equals(Buffer.from(connection.clientStaticKey));
    if (!account || !device || !keyMatches) {
      await connection.streamError(node('failure', { reason: '401', location: 'sim' }));
      return;
    }
    if (this.faults.loginRefused(number)) {
      await connection.streamError(node('failure', { reason: '503', location: 'sim' }));
      return;
    }
    connection.login = { number, device: deviceId };
    connection.deviceJid = account.jidFor(PN_SERVER, deviceId);
    const replaced = this.connections.bind(number, deviceId, connection);
    if (replaced) {
      this.logger.warn({ number, device: deviceId }, 'device logged in while another socket of it was live');
      await replaced.streamError(streamErrorFor(440));
    }
    await connection.send(
      node('success', {
        t: unixNow(),
        lid: account.jidFor('lid', deviceId),
        props: '1',
        abprops: '1',
        location: 'sim',
        creation: unixNow(),
      }),
    );
    const queued = this.mailboxes.drain(number, deviceId);
    // kept until the device answers them, like a live delivery (it may die before it does)
    this.mailboxes.awaitAnswers(number, deviceId, queued);
    for (const stanza of queued) await connection.send(stanza);
    await connection.send(node('ib', {}, [node('offline', { count: String(queued.length) })]));
    // a device linked just now gets its phone's app-state key, then its chats, live after the
    // offline queue, as WhatsApp does (wire notes sections 3 and 4); a device linked before the
    // phone shared keys (a restored network) gets the key at its next login
    if (deviceId !== 0) void this.afterCompanionLogin(account, device);
  }

  private async afterCompanionLogin(account: Account, device: Device): Promise<void> {
    const log = { number: account.number, device: device.id };
    await this.shareAppStateKey(account, device).catch((err: unknown) =>
      this.logger.warn({ err, ...log }, 'app-state key share to the device failed'),
    );
    if (Date.now() - device.linkedAt < HISTORY_SYNC_WINDOW_MS)
      await this.sendHistorySync(account, device).catch((err: unknown) =>
        this.logger.warn({ err, ...log }, 'history sync to the new device failed'),
      );
  }

  /**
   * The phone's APP_STATE_SYNC_KEY_SHARE to a linked device (once per link): the key its devices
   * encrypt app-state patches with, Signal-encrypted by the phone as a peer message.
   */
  private async shareAppStateKey(account: Account, device: Device): Promise<void> {
    const link = `${account.number}:${device.id}:${device.linkedAt}`;
    const phone = this.phones.get(account.number);
    if (!phone || this.appState.keyShared(link)) return;
    const enc = await phone.encryptForOwnDevice(device.id, await phone.appStateKeyShare());
    await this.mailboxes.deliver(
      account.number,
      device.id,
      node(
        'message',
        { from: account.pnJid, id: historyMessageId(), t: unixNow(), type: 'text', category: 'peer' },
        [enc],
      ),
    );
    this.appState.markKeyShared(link);
    this.changed();
    this.logger.debug({ number: account.number, device: device.id }, 'app-state key shared with the device');
  }

  /**
   * The phone's history sync to its newly linked device (once per link): the phone's chats with
   * their recent messages, Signal-encrypted by the phone, delivered as a peer message from the
   * account's own number (wire notes section 3). Nothing when the phone has no chats.
   */
  private async sendHistorySync(account: Account, device: Device): Promise<void> {
    const key = `${account.number}:${device.id}:${device.linkedAt}`;
    const phone = this.phones.get(account.number);
    if (!phone || this.historySent.has(key)) return;
    this.historySent.add(key);
    const messages = phone.messages();
    const chunks = [
      historySyncMessage(messages, { mediaOf: (id) => phone.mediaRef(id) }),
      pushNamesSyncMessage(this.pushNamesOf(messages)),
    ];
    for (const message of chunks) {
      if (!message) continue;
      const enc = await phone.encryptForOwnDevice(device.id, message);
      await this.mailboxes.deliver(
        account.number,
        device.id,
        node(
          'message',
          { from: account.pnJid, id: historyMessageId(), t: unixNow(), type: 'text', category: 'peer' },
          [enc],
        ),
      );
    }
    this.logger.debug({ number: account.number, device: device.id }, 'history sync sent to the new device');
  }

  /**
   * The push names a phone knows: those of the people who wrote to it or it wrote to (their
   * accounts' names), by phone-number jid.
   */
  private pushNamesOf(messages: readonly PhoneMessage[]): { id: string; pushname: string }[] {
    const names = new Map<string, string>();
    for (const m of messages) {
      for (const jid of [m.direction === 'in' ? m.from : undefined, m.chat]) {
        const found = jid ? this.accounts.resolveAccount(jid) : undefined;
        if (found?.account.name && !names.has(found.account.pnJid))
          names.set(found.account.pnJid, found.account.name);
      }
    }
    return [...names].map(([id, pushname]) => ({ id, pushname }));
  }

  private changed(): void {
    this.saver?.changed();
  }

  private addPhone(phone: SimulatedPhone): SimulatedPhone {
    this.phones.set(phone.account.number, phone);
    phone.on('changed', () => this.changed());
    return phone;
  }

  private phoneEnvironment(): PhoneEnvironment {
    return {
      url: this.url,
      logger: this.logger,
      media: { agent: this.mediaAgent, authority: () => this.mediaAuthority },
      pnOfLid: (lid) => {
        const found = this.accounts.resolveAccount(lid);
        return found?.server === LID_SERVER ? found.account.pnJid : undefined;
      },
    };
  }

  /** The media host, on the port asked for, else last run's (when still free), else a free one. */
  private async startMediaHost(host: string, savedPort: number | undefined): Promise<MediaHost> {
    const wildcard = host === '0.0.0.0' || host === '::';
    const options = {
      host,
      hostname: this.options.mediaHostname ?? (wildcard ? '127.0.0.1' : host),
      ca: this.mediaCa,
      auth: this.mediaAuth,
      maxBytes: this.options.maxMediaBytes ?? DEFAULT_MAX_MEDIA_BYTES,
      store: this.mediaStore!,
      logger: this.logger,
    };
    const port = this.options.mediaPort ?? savedPort ?? 0;
    try {
      return await MediaHost.start({ ...options, port });
    } catch (err) {
      if (this.options.mediaPort !== undefined || !port) throw err;
      this.logger.warn({ err, port }, 'media host port of the last run is taken: media URLs change');
      return MediaHost.start({ ...options, port: 0 });
    }
  }

  private state(): SimState {
    return {
      version: 1,
      rootKeyPair: this.rootKeyPair,
      mediaCa: this.mediaCa,
      media: { auth: this.mediaAuth, port: this.mediaHost?.port ?? 0 },
      accounts: this.accounts
        .list()
        .map((a) => ({ ...a.toState(), phone: this.phones.get(a.number)!.toState() })),
      mailboxes: this.mailboxes.entries(),
      groups: this.groups.toState(),
      appState: this.appState.toState(),
      profiles: this.profileStore.toState(),
    };
  }

  /** Brings back a saved network: its accounts, devices and queues, then its phones online. */
  private async restore(saved: SimState): Promise<void> {
    const phones = saved.accounts.map(({ phone, ...state }) => {
      const account = Account.fromState(state);
      this.accounts.add(account);
      return this.addPhone(new SimulatedPhone(account, phone.creds, this.phoneEnvironment(), phone));
    });
    this.mailboxes.restore(saved.mailboxes);
    this.groups.restore(saved.groups);
    this.appState.restore(saved.appState);
    this.profileStore.restore(saved.profiles);
    await Promise.all(phones.map((p) => p.start()));
    this.logger.info({ phones: phones.length }, 'simulated network restored');
  }

  private unlinkDevice(account: Account, deviceId: number, closeSockets = true): void {
    if (deviceId === 0) return; // the phone itself is never unlinked
    const linkedAt = account.devices.get(deviceId)?.linkedAt;
    account.removeDevice(deviceId);
    this.appState.forgetLink(`${account.number}:${deviceId}:${linkedAt}`);
    this.mailboxes.discard(account.number, deviceId);
    this.changed();
    if (closeSockets) this.connections.get(account.number, deviceId)?.close();
    this.logger.info({ number: account.number, device: deviceId }, 'device unlinked');
  }

  /** The given device's socket, or (device omitted) those of every linked device but the phone. */
  private socketsOf(number: string, device?: number): ClientConnection[] {
    this.requireAccount(number);
    return this.connections
      .forAccount(number)
      .filter((c) => (device === undefined ? c.login?.device !== 0 : c.login?.device === device));
  }

  private requireAccount(number: string): Account {
    const account = this.accounts.get(normalisePhoneNumber(number) ?? number);
    if (!account) throw new SimError('unknown_phone', `no phone ${number} on the simulated network`);
    return account;
  }

  private viewOf(account: Account): PhoneView {
    return {
      number: account.number,
      lid: account.lid,
      name: account.name,
      jid: account.pnJid,
      lidJid: account.lidJid,
      online: this.phones.get(account.number)?.isOnline ?? false,
      devices: [...account.devices.values()].map((d) => ({
        id: d.id,
        platform: d.platform,
        online: !!this.connections.get(account.number, d.id),
        linkedAt: new Date(d.linkedAt).toISOString(),
      })),
      chatStates: this.phones.get(account.number)?.chatStates() ?? [],
      chats: this.phones.get(account.number)?.chats() ?? [],
      labels: this.phones.get(account.number)?.labels() ?? [],
      calls: this.calls.list(account.number),
    };
  }
}
