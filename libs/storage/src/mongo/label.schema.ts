import { Schema, type Connection, type Model } from 'mongoose';
import type { StoredLabel } from '../labels.ports.js';

export type LabelDoc = StoredLabel;

export const labelSchema = new Schema<LabelDoc>(
  {
    instance: { type: String, required: true },
    id: { type: String, required: true },
    name: { type: String, default: '' },
    color: { type: Number, required: true },
    predefinedId: String,
    deleted: { type: Boolean, required: true },
    updatedAt: { type: String, required: true },
  },
  { collection: 'labels', versionKey: false },
);
// the key: serves get, apply (read then replace one label), list(instance) and, by its prefix,
// clear(instance); an account has a few dozen labels, sorted in memory
labelSchema.index({ instance: 1, id: 1 }, { unique: true });

export const labelModel = (conn: Connection): Model<LabelDoc> => conn.model<LabelDoc>('Label', labelSchema);
