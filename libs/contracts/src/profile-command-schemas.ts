import type { JsonSchema } from './event-schemas.js';
import type { GroupInstanceCommands } from './groups.js';
import { MEDIA_REFERENCE_SCHEMA } from './media-reference-schema.js';
import type { ProfileInstanceCommands } from './profile.js';
import {
  GROUP_JID as groupJid,
  INSTANCE_KEY as instance,
  USER_JID as userJid,
} from './command-schema-fragments.js';

/** A picture is an image: JPEG, PNG or WebP (sniffed from the bytes at intake). */
const picture = {
  ...MEDIA_REFERENCE_SCHEMA,
  properties: {
    ...MEDIA_REFERENCE_SCHEMA.properties,
    mime: { type: 'string', pattern: '^image/(jpeg|png|webp)$' },
  },
} as const;

const request = (properties: Record<string, unknown> = {}, required: string[] = []) => ({
  type: 'object',
  required: ['instance', ...required],
  additionalProperties: false,
  properties: { instance, ...properties },
});

/** JSON Schemas of the profile commands and of `set-group-picture` (merged into COMMAND_SCHEMAS). */
export const PROFILE_COMMAND_SCHEMAS: Readonly<
  Record<keyof ProfileInstanceCommands | keyof Pick<GroupInstanceCommands, 'set-group-picture'>, JsonSchema>
> = {
  'set-profile-picture': request({ media: picture }, ['media']),
  'remove-profile-picture': request(),
  'get-business-profile': request({ jid: userJid }, ['jid']),
  'set-business-profile': request(
    {
      profile: {
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        properties: {
          description: { type: 'string', maxLength: 512 },
          address: { type: 'string', maxLength: 256 },
          email: { type: 'string', maxLength: 128 },
          websites: {
            type: 'array',
            maxItems: 2,
            items: { type: 'string', minLength: 1, maxLength: 256 },
          },
        },
      },
    },
    ['profile'],
  ),
  'set-group-picture': request({ group: groupJid, media: picture }, ['group', 'media']),
};
