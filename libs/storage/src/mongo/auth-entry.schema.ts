import { Schema, type Connection, type Model } from 'mongoose';

export interface AuthEntryDoc {
  /** instance + type + id, so one key is one document and writes are single-document upserts */
  _id: string;
  instance: string;
  type: string;
  id: string;
  value: string;
  /** AUTH_SCHEMA_VERSION at write time */
  v: number;
}

export const authEntrySchema = new Schema<AuthEntryDoc>(
  {
    _id: { type: String, required: true },
    instance: { type: String, required: true },
    type: { type: String, required: true },
    id: { type: String, required: true },
    value: { type: String, required: true },
    v: { type: Number, required: true },
  },
  { collection: 'auth', versionKey: false },
);
// serves clear(instance), count(instance) and entries(instance); reads go by _id
authEntrySchema.index({ instance: 1 });

export const authEntryModel = (conn: Connection): Model<AuthEntryDoc> =>
  conn.model<AuthEntryDoc>('AuthEntry', authEntrySchema);
