import { Schema, type Connection, type Model } from 'mongoose';
import type { StoredMessage } from '../messages.ports.js';

export type MessageDoc = StoredMessage;

export const messageSchema = new Schema<MessageDoc>(
  {
    instance: { type: String, required: true },
    chat: { type: String, required: true },
    id: { type: String, required: true },
    fromMe: { type: Boolean, required: true },
    sender: String,
    timestamp: { type: Number, required: true },
    // no enum: a content kind added later needs no migration
    kind: { type: String, required: true },
    text: String,
    status: String,
    raw: { type: String, required: true },
    createdAt: { type: String, required: true },
  },
  { collection: 'messages', versionKey: false },
);
// the key: serves save's upsert, updateStatus and get with a chat, and by its prefixes get without
// a chat ({instance, id}) and clear(instance); (instance, id, chat) is as unique as (instance, chat, id)
messageSchema.index({ instance: 1, id: 1, chat: 1 }, { unique: true });
// serves list(instance, {chat, before/after}) newest first
messageSchema.index({ instance: 1, chat: 1, timestamp: -1, id: -1 });
// serves list(instance, {before/after}) across chats, newest first
messageSchema.index({ instance: 1, timestamp: -1, id: -1 });
// serves deleteOlderThan(cutoff) (retention, across instances). Not a TTL index: retention is a
// run-time setting, and TTL deletes go by a Date field on the server's own schedule.
messageSchema.index({ timestamp: 1 });

export const messageModel = (conn: Connection): Model<MessageDoc> =>
  conn.model<MessageDoc>('Message', messageSchema);
