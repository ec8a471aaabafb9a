/** A label of an instance's account (WhatsApp Business), as app-state sync last told it. */
export interface StoredLabel {
  instance: string;
  /** WhatsApp's label id (a small decimal number as text). */
  id: string;
  name: string;
  /** Colour index (0..19, WhatsApp's palette). */
  color: number;
  /** One of WhatsApp's predefined labels, when it is one. */
  predefinedId?: string;
  deleted: boolean;
  /** ISO time of the last change. */
  updatedAt: string;
}

/**
 * A change to a label (WhatsApp's `label_edit` mutation); a label the store does not have is
 * created (name '' and colour 0 unless given). An absent field keeps the stored value; `null`
 * clears `predefinedId`.
 */
export interface LabelPatch {
  id: string;
  name?: string;
  color?: number;
  predefinedId?: string | null;
  deleted?: boolean;
}

export interface LabelListQuery {
  /** Deleted labels too (default: only live ones). */
  includeDeleted?: boolean;
}

/** Label ids in WhatsApp's order: numerically, then as text. */
export const labelOrder = (a: string, b: string): number => {
  const [x, y] = [Number(a), Number(b)];
  if (Number.isFinite(x) && Number.isFinite(y) && x !== y) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
};

/** The label after a patch (both adapters merge with this one function). */
export function mergeLabel(
  instance: string,
  stored: StoredLabel | undefined,
  patch: LabelPatch,
  now: string,
): StoredLabel {
  const label: StoredLabel = stored
    ? { ...stored }
    : { instance, id: patch.id, name: '', color: 0, deleted: false, updatedAt: now };
  if (patch.name !== undefined) label.name = patch.name;
  if (patch.color !== undefined) label.color = Math.max(0, Math.trunc(patch.color));
  if (patch.deleted !== undefined) label.deleted = patch.deleted;
  if (patch.predefinedId === null) delete label.predefinedId;
  else if (patch.predefinedId !== undefined) label.predefinedId = patch.predefinedId;
  label.updatedAt = now;
  return label;
}

/**
 * The labels of each instance's account, fed by the shard that owns it (`labels.edit` from
 * app-state sync) and read by label routes. Which chats carry a label is kept on the chats
 * (`StoredChat.labels`, `ChatRepository.list({labels})`). Every method is scoped to one instance;
 * writes of one instance apply in call order.
 */
export abstract class LabelRepository {
  /** Applies the patches in order (creating labels it does not have). */
  abstract apply(instance: string, patches: LabelPatch[]): Promise<void>;
  abstract get(instance: string, id: string): Promise<StoredLabel | undefined>;
  /** In `labelOrder`. */
  abstract list(instance: string, query?: LabelListQuery): Promise<StoredLabel[]>;
  /** Deletes every label of the instance (logout, deletion); returns how many. */
  abstract clear(instance: string): Promise<number>;
}
