/**
 * Labels (WhatsApp Business): canonical commands, results and the `label-updated` event. Labels
 * live in the account's app state (`label_edit` and `label_jid` mutations of the `regular`
 * collection), which every device of the account syncs; only business accounts have them.
 */
import type { JsonSchema } from './event-schemas.js';
import { CHAT_JID as chatJid, INSTANCE_KEY as instance } from './command-schema-fragments.js';

/** WhatsApp has 20 label colours: a label's `color` is an index into them (0..19). */
export const LABEL_COLOR_COUNT = 20;

/** A label of the account, as the instance last synced it. */
export interface LabelInfo {
  /** The label id WhatsApp uses (small decimal numbers, chosen by the device that made it). */
  id: string;
  name: string;
  /** Colour index, 0..19 (WhatsApp's palette). */
  color: number;
  /** One of WhatsApp's predefined labels (New customer, New order…), when it is one. */
  predefinedId?: string;
  /** Deleted labels stay known (a device may still name them) but are listed only on request. */
  deleted: boolean;
  /** How many chats of the chat store carry it. */
  chats: number;
}

/** `edit-label`: without `id` creates a label (`name` required); with `id` changes or deletes it. */
export interface EditLabelCommand {
  instance: string;
  id?: string;
  name?: string;
  color?: number;
  deleted?: boolean;
}

/** `label-chats`: each change applied to each chat (`add` puts the label on it, `remove` takes it off). */
export interface LabelChatsCommand {
  instance: string;
  chats: string[];
  changes: { label: string; action: 'add' | 'remove' }[];
}

export interface LabelInstanceCommands {
  /**
   * The account's labels from the instance's store (filled from app-state sync); deleted ones
   * only with `includeDeleted`. forbidden (details.reason `not_business`) unless the account is
   * a WhatsApp Business account.
   */
  'list-labels': { request: { instance: string; includeDeleted?: boolean }; reply: LabelInfo[] };
  /**
   * Creates, edits or deletes a label through WhatsApp (Baileys `addLabel`: a `label_edit`
   * app-state patch); label_not_found for an unknown or deleted `id`; forbidden for a
   * non-business account; not_implemented without the app-state key.
   */
  'edit-label': { request: EditLabelCommand; reply: LabelInfo };
  /**
   * Labels or unlabels chats through WhatsApp (Baileys `addChatLabel`/`removeChatLabel`: `label_jid`
   * patches); label_not_found for an unknown label; replies with each chat's labels after.
   */
  'label-chats': { request: LabelChatsCommand; reply: { chats: { chat: string; labels: string[] }[] } };
}

/** Every label command verb (the compiler checks none is missing or extra). */
export const LABEL_COMMAND_VERBS = Object.keys({
  'list-labels': true,
  'edit-label': true,
  'label-chats': true,
} satisfies Record<keyof LabelInstanceCommands, true>) as readonly (keyof LabelInstanceCommands)[];

/**
 * `label-updated`: a label was created, renamed, recoloured or deleted (`edited`), or put on or
 * taken off a chat (`added`, `removed`), by any device of the account (zapgate included).
 */
export interface LabelChange {
  action: 'edited' | 'added' | 'removed';
  /** The label as stored after the change (absent for an association to a label not synced yet). */
  label?: LabelInfo;
  labelId: string;
  /** `added`/`removed`: the chat, and its labels after. */
  chat?: string;
  chatLabels?: string[];
}

const labelId = { type: 'string', pattern: '^[0-9]{1,12}$', description: 'a label id (decimal)' } as const;
const color = {
  type: 'integer',
  minimum: 0,
  maximum: LABEL_COLOR_COUNT - 1,
  description: "an index into WhatsApp's 20 label colours",
} as const;

const request = (properties: Record<string, unknown>, required: string[] = []) => ({
  type: 'object',
  required: ['instance', ...required],
  additionalProperties: false,
  properties: { instance, ...properties },
});

/** JSON Schemas of the label commands (merged into COMMAND_SCHEMAS). */
export const LABEL_COMMAND_SCHEMAS: Readonly<Record<keyof LabelInstanceCommands, JsonSchema>> = {
  'list-labels': request({ includeDeleted: { type: 'boolean' } }),
  'edit-label': request({
    id: labelId,
    name: { type: 'string', minLength: 1, maxLength: 100 },
    color,
    deleted: { type: 'boolean' },
  }),
  'label-chats': request(
    {
      chats: { type: 'array', minItems: 1, maxItems: 100, uniqueItems: true, items: chatJid },
      changes: {
        type: 'array',
        minItems: 1,
        maxItems: 20,
        items: {
          type: 'object',
          required: ['label', 'action'],
          additionalProperties: false,
          properties: { label: labelId, action: { enum: ['add', 'remove'] } },
        },
      },
    },
    ['chats', 'changes'],
  ),
};

const labelInfo = {
  type: 'object',
  required: ['id', 'name', 'color', 'deleted', 'chats'],
  additionalProperties: false,
  properties: {
    id: { type: 'string', minLength: 1 },
    name: { type: 'string', maxLength: 1_024 },
    color: { type: 'integer', minimum: 0, description: "an index into WhatsApp's label colours" },
    predefinedId: { type: 'string', description: "one of WhatsApp's predefined labels" },
    deleted: { type: 'boolean' },
    chats: { type: 'integer', minimum: 0, description: 'chats of the chat store that carry it' },
  },
} as const;

/** `data` schema of `label-updated` (merged into EVENT_SCHEMAS). */
export const LABEL_EVENT_DATA: Readonly<Record<'label-updated', JsonSchema>> = {
  'label-updated': {
    type: 'object',
    required: ['action', 'labelId'],
    additionalProperties: false,
    properties: {
      action: {
        enum: ['edited', 'added', 'removed'],
        description: '`edited`: created, renamed, recoloured or deleted; `added`/`removed`: on a chat',
      },
      label: labelInfo,
      labelId: { type: 'string', minLength: 1 },
      chat: {
        type: 'string',
        pattern: '^[^@\\s]+@[a-z.]+$',
        description: 'added/removed: the chat',
      },
      chatLabels: {
        type: 'array',
        items: { type: 'string' },
        description: "added/removed: the chat's labels after",
      },
    },
  },
};
