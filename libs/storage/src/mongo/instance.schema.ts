import { Schema, type Connection, type Model } from 'mongoose';
import type { InstanceRecord } from '../ports.js';

const webhookSchema = new Schema(
  {
    url: { type: String, required: true },
    enabled: { type: Boolean, required: true },
    events: { type: [String], default: undefined },
    ignore: { type: [String], default: undefined },
  },
  { _id: false },
);

export const instanceSchema = new Schema<InstanceRecord>(
  {
    key: { type: String, required: true },
    dialect: { type: String, required: true, enum: ['mega', 'wppconnect'] },
    tokenHash: String,
    webhook: webhookSchema,
    webhookSecret: String,
    account: new Schema({ id: { type: String, required: true }, lid: String, name: String }, { _id: false }),
    createdAt: { type: String, required: true },
    updatedAt: { type: String, required: true },
  },
  { collection: 'instances', versionKey: false },
);
// serves get/update/delete by key, and makes create fail on a taken key
instanceSchema.index({ key: 1 }, { unique: true });

export const instanceModel = (conn: Connection): Model<InstanceRecord> =>
  conn.model<InstanceRecord>('Instance', instanceSchema);
