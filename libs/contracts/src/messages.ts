/**
 * The canonical outgoing message: one `send-message` command with a content union. A new kind of
 * message is one variant here, one branch in the WhatsApp adapter and one mapping per dialect.
 */

/** Media kinds WhatsApp sends as files. */
export type MediaKind = 'image' | 'video' | 'ptv' | 'audio' | 'ptt' | 'document' | 'sticker';

/**
 * Where an outgoing file's bytes wait (never inside a command): a file in the deployment's media
 * store (temp files standalone, JetStream Object Store distributed), put there by the gateway.
 */
export interface MediaReference {
  /** The store's key. */
  id: string;
  /** Bytes. */
  size: number;
  /** What the file is sent as (sniffed from the bytes at intake). */
  mime: string;
  /** SHA-256 of the bytes, hex. */
  sha256: string;
  fileName?: string;
}

export type MessageContent =
  | { kind: 'text'; text: string }
  | { kind: 'image'; media: MediaReference; caption?: string; viewOnce?: boolean }
  | { kind: 'video'; media: MediaReference; caption?: string; gifPlayback?: boolean; viewOnce?: boolean }
  /** A round video note. */
  | { kind: 'ptv'; media: MediaReference }
  | { kind: 'audio'; media: MediaReference }
  /** A voice note (ogg/opus). */
  | { kind: 'ptt'; media: MediaReference; seconds?: number }
  | { kind: 'document'; media: MediaReference; fileName: string; caption?: string }
  | { kind: 'sticker'; media: MediaReference }
  /** A pinned location: degrees, WGS 84. */
  | { kind: 'location'; latitude: number; longitude: number; name?: string; address?: string }
  /** One or more contact cards (vCards); `displayName` names the message when it carries several. */
  | { kind: 'contacts'; displayName?: string; contacts: ContactCard[] };

/** A contact to share: the shard builds its vCard from these fields unless `vcard` is given. */
export interface ContactCard {
  fullName: string;
  /** The contact's number, digits only (its WhatsApp id is `<phone>@s.whatsapp.net`). */
  phone: string;
  organization?: string;
  /** A complete vCard 3.0 (`BEGIN:VCARD` … `END:VCARD`) sent as it is. */
  vcard?: string;
}

export type MessageKind = MessageContent['kind'];

export interface SendOptions {
  /** A message of the same instance to quote (found in the message store). */
  quoted?: { id: string; chat?: string };
  /** Jids mentioned in the text or caption. */
  mentions?: string[];
  /**
   * Leave the media file in the store after the send (the shard deletes it by default): for a
   * caller that sends one file to several recipients, and deletes it after the last send.
   */
  keepMedia?: boolean;
}

export interface SendMessageCommand {
  instance: string;
  /** A normalised jid: `<digits>@s.whatsapp.net`, `@g.us` or `@lid`. */
  to: string;
  content: MessageContent;
  options?: SendOptions;
}

/**
 * A media message's download fields as WhatsApp sends them (the `…Message` object of a webhook):
 * enough to fetch and decrypt the file without the message store (mega-API's `messageKeys`).
 */
export interface MediaMessageKeys {
  /** Which content it is: image, video, audio, ptt, document or sticker. */
  messageType: 'image' | 'video' | 'audio' | 'ptt' | 'document' | 'sticker';
  /** The file's media key, base64. */
  mediaKey: string;
  /** WhatsApp's direct path to the encrypted file (`/v/t62.7118-24/...`). */
  directPath?: string;
  /** The encrypted file's URL. */
  url?: string;
  mimetype?: string;
}

/**
 * Fetches and decrypts a received (or sent) message's file into the media store: the message by
 * id from the message store, or the file by its keys. Replies with the stored file's reference;
 * the caller streams it from the store and deletes it.
 */
export interface DownloadMediaCommand {
  instance: string;
  /** A message of the instance (in its message store). */
  id?: string;
  /** The message's chat, when known (ids are unique per chat). */
  chat?: string;
  /** The file's keys, instead of `id`. */
  keys?: MediaMessageKeys;
}

/** The media of a received message, as its event tells it (the file itself: download-media). */
export interface ReceivedMedia {
  kind: 'image' | 'video' | 'ptv' | 'audio' | 'ptt' | 'document' | 'sticker';
  mime?: string;
  /** Bytes. */
  size?: number;
  /** SHA-256 of the decrypted file, base64 (as WhatsApp gives it). */
  sha256?: string;
  fileName?: string;
  caption?: string;
  /** Audio and video length. */
  seconds?: number;
  viewOnce?: boolean;
}
