import type { Readable } from 'node:stream';
import {
  generateProfilePicture,
  isJidGroup,
  jidNormalizedUser,
  type WABusinessProfile,
  type WASocket,
} from '@whiskeysockets/baileys';
import {
  DomainError,
  ErrorCode,
  type BusinessProfile,
  type BusinessProfileEdit,
  type MediaReference,
} from '@zapgate/contracts';
import type { MediaStore } from '@zapgate/media';
import { groupError } from './baileys-groups.js';
import { WhatsAppProfile } from './whatsapp-profile.port.js';

/** The largest image read for a picture (the gateway's image limit is smaller by default). */
const MAX_PICTURE_BYTES = 64 * 1024 * 1024;

type ProfileSocket = Pick<
  WASocket,
  'user' | 'updateProfilePicture' | 'removeProfilePicture' | 'getBusinessProfile' | 'updateBussinesProfile'
>;

/** The status WhatsApp put in an iq error (Baileys' Boom carries it in `data`). */
function iqStatus(err: unknown): number | undefined {
  const boom = err as { isBoom?: boolean; data?: unknown };
  return boom?.isBoom && typeof boom.data === 'number' ? boom.data : undefined;
}

async function readAll(stream: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      stream.destroy();
      throw new DomainError(ErrorCode.PayloadTooLarge, `the picture is larger than ${limit} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Baileys' business profile in the canonical shape. */
export function businessProfileOf(jid: string, p: WABusinessProfile): BusinessProfile {
  const days = p.business_hours?.business_config ?? p.business_hours?.config ?? [];
  return {
    jid,
    ...(p.description ? { description: p.description } : {}),
    ...(p.address ? { address: p.address } : {}),
    ...(p.email ? { email: p.email } : {}),
    websites: (p.website ?? []).filter(Boolean),
    ...(p.category ? { category: p.category } : {}),
    ...(p.business_hours?.timezone || days.length
      ? {
          hours: {
            ...(p.business_hours?.timezone ? { timezone: p.business_hours.timezone } : {}),
            days: days.map((d) => ({
              day: String(d.day_of_week),
              mode: String(d.mode),
              ...(d.open_time !== undefined ? { openTime: Number(d.open_time) } : {}),
              ...(d.close_time !== undefined ? { closeTime: Number(d.close_time) } : {}),
            })),
          },
        }
      : {}),
  };
}

/**
 * Pictures and business profiles over a Baileys socket: `updateProfilePicture` /
 * `removeProfilePicture` (this account, or a group it administers), `getBusinessProfile` and
 * `updateBussinesProfile` (`w:biz`).
 */
export class BaileysProfile extends WhatsAppProfile {
  constructor(
    private readonly socket: () => ProfileSocket,
    private readonly media: Pick<MediaStore, 'open'>,
  ) {
    super();
  }

  /** The jid a picture change is for: this account (absent, or its own PN/LID) or a group. */
  private pictureTarget(socket: ProfileSocket, target: string | undefined): string {
    const me = socket.user;
    const own = me?.id ? jidNormalizedUser(me.id) : undefined;
    if (!target) {
      if (!own) throw new DomainError(ErrorCode.NotConnected, 'the session has no account yet');
      return own;
    }
    const jid = jidNormalizedUser(target);
    if (isJidGroup(jid) || jid === own || (me?.lid && jid === jidNormalizedUser(me.lid))) return jid;
    throw new DomainError(
      ErrorCode.ValidationFailed,
      `${target}: only this account's own picture, or a group's it administers, can be changed`,
    );
  }

  async setPicture(media: MediaReference, target?: string): Promise<void> {
    const socket = this.socket();
    const jid = this.pictureTarget(socket, target);
    const bytes = await readAll(await this.media.open(media), MAX_PICTURE_BYTES);
    // the 640 px JPEG WhatsApp takes, made first so an undecodable file is the caller's mistake
    let img: Buffer;
    try {
      ({ img } = await generateProfilePicture(bytes));
    } catch (err) {
      throw new DomainError(
        ErrorCode.ValidationFailed,
        `the picture could not be read as an image (${(err as Error).message})`,
        { reason: 'invalid_image' },
      );
    }
    await this.change(jid, () => socket.updateProfilePicture(jid, img));
  }

  async removePicture(target?: string): Promise<void> {
    const socket = this.socket();
    const jid = this.pictureTarget(socket, target);
    await this.change(jid, () => socket.removeProfilePicture(jid));
  }

  /** WhatsApp's refusals: a group's as for other group changes, this account's as validation_failed. */
  private async change(jid: string, op: () => Promise<void>): Promise<void> {
    try {
      await op();
    } catch (err) {
      if (isJidGroup(jid)) throw groupError(err, `group ${jid}`);
      const status = iqStatus(err);
      if (status !== undefined && status >= 400 && status < 500)
        throw new DomainError(
          ErrorCode.ValidationFailed,
          `WhatsApp refused the picture (${(err as Error).message || status})`,
          { status },
        );
      throw err;
    }
  }

  async businessProfile(jid: string): Promise<BusinessProfile | undefined> {
    const target = jidNormalizedUser(jid);
    const found = await this.socket().getBusinessProfile(target);
    return found ? businessProfileOf(target, found) : undefined;
  }

  async editBusinessProfile(edit: BusinessProfileEdit): Promise<BusinessProfile> {
    const socket = this.socket();
    const own = socket.user?.id ? jidNormalizedUser(socket.user.id) : undefined;
    if (!own) throw new DomainError(ErrorCode.NotConnected, 'the session has no account yet');
    try {
      await socket.updateBussinesProfile({
        ...(edit.description !== undefined ? { description: edit.description } : {}),
        ...(edit.address !== undefined ? { address: edit.address } : {}),
        ...(edit.email !== undefined ? { email: edit.email } : {}),
        ...(edit.websites !== undefined ? { websites: edit.websites } : {}),
      });
    } catch (err) {
      const status = iqStatus(err);
      if (status === 401 || status === 403)
        throw new DomainError(
          ErrorCode.Forbidden,
          'this account is not a WhatsApp Business account: only business accounts have a business profile',
          { status },
        );
      if (status === 400)
        throw new DomainError(
          ErrorCode.ValidationFailed,
          `WhatsApp refused the business profile (${status})`,
        );
      throw err;
    }
    const after = await this.businessProfile(own);
    if (!after)
      throw new DomainError(ErrorCode.Internal, 'WhatsApp took the business profile but does not answer it');
    return after;
  }
}
