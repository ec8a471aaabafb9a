import { randomBytes } from 'node:crypto';
import { S_WHATSAPP_NET, type BinaryNode } from '@whiskeysockets/baileys';
import type { Account } from '../accounts/account.js';
import { iqError } from '../groups/group-nodes.js';
import type { Mailboxes } from '../messaging/mailbox.js';
import type { SimLogger } from '../sim-logger.js';
import { bytes, child, children, iqResult, node, unixNow } from '../stanza/nodes.js';
import { APP_STATE_COLLECTIONS, AppStateConflict, type AppStateStore } from './app-state-store.js';

/** The most patches one sync answer carries; the rest follow with `has_more_patches`. */
const PATCHES_PER_REPLY = 200;

const isCollection = (name: string | undefined): name is string =>
  !!name && (APP_STATE_COLLECTIONS as readonly string[]).includes(name);

/**
 * `<iq xmlns="w:sync:app:state">` (wire notes section 4). A `<collection>` with `<patch>`es is a
 * push: stored when made on the current version (else 409), then every other device of the
 * account gets a `server_sync` notification (one collection each) and resyncs. A `<collection>`
 * without is a pull: the patches after its version, inline (no snapshots: Baileys would download
 * them from mmg.whatsapp.net), every requested collection echoed even when empty.
 */
export class AppStateService {
  constructor(
    private readonly store: AppStateStore,
    private readonly mailboxes: Mailboxes,
    private readonly logger: SimLogger,
    /** Called after a push was stored (the simulator saves its state). */
    private readonly onChange: () => void,
  ) {}

  async onIq(
    from: { account: Account; device: number },
    iq: BinaryNode,
    send: (reply: BinaryNode) => Promise<void>,
  ): Promise<void> {
    const number = from.account.number;
    const collections = children(child(iq, 'sync'), 'collection');
    const named = collections.map((c) => ({
      name: c.attrs['name'],
      version: Number(c.attrs['version'] ?? '0'),
      patches: children(c, 'patch').flatMap((p) => bytes(p) ?? []),
    }));
    const bad = named.find((c) => !isCollection(c.name) || !Number.isInteger(c.version) || c.version < 0);
    if (bad) return send(iqError(iq, 400, `bad collection ${String(bad.name)} version ${bad.version}`));
    const pushes = named.filter((c) => c.patches.length);
    for (const push of pushes) {
      const current = this.store.version(number, push.name!);
      if (push.version !== current) {
        this.logger.debug(
          { number, collection: push.name, base: push.version, current },
          'app-state push on an old version',
        );
        return send(iqError(iq, 409, 'conflict'));
      }
    }
    const reply: BinaryNode[] = [];
    const pushed: { name: string; version: number }[] = [];
    for (const c of named) {
      const name = c.name!;
      if (c.patches.length) {
        try {
          const version = this.store.push(number, name, c.version, c.patches);
          pushed.push({ name, version });
          reply.push(node('collection', { name, version: String(version) }));
        } catch (err) {
          if (err instanceof AppStateConflict) return send(iqError(iq, 409, 'conflict'));
          return send(iqError(iq, 400, `bad patch: ${(err as Error).message}`));
        }
        continue;
      }
      const { patches, more } = this.store.since(number, name, c.version, PATCHES_PER_REPLY);
      const version = Math.min(this.store.version(number, name), c.version + patches.length);
      reply.push(
        node(
          'collection',
          { name, version: String(version), ...(more ? { has_more_patches: 'true' } : {}) },
          patches.length
            ? [
                node(
                  'patches',
                  {},
                  patches.map((p) => node('patch', {}, p)),
                ),
              ]
            : undefined,
        ),
      );
    }
    if (pushed.length) this.onChange();
    await send(iqResult(iq, [node('sync', {}, reply)]));
    for (const { name, version } of pushed) {
      this.logger.debug({ number, device: from.device, collection: name, version }, 'app-state patch stored');
      await this.notifyOthers(from.account, from.device, name, version);
    }
  }

  /** `server_sync` to every other device of the account (queued for those offline). */
  private async notifyOthers(account: Account, pusher: number, name: string, version: number): Promise<void> {
    for (const id of account.devices.keys()) {
      if (id === pusher) continue;
      await this.mailboxes.deliver(
        account.number,
        id,
        node(
          'notification',
          {
            from: S_WHATSAPP_NET,
            type: 'server_sync',
            id: randomBytes(8).toString('hex').toUpperCase(),
            t: unixNow(),
          },
          [node('collection', { name, version: String(version) })],
        ),
      );
    }
  }
}
