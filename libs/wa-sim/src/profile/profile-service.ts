import { Readable } from 'node:stream';
import type { BinaryNode } from '@whiskeysockets/baileys';
import sharp from 'sharp';
import type { Account } from '../accounts/account.js';
import type { AccountRegistry } from '../accounts/account-registry.js';
import type { GroupRegistry } from '../groups/group-registry.js';
import { GroupIqError, iqError, notificationId } from '../groups/group-nodes.js';
import type { MediaBlobStore } from '../media/media-blob.store.js';
import type { Mailboxes } from '../messaging/mailbox.js';
import type { SimLogger } from '../sim-logger.js';
import { bytes, child, children, iqResult, node, unixNow } from '../stanza/nodes.js';
import type { BusinessProfileRecord, PictureRecord, ProfileRecord, ProfileStore } from './profile-store.js';

/** What an account shows as its about text until it sets one (WhatsApp's default). */
export const DEFAULT_ABOUT = 'Hey there! I am using WhatsApp.';
/** WhatsApp's longest about text. */
export const MAX_ABOUT_LENGTH = 139;
/** Largest picture accepted in a `w:profile:picture` set (Baileys sends a 640 px JPEG, well under). */
export const MAX_PICTURE_BYTES = 2 * 1024 * 1024;
/** The preview's width and height (what WhatsApp answers `type="preview"` with). */
const PREVIEW_SIZE = 96;

export interface ProfileServiceDeps {
  accounts: AccountRegistry;
  groups: GroupRegistry;
  profiles: ProfileStore;
  mailboxes: Mailboxes;
  /** The media host's files and `host:port` (pictures are served from it). */
  blobs: () => MediaBlobStore;
  authority: () => string;
  logger: SimLogger;
  /** The state changed: save it soon. */
  changed: () => void;
}

/** Who sent a query: the account and its device. */
export interface ProfileActor {
  account: Account;
  device: number;
}

const text = (n: BinaryNode | undefined): string | undefined => bytes(n)?.toString('utf8');

/** The media-host path a picture's file is served under (plain JPEG, as WhatsApp's pps host). */
export const picturePath = (blob: string): string => `/pp/${blob}.jpg`;

/**
 * Profiles as WhatsApp's server keeps them: pictures of accounts and groups (`w:profile:picture`
 * get, set and remove, with a `picture` notification to the contacts or members), about texts
 * (`status` set; read through usync's status protocol), and business profiles (`w:biz`).
 */
export class ProfileService {
  constructor(private readonly d: ProfileServiceDeps) {}

  // ---- pictures -------------------------------------------------------------------------------

  /** `<iq xmlns="w:profile:picture">`: a get answers the URL, a set changes or removes the picture. */
  async onPictureIq(actor: ProfileActor, iq: BinaryNode): Promise<BinaryNode> {
    try {
      if (iq.attrs['type'] === 'get') return iqResult(iq, [this.pictureOf(iq)]);
      const key = this.writableKey(actor, iq.attrs['target']);
      const picture = child(iq, 'picture');
      const image = bytes(picture);
      if (picture && !image) throw new GroupIqError(400, 'bad-request');
      const record = image ? await this.setPicture(key, actor.account, image) : this.removePicture(key);
      await this.notifyPicture(key, actor, record);
      return iqResult(iq, record ? [node('picture', { id: record.id })] : undefined);
    } catch (err) {
      if (err instanceof GroupIqError) return iqError(iq, err.code, err.text);
      throw err;
    }
  }

  /** The account's or group's picture record (undefined when none is set). */
  picture(jid: string): PictureRecord | undefined {
    const key = this.keyOf(jid);
    return key ? this.d.profiles.get(key)?.picture : undefined;
  }

  private pictureOf(iq: BinaryNode): BinaryNode {
    const target = iq.attrs['target'];
    const key = target ? this.keyOf(target) : undefined;
    if (!key) throw new GroupIqError(404, 'item-not-found');
    const picture = this.d.profiles.get(key)?.picture;
    if (!picture) throw new GroupIqError(404, 'item-not-found');
    const type = child(iq, 'picture')?.attrs['type'] === 'preview' ? 'preview' : 'image';
    const path = picturePath(type === 'preview' ? picture.preview : picture.image);
    return node('picture', {
      id: picture.id,
      type,
      url: `https://${this.d.authority()}${path}`,
      direct_path: path,
    });
  }

  /**
   * The record a set or remove changes: the actor's own (no target, or its own jid), or a group's
   * (admins only: 401 for other members, 403 for non-members, 404 for no such group). Nobody
   * changes another account's picture (401).
   */
  private writableKey(actor: ProfileActor, target: string | undefined): string {
    const own = actor.account.pnJid;
    if (!target) return own;
    if (target.endsWith('@g.us')) {
      const group = this.d.groups.get(target);
      if (!group) throw new GroupIqError(404, 'item-not-found');
      if (!group.isMember(actor.account.number)) throw new GroupIqError(403, 'forbidden');
      if (!group.isAdmin(actor.account.number)) throw new GroupIqError(401, 'not-authorized');
      return group.jid;
    }
    if (this.d.accounts.resolveAccount(target)?.account === actor.account) return own;
    throw new GroupIqError(401, 'not-authorized');
  }

  /** Stores an account's or group's picture with a new id; 400 when it is not an image. */
  async setPicture(key: string, by: Account, image: Buffer): Promise<PictureRecord> {
    if (image.length > MAX_PICTURE_BYTES) throw new GroupIqError(400, 'bad-request');
    let preview: Buffer;
    try {
      preview = await sharp(image)
        .rotate()
        .resize(PREVIEW_SIZE, PREVIEW_SIZE)
        .jpeg({ quality: 50 })
        .toBuffer();
    } catch {
      throw new GroupIqError(400, 'bad-request');
    }
    const store = async (data: Buffer) =>
      (await this.d.blobs().write(Readable.from([data]), MAX_PICTURE_BYTES, () => undefined)).id;
    const record: PictureRecord = {
      id: this.d.profiles.nextPictureId(),
      image: await store(image),
      preview: await store(preview),
      by: by.number,
      t: Math.floor(Date.now() / 1000),
    };
    this.d.profiles.update(key, (r) => (r.picture = record));
    this.d.changed();
    return record;
  }

  removePicture(key: string): undefined {
    this.d.profiles.update(key, (r) => delete r.picture);
    this.d.changed();
    return undefined;
  }

  /**
   * `<notification type="picture" from=jid>` with `<set id author>` or `<delete author>`: to every
   * member of a group, or (an account's own picture) to every account of the network, which has no
   * address books, so everyone counts as a contact; never to the device that made the change.
   */
  async notifyPicture(key: string, actor: ProfileActor, record: PictureRecord | undefined): Promise<void> {
    const group = key.endsWith('@g.us') ? this.d.groups.get(key) : undefined;
    const author = actor.account.pnJid;
    const change = record
      ? node('set', { jid: key, id: record.id, author })
      : node('delete', { jid: key, author });
    const stanza = node(
      'notification',
      { from: key, type: 'picture', id: notificationId(), t: unixNow(), notify: actor.account.name },
      [change],
    );
    const numbers = group ? group.members() : this.d.accounts.list().map((a) => a.number);
    for (const number of numbers) {
      const account = this.d.accounts.get(number);
      if (!account) continue;
      for (const device of account.devices.values()) {
        if (account === actor.account && device.id === actor.device) continue;
        await this.d.mailboxes
          .deliver(number, device.id, stanza)
          .catch((err: unknown) =>
            this.d.logger.warn({ err, number, device: device.id }, 'picture notification not delivered'),
          );
      }
    }
  }

  // ---- about ----------------------------------------------------------------------------------

  /** `<iq xmlns="status" type="set"><status>text</status></iq>`: the actor's about text. */
  onStatusIq(actor: ProfileActor, iq: BinaryNode): BinaryNode {
    const status = child(iq, 'status');
    if (iq.attrs['type'] !== 'set' || !status) return iqResult(iq);
    const about = text(status) ?? '';
    if ([...about].length > MAX_ABOUT_LENGTH) return iqError(iq, 400, 'bad-request');
    this.setAbout(actor.account, about);
    return iqResult(iq);
  }

  setAbout(account: Account, about: string): void {
    this.d.profiles.update(
      account.pnJid,
      (r) => (r.about = { text: about, t: Math.floor(Date.now() / 1000) }),
    );
    this.d.changed();
  }

  /** usync's `<status t>text</status>` of an account (WhatsApp's default text until one is set). */
  statusNode(account: Account): BinaryNode {
    const about = this.d.profiles.get(account.pnJid)?.about;
    return about
      ? node('status', { t: String(about.t) }, Buffer.from(about.text))
      : node('status', { t: '0' }, Buffer.from(DEFAULT_ABOUT));
  }

  about(account: Account): { text: string; t: number } | undefined {
    return this.d.profiles.get(account.pnJid)?.about;
  }

  // ---- business -------------------------------------------------------------------------------

  /**
   * `<iq xmlns="w:biz">`: a get answers `<business_profile>` with a `<profile>` per business
   * account asked about (none for others); a set changes the actor's profile (403 when the account
   * is not a business account).
   */
  onBizIq(actor: ProfileActor, iq: BinaryNode): BinaryNode {
    const request = child(iq, 'business_profile');
    if (!request) return iqResult(iq);
    if (iq.attrs['type'] === 'get') {
      const profiles = children(request, 'profile').flatMap((p) => {
        const found = this.d.accounts.resolveAccount(p.attrs['jid']);
        const business = found && this.d.profiles.get(found.account.pnJid)?.business;
        return business ? [businessNode(p.attrs['jid']!, business)] : [];
      });
      return iqResult(iq, [node('business_profile', { v: request.attrs['v'] }, profiles)]);
    }
    const current = this.business(actor.account);
    if (!current) return iqError(iq, 403, 'forbidden');
    const edit: Partial<BusinessProfileRecord> = {};
    for (const field of ['address', 'email', 'description'] as const) {
      const value = child(request, field);
      if (value) edit[field] = text(value) ?? '';
    }
    const websites = children(request, 'website');
    if (websites.length) edit.websites = websites.map((w) => text(w) ?? '').filter(Boolean);
    const hours = child(request, 'business_hours');
    if (hours)
      edit.hours = {
        ...(hours.attrs['timezone'] ? { timezone: hours.attrs['timezone'] } : {}),
        config: children(hours, 'business_hours_config').map((c) => ({ ...c.attrs })),
      };
    this.setBusiness(actor.account, { ...current, ...edit });
    return iqResult(iq);
  }

  business(account: Account): BusinessProfileRecord | undefined {
    return this.d.profiles.get(account.pnJid)?.business;
  }

  /** Makes the account a business account with this profile (undefined: a regular account again). */
  setBusiness(account: Account, profile: BusinessProfileRecord | undefined): void {
    this.d.profiles.update(account.pnJid, (r: ProfileRecord) => {
      if (profile) r.business = profile;
      else delete r.business;
    });
    this.d.changed();
  }

  /** The record key of an account (by PN or LID) or a group; undefined when neither exists. */
  private keyOf(jid: string): string | undefined {
    if (jid.endsWith('@g.us')) return this.d.groups.get(jid)?.jid;
    return this.d.accounts.resolveAccount(jid)?.account.pnJid;
  }
}

/** A business profile as WhatsApp's `w:biz` answers it (the fields Baileys reads). */
function businessNode(jid: string, b: BusinessProfileRecord): BinaryNode {
  const content: BinaryNode[] = [];
  const add = (tag: string, value: string | undefined) => {
    if (value !== undefined) content.push(node(tag, {}, Buffer.from(value)));
  };
  add('address', b.address);
  add('description', b.description ?? '');
  for (const website of b.websites) add('website', website);
  add('email', b.email);
  if (b.category)
    content.push(
      node('categories', {}, [node('category', { id: b.category.id }, Buffer.from(b.category.name))]),
    );
  if (b.hours)
    content.push(
      node(
        'business_hours',
        { timezone: b.hours.timezone },
        b.hours.config.map((c) => node('business_hours_config', c)),
      ),
    );
  return node('profile', { jid, tag: '0' }, content);
}
