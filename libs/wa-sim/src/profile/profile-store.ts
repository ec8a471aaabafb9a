/** A profile picture as the simulator keeps it: the files on the media host and its id. */
export interface PictureRecord {
  /** WhatsApp's picture id: a new one on every set, so clients know a cached copy is stale. */
  id: string;
  /** Media-host blob of the full picture (the JPEG the client uploaded, as it sent it). */
  image: string;
  /** Media-host blob of the 96 px preview the server made of it. */
  preview: string;
  /** The account number that set it. */
  by: string;
  /** Seconds since epoch. */
  t: number;
}

/** Business hours as Baileys' `updateBussinesProfile` sends them. */
export interface BusinessHoursRecord {
  timezone?: string;
  config: Record<string, string>[];
}

/** What a WhatsApp Business account shows on its profile. */
export interface BusinessProfileRecord {
  description?: string;
  address?: string;
  email?: string;
  websites: string[];
  /** Category id and name (set by the account on its phone; linked devices cannot change it). */
  category?: { id: string; name: string };
  hours?: BusinessHoursRecord;
}

/** What the simulator keeps of an account's or a group's profile. */
export interface ProfileRecord {
  picture?: PictureRecord;
  /** The "about" text (accounts only) and when it was set (seconds since epoch). */
  about?: { text: string; t: number };
  /** Present when the account is a WhatsApp Business account. */
  business?: BusinessProfileRecord;
}

/** The profiles across restarts (see `SimState.profiles`). */
export interface ProfileState {
  /** `[jid, record]`: `<number>@s.whatsapp.net` for accounts, `<id>@g.us` for groups. */
  entries: [string, ProfileRecord][];
  /** The last picture id handed out. */
  lastPictureId: number;
}

/** Every account's and group's profile picture, about text and business profile, by jid. */
export class ProfileStore {
  private readonly records = new Map<string, ProfileRecord>();
  private lastPictureId = 0;

  get(jid: string): ProfileRecord | undefined {
    return this.records.get(jid);
  }

  /** Changes a record (made when absent); a record left empty is dropped. */
  update(jid: string, change: (record: ProfileRecord) => void): ProfileRecord {
    const record = this.records.get(jid) ?? {};
    change(record);
    if (!record.picture && !record.about && !record.business) this.records.delete(jid);
    else this.records.set(jid, record);
    return record;
  }

  /** A picture id never handed out before: grows with time, like WhatsApp's. */
  nextPictureId(): string {
    this.lastPictureId = Math.max(this.lastPictureId + 1, Math.floor(Date.now() / 1000));
    return String(this.lastPictureId);
  }

  toState(): ProfileState {
    return { entries: [...this.records.entries()], lastPictureId: this.lastPictureId };
  }

  restore(state: ProfileState | undefined): void {
    if (!state) return;
    for (const [jid, record] of state.entries) this.records.set(jid, record);
    this.lastPictureId = state.lastPictureId;
  }
}
