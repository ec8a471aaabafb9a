import type { IncomingMessage } from 'node:http';
import { get, type Agent } from 'node:https';
import {
  getBinaryNodeChild,
  jidNormalizedUser,
  S_WHATSAPP_NET,
  type BaileysEventMap,
  type WASocket,
} from '@whiskeysockets/baileys';
import { SimError } from '../sim-error.js';

const DOWNLOAD_TIMEOUT_MS = 30_000;
/** Largest picture a phone downloads (WhatsApp's are a few hundred KB). */
const MAX_DOWNLOAD_BYTES = 8 * 1024 * 1024;

/** What a phone sees of someone's profile, through its own client. */
export interface PhoneProfileView {
  jid: string;
  /** The full picture (`id` changes on every set), downloaded from the media host; null when none. */
  picture: { id: string; url: string; mimetype: string; data: string } | null;
  /** The about text (usync status); null when hidden or none. */
  about: { text: string; setAt?: string } | null;
  /** The business profile (`w:biz`); null for a regular account (and for groups). */
  business: {
    description: string;
    address?: string;
    email?: string;
    websites: string[];
    category?: string;
  } | null;
  /** The latest `picture` notification the phone's client got about this jid (contacts.update). */
  notified: { change: 'changed' | 'removed'; at: string } | null;
}

/** Baileys' `query` throws a Boom whose `data` is the iq error code. */
const iqCode = (err: unknown): number | undefined => {
  const data = (err as { data?: unknown } | undefined)?.data;
  return typeof data === 'number' ? data : undefined;
};

/**
 * The phone's own profile and what it sees of others', through its unmodified Baileys client:
 * `updateProfilePicture`, `removeProfilePicture`, `updateProfileStatus`, `profilePictureUrl`,
 * `fetchStatus`, `getBusinessProfile`; and the picture notifications its client received.
 */
export class PhoneProfile {
  private readonly notifications = new Map<string, { change: 'changed' | 'removed'; at: string }>();

  constructor(
    private readonly socket: () => WASocket,
    private readonly ownJid: () => string,
    private readonly agent: Agent,
  ) {}

  /** Listens to a new socket's `contacts.update` (picture notifications). */
  attach(socket: WASocket): void {
    socket.ev.on('contacts.update', (updates: BaileysEventMap['contacts.update']) => {
      for (const u of updates) {
        if (!u.id || (u.imgUrl !== 'changed' && u.imgUrl !== 'removed')) continue;
        this.notifications.set(jidNormalizedUser(u.id), { change: u.imgUrl, at: new Date().toISOString() });
      }
    });
  }

  setPicture(image: Buffer): Promise<void> {
    return this.socket().updateProfilePicture(this.ownJid(), image);
  }

  removePicture(): Promise<void> {
    return this.socket().removeProfilePicture(this.ownJid());
  }

  setAbout(text: string): Promise<void> {
    return this.socket().updateProfileStatus(text);
  }

  /** Someone's picture, about text and business profile, as this phone's client reads them. */
  async read(jid: string): Promise<PhoneProfileView> {
    const socket = this.socket();
    const target = jidNormalizedUser(jid);
    const group = target.endsWith('@g.us');
    const [picture, about, business] = await Promise.all([
      this.picture(socket, target),
      group ? Promise.resolve(null) : this.about(socket, target),
      group ? Promise.resolve(null) : this.business(socket, target),
    ]);
    return { jid: target, picture, about, business, notified: this.notifications.get(target) ?? null };
  }

  /** The same query Baileys' `profilePictureUrl` sends, keeping the picture id it drops. */
  private async picture(socket: WASocket, jid: string): Promise<PhoneProfileView['picture']> {
    let answer;
    try {
      answer = await socket.query({
        tag: 'iq',
        attrs: { target: jid, to: S_WHATSAPP_NET, type: 'get', xmlns: 'w:profile:picture' },
        content: [{ tag: 'picture', attrs: { type: 'image', query: 'url' } }],
      });
    } catch (err) {
      if (iqCode(err) === 404 || iqCode(err) === 401) return null;
      throw err;
    }
    const node = getBinaryNodeChild(answer, 'picture');
    const url = node?.attrs['url'];
    if (!url) return null;
    const { data, mimetype } = await this.download(url);
    return { id: node.attrs['id'] ?? '', url, mimetype, data: data.toString('base64') };
  }

  private async about(socket: WASocket, jid: string): Promise<PhoneProfileView['about']> {
    const [found] = ((await socket.fetchStatus(jid)) ?? []) as {
      status?: { status?: string | null; setAt?: Date };
    }[];
    const text = found?.status?.status;
    if (typeof text !== 'string') return null;
    const setAt = found?.status?.setAt;
    return { text, ...(setAt && setAt.getTime() > 0 ? { setAt: setAt.toISOString() } : {}) };
  }

  private async business(socket: WASocket, jid: string): Promise<PhoneProfileView['business']> {
    const found = await socket.getBusinessProfile(jid);
    if (!found) return null;
    return {
      description: found.description ?? '',
      ...(found.address ? { address: found.address } : {}),
      ...(found.email ? { email: found.email } : {}),
      websites: found.website ?? [],
      ...(found.category ? { category: found.category } : {}),
    };
  }

  private async download(url: string): Promise<{ data: Buffer; mimetype: string }> {
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = get(url, { agent: this.agent, timeout: DOWNLOAD_TIMEOUT_MS });
      req.on('response', resolve);
      req.on('timeout', () => req.destroy(new Error('picture download timed out')));
      req.on('error', reject);
    });
    if (res.statusCode !== 200) {
      res.resume();
      throw new SimError('media_unavailable', `the media host answered HTTP ${res.statusCode} for ${url}`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_DOWNLOAD_BYTES) {
        res.destroy();
        throw new SimError('media_unavailable', `the picture at ${url} is over ${MAX_DOWNLOAD_BYTES} bytes`);
      }
      chunks.push(chunk);
    }
    return { data: Buffer.concat(chunks), mimetype: String(res.headers['content-type'] ?? 'image/jpeg') };
  }
}
