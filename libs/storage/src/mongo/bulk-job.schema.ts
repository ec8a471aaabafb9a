import { Schema, type Connection, type Model } from 'mongoose';
import type { BulkJobRecord, BulkRecipientRecord } from '../bulk-jobs.ports.js';

export type BulkJobDoc = BulkJobRecord & { _id: string };
export type BulkRecipientDoc = BulkRecipientRecord & { _id: string };

export const bulkJobSchema = new Schema<BulkJobDoc>(
  {
    _id: { type: String, required: true },
    id: { type: String, required: true },
    instance: { type: String, required: true },
    mode: { type: String, required: true, enum: ['each', 'until-failure'] },
    count: { type: Number, required: true },
    media: { type: [String], default: [] },
    owner: String,
    heartbeatAt: Number,
    finishedAt: String,
    createdAt: { type: String, required: true },
    updatedAt: { type: String, required: true },
  },
  { collection: 'bulk_jobs', versionKey: false },
);
// serves resumable() (finishedAt absent, then the owner's heartbeat) and deleteFinished() (finishedAt
// before a time); get/claim/finish go by _id
bulkJobSchema.index({ finishedAt: 1, heartbeatAt: 1 });
// serves list(instance), newest first
bulkJobSchema.index({ instance: 1, createdAt: -1 });

export const bulkRecipientSchema = new Schema<BulkRecipientDoc>(
  {
    _id: { type: String, required: true },
    jobId: { type: String, required: true },
    instance: { type: String, required: true },
    index: { type: Number, required: true },
    command: { type: Schema.Types.Mixed, required: true },
    state: { type: String, required: true, enum: ['pending', 'sending', 'sent', 'failed', 'skipped'] },
    sent: Schema.Types.Mixed,
    error: Schema.Types.Mixed,
    attempts: { type: Number, required: true },
    updatedAt: { type: String, required: true },
  },
  { collection: 'bulk_recipients', versionKey: false, minimize: false },
);
// serves recipients(instance, job) in order, and the deletion of a finished job's recipients
bulkRecipientSchema.index({ jobId: 1, index: 1 });

export const bulkJobModels = (conn: Connection) => ({
  jobs: conn.model<BulkJobDoc>('BulkJob', bulkJobSchema),
  recipients: conn.model<BulkRecipientDoc>('BulkRecipient', bulkRecipientSchema),
});
export type BulkJobModels = { jobs: Model<BulkJobDoc>; recipients: Model<BulkRecipientDoc> };
