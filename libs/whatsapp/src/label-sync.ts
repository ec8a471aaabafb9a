import type { BaileysEventMap } from '@whiskeysockets/baileys';
import type { LabelChange, LabelInfo } from '@zapgate/contracts';
import type { ChatRepository, LabelPatch, LabelRepository, StoredLabel } from '@zapgate/storage';

/** The most chats counted per label (the chat list's own page limit). */
const MAX_COUNTED = 1_000;

/** A Baileys `labels.edit` (a `label_edit` app-state mutation) as a store patch. */
export function labelPatchFromBaileys(label: BaileysEventMap['labels.edit']): LabelPatch | undefined {
  if (!label.id) return undefined;
  const patch: LabelPatch = { id: String(label.id), deleted: !!label.deleted };
  if (typeof label.name === 'string') patch.name = label.name;
  if (typeof label.color === 'number' && Number.isFinite(label.color)) patch.color = label.color;
  if (label.predefinedId !== undefined && label.predefinedId !== null)
    patch.predefinedId = String(label.predefinedId);
  return patch;
}

/** How many stored chats carry the label. */
export async function chatsWithLabel(chats: ChatRepository, instance: string, id: string): Promise<number> {
  return (await chats.list(instance, { labels: [id], limit: MAX_COUNTED })).length;
}

/** A stored label as the canonical `LabelInfo`. */
export function labelInfo(label: StoredLabel, chats: number): LabelInfo {
  return {
    id: label.id,
    name: label.name,
    color: label.color,
    ...(label.predefinedId !== undefined ? { predefinedId: label.predefinedId } : {}),
    deleted: label.deleted,
    chats,
  };
}

/** Where a session keeps labels, and what it reads chat counts from. */
export interface LabelStores {
  labels: LabelRepository;
  chats: ChatRepository;
}

/** Stores a `labels.edit` and tells what changed (`label-updated`, action `edited`). */
export async function storeLabelEdit(
  stores: LabelStores,
  instance: string,
  edit: BaileysEventMap['labels.edit'],
): Promise<LabelChange | undefined> {
  const patch = labelPatchFromBaileys(edit);
  if (!patch) return undefined;
  await stores.labels.apply(instance, [patch]);
  const stored = (await stores.labels.get(instance, patch.id))!;
  return {
    action: 'edited',
    labelId: patch.id,
    label: labelInfo(stored, await chatsWithLabel(stores.chats, instance, patch.id)),
  };
}

/** The `label-updated` of a chat association already applied to the chat store. */
export async function associationChange(
  stores: LabelStores,
  instance: string,
  change: { type: 'add' | 'remove'; labelId: string; chat: string; chatLabels: string[] },
): Promise<LabelChange> {
  const stored = await stores.labels.get(instance, change.labelId);
  return {
    action: change.type === 'add' ? 'added' : 'removed',
    labelId: change.labelId,
    ...(stored
      ? { label: labelInfo(stored, await chatsWithLabel(stores.chats, instance, change.labelId)) }
      : {}),
    chat: change.chat,
    chatLabels: change.chatLabels,
  };
}
