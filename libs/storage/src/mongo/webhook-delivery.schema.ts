import { Schema, type Connection, type Model } from 'mongoose';
import type { DeliveryAttempt, DeliveryRecord } from '../ports.js';

export type DeliveryDoc = DeliveryRecord & { _id: string };

export const deliverySchema = new Schema<DeliveryDoc>(
  {
    _id: { type: String, required: true },
    id: { type: String, required: true },
    instance: { type: String, required: true },
    seq: { type: Number, required: true },
    part: { type: Number, required: true },
    eventId: { type: String, required: true },
    eventName: { type: String, required: true },
    event: { type: String, required: true },
    url: { type: String, required: true },
    body: { type: String, required: true },
    status: { type: String, required: true, enum: ['pending', 'delivered', 'dead'] },
    attempts: { type: Number, required: true },
    nextAt: { type: Number, required: true },
    createdAt: { type: String, required: true },
    updatedAt: { type: String, required: true },
    lastStatusCode: Number,
    lastError: String,
    deliveredAt: String,
  },
  { collection: 'webhook_deliveries', versionKey: false },
);
// serves nextFor(instance) (pending, in order) and pendingInstances() (distinct instance where pending)
deliverySchema.index({ status: 1, instance: 1, seq: 1, part: 1 });
// serves list/replay of an instance by time, newest first
deliverySchema.index({ instance: 1, createdAt: -1 });

export type AttemptDoc = DeliveryAttempt;
export const attemptSchema = new Schema<AttemptDoc>(
  {
    deliveryId: { type: String, required: true },
    instance: { type: String, required: true },
    at: { type: String, required: true },
    statusCode: Number,
    error: String,
    latencyMs: Number,
  },
  { collection: 'webhook_attempts', versionKey: false },
);
// serves attempts(instance, ids) and the purge of old deliveries' attempts
attemptSchema.index({ deliveryId: 1 });

export interface ClaimDoc {
  _id: string;
  owner: string;
  until: number;
}
export const claimSchema = new Schema<ClaimDoc>(
  { _id: { type: String, required: true }, owner: { type: String, required: true }, until: Number },
  { collection: 'webhook_claims', versionKey: false },
);

export const deliveryModels = (conn: Connection) => ({
  deliveries: conn.model<DeliveryDoc>('WebhookDelivery', deliverySchema),
  attempts: conn.model<AttemptDoc>('WebhookAttempt', attemptSchema),
  claims: conn.model<ClaimDoc>('WebhookClaim', claimSchema),
});
export type DeliveryModels = {
  deliveries: Model<DeliveryDoc>;
  attempts: Model<AttemptDoc>;
  claims: Model<ClaimDoc>;
};
