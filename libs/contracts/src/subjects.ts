import type { InstanceCommands } from './commands.js';
import { GROUPS_SUBJECTS, type GroupsVerb } from './groups.js';

/**
 * Every NATS subject and stream name, in one place (see docs/adr for the scheme):
 * - `zg.cmd.<instance>.<verb>`: an instance command, answered by the shard that leases it;
 * - `zg.ctl.<verb>`: control plane (instance registry), answered by any shard (queue group);
 * - `zg.groups.<verb>`: the groups service (queue group `zg-groups`), `GROUPS_SUBJECTS`;
 * - `zg.evt.<instance>.<event>`: events, captured by the JetStream stream `ZG_EVENTS`;
 * - `zg.instance.changed`: "this instance record was written" (`InstanceChanged`, core NATS, not
 *   stored), for the processes caching instance records.
 * Verbs are imperative, events past tense.
 */
export const EVENTS_STREAM = 'ZG_EVENTS';
export const LEASES_BUCKET = 'zg_leases';
export const SHARD_QUEUE = 'zg-shards';

/** Instance keys become subject tokens: letters, digits, `_` and `-` only (validated at creation). */
export const INSTANCE_KEY_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export const Subjects = {
  command: (instance: string, verb: CommandVerb): string => `zg.cmd.${token(instance)}.${verb}`,
  allCommandsOf: (instance: string): string => `zg.cmd.${token(instance)}.>`,
  control: (verb: ControlVerb): string => `zg.ctl.${verb}`,
  groups: (verb: GroupsVerb): string => GROUPS_SUBJECTS[verb],
  event: (instance: string, event: EventName): string => `zg.evt.${token(instance)}.${event}`,
  allEvents: 'zg.evt.>',
  instanceChanged: 'zg.instance.changed',
} as const;

/** The body of a `Subjects.instanceChanged` notice. */
export interface InstanceChanged {
  instance: string;
}

/** An instance command's verb: a key of the command map (`COMMAND_VERBS` lists them at run time). */
export type CommandVerb = keyof InstanceCommands;

/** Control plane: ask any shard (queue group) to take up an instance nobody holds. */
export type ControlVerb = 'place-instance';

export type EventName =
  | 'connection-changed'
  | 'qr-updated'
  | 'pairing-code-issued'
  | 'message-received'
  | 'message-status-changed'
  | 'message-reacted'
  | 'message-edited'
  | 'message-revoked'
  | 'poll-voted'
  | 'presence-updated'
  | 'chat-updated'
  | 'contact-updated'
  | 'blocklist-changed'
  | 'group-updated'
  | 'group-participants-changed'
  | 'group-join-requested'
  | 'call-received'
  | 'label-updated';

/** Every event name, in the order `docs/events.md` lists them (the compiler checks none is missing). */
export const EVENT_NAMES = Object.keys({
  'connection-changed': true,
  'qr-updated': true,
  'pairing-code-issued': true,
  'message-received': true,
  'message-status-changed': true,
  'message-reacted': true,
  'message-edited': true,
  'message-revoked': true,
  'poll-voted': true,
  'presence-updated': true,
  'chat-updated': true,
  'contact-updated': true,
  'blocklist-changed': true,
  'group-updated': true,
  'group-participants-changed': true,
  'group-join-requested': true,
  'call-received': true,
  'label-updated': true,
} satisfies Record<EventName, true>) as readonly EventName[];

function token(instance: string): string {
  if (!INSTANCE_KEY_PATTERN.test(instance))
    throw new Error(`invalid instance key for a subject: ${instance}`);
  return instance;
}
