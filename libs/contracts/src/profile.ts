/**
 * This account's profile picture and business profile (canonical commands answered by the shard
 * that owns the instance, through WhatsApp). The about text and push name are chat commands
 * (`chats.ts`); a group's picture is a groups-service command (`set-group-picture`).
 */
import type { MediaReference } from './messages.js';

/** A WhatsApp Business account's profile, as WhatsApp answers it (`w:biz`). */
export interface BusinessProfile {
  /** The account asked about. */
  jid: string;
  description?: string;
  address?: string;
  email?: string;
  websites: string[];
  /** The category's name (set on the Business app; a linked device cannot change it). */
  category?: string;
  /** Opening hours as WhatsApp keeps them (`timezone` and one entry per day). */
  hours?: { timezone?: string; days: { day: string; mode: string; openTime?: number; closeTime?: number }[] };
}

/** What a business profile edit changes (only the fields given; `websites` replaces the list). */
export interface BusinessProfileEdit {
  description?: string;
  address?: string;
  email?: string;
  websites?: string[];
}

export interface ProfileInstanceCommands {
  /**
   * Sets this account's profile picture from an image in the media store (JPEG, PNG or WebP; made
   * a 640 px JPEG): validation_failed when it cannot be decoded. The file stays in the store (the
   * caller deletes it).
   */
  'set-profile-picture': { request: { instance: string; media: MediaReference }; reply: { jid: string } };
  /** Removes this account's profile picture. */
  'remove-profile-picture': { request: { instance: string }; reply: { jid: string } };
  /**
   * A user's business profile (`w:biz`): `business: false` (and no profile) for a regular account.
   */
  'get-business-profile': {
    request: { instance: string; jid: string };
    reply: { jid: string; business: boolean; profile?: BusinessProfile };
  };
  /**
   * Edits this account's business profile and answers it as WhatsApp has it afterwards:
   * forbidden when the account is not a WhatsApp Business account.
   */
  'set-business-profile': {
    request: { instance: string; profile: BusinessProfileEdit };
    reply: BusinessProfile;
  };
}

/** Every profile command verb (the compiler checks none is missing or extra). */
export const PROFILE_COMMAND_VERBS = Object.keys({
  'set-profile-picture': true,
  'remove-profile-picture': true,
  'get-business-profile': true,
  'set-business-profile': true,
} satisfies Record<keyof ProfileInstanceCommands, true>) as readonly (keyof ProfileInstanceCommands)[];
