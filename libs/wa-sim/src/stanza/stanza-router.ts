import type { CallService } from '../calls/call-service.js';
import type { BinaryNode } from '@whiskeysockets/baileys';
import type { Account, Device } from '../accounts/account.js';
import type { MessageRouter } from '../messaging/message-router.js';
import type { PairingService } from '../pairing/pairing-service.js';
import type { PresenceService } from '../presence/presence-service.js';
import type { PreKeyService } from '../prekeys/prekey-service.js';
import type { USyncService } from '../usync/usync-service.js';
import type { GroupMessageRouter } from '../groups/group-message-router.js';
import type { GroupService } from '../groups/group-service.js';
import type { ClientConnection } from '../transport/client-connection.js';
import { BlocklistService } from '../blocklist/blocklist-service.js';
import type { AppStateService } from '../app-state/app-state-service.js';
import type { ProfileService } from '../profile/profile-service.js';
import { child, firstChild, iqResult, node } from './nodes.js';

export interface StanzaContext {
  account?: Account;
  device?: Device;
}

export interface StanzaServices {
  pairing: PairingService;
  prekeys: PreKeyService;
  usync: USyncService;
  messages: MessageRouter;
  presence: PresenceService;
  /** `w:g2` queries and group notifications. */
  groups: GroupService;
  /** `<message>` and `<receipt>` to a `@g.us` chat. */
  groupMessages: GroupMessageRouter;
  resolveAccount(number: string): Account | undefined;
  /** The device asked to be unlinked (`remove-companion-device`). */
  unlink(account: Account, deviceId: number): void;
  /** The `<media_conn>` answer: upload token, its lifetime and the media host. */
  mediaConn(): BinaryNode;
  /** `w:sync:app:state`: app-state patches pushed and pulled. */
  appState: AppStateService;
  /** `<call>` from a device (a reject of an offer); absent: calls are ignored. */
  calls?: CallService;
  /** `w:profile:picture`, `status` and `w:biz`; absent: bare results. */
  profiles?: ProfileService;
}

const isGroupJid = (jid: string | undefined): boolean => !!jid?.endsWith('@g.us');

/** Dispatches every stanza from a client to the module that owns it. */
export class StanzaRouter {
  /** Each account's blocklist. */
  readonly blocklists = new BlocklistService();

  constructor(private readonly s: StanzaServices) {}

  async route(connection: ClientConnection, stanza: BinaryNode, ctx: StanzaContext): Promise<void> {
    switch (stanza.tag) {
      case 'iq':
        return this.onIq(connection, stanza, ctx);
      case 'message':
        if (ctx.account && ctx.device && isGroupJid(stanza.attrs['to'])) {
          await this.s.groupMessages.routeMessage(
            { account: ctx.account, device: ctx.device.id },
            stanza,
            (n) => connection.send(n),
          );
        } else if (ctx.account && ctx.device) {
          await this.s.messages.routeMessage({ account: ctx.account, device: ctx.device.id }, stanza, (n) =>
            connection.send(n),
          );
        }
        return;
      case 'receipt':
        if (ctx.account && ctx.device && isGroupJid(stanza.attrs['to'])) {
          await this.s.groupMessages.routeReceipt(
            { account: ctx.account, device: ctx.device.id },
            stanza,
            (n) => connection.send(n),
          );
        } else if (ctx.account && ctx.device) {
          await this.s.messages.routeReceipt({ account: ctx.account, device: ctx.device.id }, stanza, (n) =>
            connection.send(n),
          );
        }
        return;
      case 'presence':
        if (ctx.account) await this.s.presence.onPresence(ctx.account, stanza);
        return;
      case 'chatstate':
        if (ctx.account) await this.s.presence.onChatState(ctx.account, stanza);
        return;
      case 'call':
        if (ctx.account && ctx.device && this.s.calls)
          await this.s.calls.onCall(ctx.account, ctx.device.id, stanza, (n) => connection.send(n));
        return;
      default:
        // acks, notifications' acks: nothing to do
        return;
    }
  }

  private async onIq(connection: ClientConnection, iq: BinaryNode, ctx: StanzaContext): Promise<void> {
    const type = iq.attrs['type'];
    if (type === 'result' || type === 'error') {
      await this.s.pairing.onPairDeviceSign(connection, iq);
      return;
    }
    const xmlns = iq.attrs['xmlns'];
    const first = firstChild(iq);
    const send = (content?: BinaryNode[]) => connection.send(iqResult(iq, content));
    switch (xmlns) {
      case 'md':
        if (first?.tag === 'link_code_companion_reg') {
          return this.s.pairing.onLinkCodeStage(connection, iq, first, (n) => this.s.resolveAccount(n));
        }
        if (first?.tag === 'remove-companion-device' && ctx.account && ctx.device) {
          await send();
          this.s.unlink(ctx.account, ctx.device.id);
          return;
        }
        return send();
      case 'encrypt':
        if (first?.tag === 'count') return send([this.s.prekeys.count(ctx.device)]);
        if (first?.tag === 'digest') return send([this.s.prekeys.digest(ctx.device)]);
        if (first?.tag === 'key') return send([this.s.prekeys.bundles(first)]);
        if (first?.tag === 'rotate' && ctx.device) {
          this.s.prekeys.rotate(ctx.device, iq);
          return send();
        }
        if (type === 'set' && child(iq, 'list') && ctx.device) {
          this.s.prekeys.upload(ctx.device, iq);
          return send();
        }
        return send();
      case 'usync':
        return first ? send([this.s.usync.query(first)]) : send();
      case 'w:g2':
        if (!ctx.account || !ctx.device) return send();
        return connection.send(await this.s.groups.onIq({ account: ctx.account, device: ctx.device.id }, iq));
      case 'blocklist':
        return send([this.blocklists.onIq(ctx.account, iq)]);
      case 'w:sync:app:state':
        if (!ctx.account || !ctx.device) return send();
        return this.s.appState.onIq({ account: ctx.account, device: ctx.device.id }, iq, (n) =>
          connection.send(n),
        );
      case 'w:profile:picture':
        if (!ctx.account || !ctx.device || !this.s.profiles) return send();
        return connection.send(
          await this.s.profiles.onPictureIq({ account: ctx.account, device: ctx.device.id }, iq),
        );
      case 'status':
        if (!ctx.account || !ctx.device || !this.s.profiles) return send();
        return connection.send(
          this.s.profiles.onStatusIq({ account: ctx.account, device: ctx.device.id }, iq),
        );
      case 'w:biz':
        if (!ctx.account || !ctx.device || !this.s.profiles) return send();
        return connection.send(this.s.profiles.onBizIq({ account: ctx.account, device: ctx.device.id }, iq));
      case 'privacy':
        return send([node('privacy', {}, [node('category', { name: 'readreceipts', value: 'all' })])]);
      case 'w':
        return first?.tag === 'props' ? send([node('props', { protocol: '2', hash: 'sim' }, [])]) : send();
      case 'w:m':
        return first?.tag === 'media_conn' ? send([this.s.mediaConn()]) : send();
      case 'abt':
        return send([node('props', { protocol: '1', hash: 'sim' }, [])]);
      default:
        // keepalive pings (w:p), passive/active, stats, app state and anything else: a bare result,
        // or the client would wait for its query timeout.
        return send();
    }
  }
}
