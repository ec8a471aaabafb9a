import { Schema, type Connection, type Model } from 'mongoose';
import type { StoredChat, StoredContact } from '../chats.ports.js';

/** A chat, with the fields its queries filter and sort on (`activity`, `isGroup`) kept beside it. */
export type ChatDoc = StoredChat & { activity: number; isGroup: boolean };
export type ContactDoc = StoredContact;
export interface BlockedDoc {
  instance: string;
  jid: string;
}

const lastMessage = new Schema(
  { id: { type: String, required: true }, timestamp: { type: Number, required: true }, fromMe: Boolean },
  { _id: false },
);

export const chatSchema = new Schema<ChatDoc>(
  {
    instance: { type: String, required: true },
    id: { type: String, required: true },
    name: String,
    lastMessage: { type: lastMessage, required: false },
    unreadCount: { type: Number, required: true },
    archived: { type: Boolean, required: true },
    pinnedAt: Number,
    mutedUntil: Number,
    labels: { type: [String], default: undefined },
    updatedAt: { type: String, required: true },
    activity: { type: Number, required: true },
    isGroup: { type: Boolean, required: true },
  },
  { collection: 'chats', versionKey: false },
);
// the key: serves get, apply (read then replace one chat), delete and, by its prefix, clear(instance)
chatSchema.index({ instance: 1, id: 1 }, { unique: true });
// serves list(instance, {...filters, before/after}) newest activity first
chatSchema.index({ instance: 1, activity: -1, id: -1 });

export const contactSchema = new Schema<ContactDoc>(
  {
    instance: { type: String, required: true },
    id: { type: String, required: true },
    pn: String,
    lid: String,
    name: String,
    pushName: String,
    verifiedName: String,
    business: Boolean,
    updatedAt: { type: String, required: true },
  },
  { collection: 'contacts', versionKey: false },
);
// the key: serves get by id, list(instance, {after}) in id order and clear(instance)
contactSchema.index({ instance: 1, id: 1 }, { unique: true });
// serves get(instance, pn) and apply's lookup of a contact by its phone number
contactSchema.index({ instance: 1, pn: 1 });
// serves get(instance, lid) and apply's lookup of a contact by its LID
contactSchema.index({ instance: 1, lid: 1 });

export const blockedSchema = new Schema<BlockedDoc>(
  { instance: { type: String, required: true }, jid: { type: String, required: true } },
  { collection: 'blocklist', versionKey: false },
);
// the key: serves list(instance) in jid order, add, remove, replace and clear(instance)
blockedSchema.index({ instance: 1, jid: 1 }, { unique: true });

export interface ChatModels {
  chats: Model<ChatDoc>;
  contacts: Model<ContactDoc>;
  blocklist: Model<BlockedDoc>;
}

export const chatModels = (conn: Connection): ChatModels => ({
  chats: conn.model<ChatDoc>('Chat', chatSchema),
  contacts: conn.model<ContactDoc>('Contact', contactSchema),
  blocklist: conn.model<BlockedDoc>('Blocked', blockedSchema),
});
