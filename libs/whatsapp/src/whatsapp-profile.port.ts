import {
  DomainError,
  ErrorCode,
  type BusinessProfile,
  type BusinessProfileEdit,
  type MediaReference,
} from '@zapgate/contracts';

const cannot = (): Promise<never> =>
  Promise.reject(new DomainError(ErrorCode.NotImplemented, 'this session cannot change profiles'));

/**
 * Profile pictures (this account's and its groups') and business profiles over WhatsApp (the
 * profile half of the `WhatsAppSession` port). The about text and push name are `WhatsAppChats`'.
 */
export abstract class WhatsAppProfile {
  /**
   * Sets the picture of this account (`target` its own jid or absent) or of a group it administers
   * from an image in the media store: validation_failed when it is not an image WhatsApp takes,
   * group_not_found / forbidden as for other group changes. The file is left in the store.
   */
  abstract setPicture(media: MediaReference, target?: string): Promise<void>;
  /** Removes this account's picture (or a group's it administers). */
  abstract removePicture(target?: string): Promise<void>;
  /** A user's business profile; undefined for a regular account. */
  abstract businessProfile(jid: string): Promise<BusinessProfile | undefined>;
  /** Edits this account's business profile: forbidden when it is not a business account. */
  abstract editBusinessProfile(edit: BusinessProfileEdit): Promise<BusinessProfile>;
}

/** A session without profile support: not_implemented for everything. */
export class NoProfile extends WhatsAppProfile {
  setPicture(media: MediaReference, target?: string): Promise<void> {
    void media;
    void target;
    return cannot();
  }
  removePicture(target?: string): Promise<void> {
    void target;
    return cannot();
  }
  businessProfile(jid: string): Promise<BusinessProfile | undefined> {
    void jid;
    return cannot();
  }
  editBusinessProfile(edit: BusinessProfileEdit): Promise<BusinessProfile> {
    void edit;
    return cannot();
  }
}
