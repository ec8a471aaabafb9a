import {
  COMMAND_SCHEMAS,
  DomainError,
  ErrorCode,
  GROUPS_SUBJECTS,
  type GroupsServiceCommands,
  type GroupsVerb,
  type JsonSchema,
} from '@zapgate/contracts';
import { Ajv, type ValidateFunction } from 'ajv';

const refresh = { type: 'boolean', description: 'ask WhatsApp even when the read model is fresh' };

/** The shard's schema of a verb, with `refresh` allowed (reads the groups service may answer itself). */
function withRefresh(schema: JsonSchema): JsonSchema {
  const properties = schema['properties'] as Record<string, unknown>;
  return { ...schema, $id: `${String(schema['$id'])}:groups`, properties: { ...properties, refresh } };
}

/** JSON Schemas of the groups service's requests: the shard's own where it forwards them. */
const SCHEMAS: Record<GroupsVerb, JsonSchema> = {
  'list-groups': withRefresh(COMMAND_SCHEMAS['list-groups']),
  'get-group': withRefresh(COMMAND_SCHEMAS['get-group']),
  'list-common-groups': {
    $id: 'urn:zapgate:groups:list-common-groups',
    type: 'object',
    required: ['instance', 'participant'],
    additionalProperties: false,
    properties: {
      instance: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' },
      participant: { type: 'string', pattern: '^[0-9]{1,20}@(s\\.whatsapp\\.net|lid)$' },
    },
  },
  'create-group': COMMAND_SCHEMAS['create-group'],
  'update-group-participants': COMMAND_SCHEMAS['update-group-participants'],
  'set-group-subject': COMMAND_SCHEMAS['set-group-subject'],
  'set-group-description': COMMAND_SCHEMAS['set-group-description'],
  'set-group-setting': COMMAND_SCHEMAS['set-group-setting'],
  'leave-group': COMMAND_SCHEMAS['leave-group'],
  'set-group-picture': COMMAND_SCHEMAS['set-group-picture'],
  'get-group-invite-code': COMMAND_SCHEMAS['get-group-invite-code'],
  'revoke-group-invite-code': COMMAND_SCHEMAS['revoke-group-invite-code'],
  'join-group': COMMAND_SCHEMAS['join-group'],
  'get-group-invite-info': COMMAND_SCHEMAS['get-group-invite-info'],
  'create-community': COMMAND_SCHEMAS['create-community'],
  'update-community-groups': COMMAND_SCHEMAS['update-community-groups'],
  'update-community-participants': COMMAND_SCHEMAS['update-community-participants'],
};

/** Checks each request on `zg.groups.<verb>` before the service acts on it (validation_failed). */
export class GroupsRequestValidator {
  private readonly validators: Map<GroupsVerb, ValidateFunction>;

  constructor() {
    const ajv = new Ajv({ strict: true, allErrors: true });
    this.validators = new Map(
      (Object.keys(GROUPS_SUBJECTS) as GroupsVerb[]).map((verb) => [verb, ajv.compile(SCHEMAS[verb])]),
    );
  }

  validate<V extends GroupsVerb>(verb: V, request: unknown): GroupsServiceCommands[V]['request'] {
    const validate = this.validators.get(verb)!;
    if (!validate(request)) {
      const errors = [
        ...new Set(
          (validate.errors ?? []).map(
            (e) => `${e.instancePath.slice(1).replaceAll('/', '.') || 'the request'} ${e.message}`,
          ),
        ),
      ];
      throw new DomainError(
        ErrorCode.ValidationFailed,
        `invalid ${verb} request: ${errors.slice(0, 5).join('; ')}`,
        {
          errors,
        },
      );
    }
    return request as GroupsServiceCommands[V]['request'];
  }
}
