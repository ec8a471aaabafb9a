import { Schema, type Connection } from 'mongoose';
import type { StoredGroup } from '../groups.ports.js';

const participantSchema = new Schema(
  {
    id: { type: String, required: true },
    alt: String,
    role: { type: String, required: true, enum: ['member', 'admin', 'superadmin'] },
  },
  { _id: false },
);

/** The groups read model: one document per instance and group (the GroupInfo fields, flat). */
export const groupSchema = new Schema<StoredGroup>(
  {
    instance: { type: String, required: true },
    id: { type: String, required: true },
    subject: { type: String, default: '' },
    owner: String,
    ownerAlt: String,
    subjectOwner: String,
    subjectTime: Number,
    creation: Number,
    description: String,
    descriptionOwner: String,
    descriptionTime: Number,
    announce: { type: Boolean, required: true },
    restrict: { type: Boolean, required: true },
    memberAddMode: Boolean,
    joinApprovalMode: Boolean,
    ephemeralDuration: Number,
    isCommunity: Boolean,
    linkedParent: String,
    addressingMode: { type: String, enum: ['pn', 'lid'] },
    size: { type: Number, required: true },
    participants: { type: [participantSchema], default: [] },
    inviteCode: String,
    fetchedAt: { type: Number, required: true },
    updatedAt: { type: String, required: true },
  },
  { collection: 'groups', versionKey: false },
);
// serves get, write (upsert) and delete by instance and group, and list (by instance, sorted by id)
groupSchema.index({ instance: 1, id: 1 }, { unique: true });
// serves withParticipant (common groups with a contact): the member's id, within one instance
groupSchema.index({ instance: 1, 'participants.id': 1 });

/** When each instance's whole group list was last fetched from WhatsApp. */
export interface GroupListing {
  instance: string;
  listedAt: number;
}
export const groupListingSchema = new Schema<GroupListing>(
  { instance: { type: String, required: true }, listedAt: { type: Number, required: true } },
  { collection: 'group_listings', versionKey: false },
);
// serves listedAt and its upsert, by instance
groupListingSchema.index({ instance: 1 }, { unique: true });

export const groupModels = (conn: Connection) => ({
  groups: conn.model<StoredGroup>('Group', groupSchema),
  listings: conn.model<GroupListing>('GroupListing', groupListingSchema),
});
export type GroupModels = ReturnType<typeof groupModels>;
