import {
  COMMAND_SCHEMAS,
  COMMAND_VERBS,
  DomainError,
  ErrorCode,
  type CommandVerb,
  type InstanceCommands,
} from '@zapgate/contracts';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

/** Problems named in a refusal; the rest are counted. */
const MAX_LISTED = 5;

/**
 * Checks instance commands against their JSON Schemas (`COMMAND_SCHEMAS`) before a handler runs:
 * a malformed command, or one sent on another instance's subject, is a `validation_failed` naming
 * what is wrong, and never reaches the session.
 */
export class CommandValidator {
  private readonly validators: ReadonlyMap<string, ValidateFunction>;

  constructor() {
    const ajv = new Ajv({ strict: true, allErrors: true, discriminator: true });
    this.validators = new Map(COMMAND_VERBS.map((verb) => [verb, ajv.compile(COMMAND_SCHEMAS[verb])]));
  }

  isVerb(verb: string): verb is CommandVerb {
    return this.validators.has(verb);
  }

  /** The request, typed, when it is a valid `verb` command for `instance`; a DomainError otherwise. */
  validate<V extends CommandVerb>(
    verb: V,
    instance: string,
    request: unknown,
  ): InstanceCommands[V]['request'] {
    const validate = this.validators.get(verb);
    if (!validate) throw new DomainError(ErrorCode.NotImplemented, `unknown command ${verb}`);
    if (!validate(request)) {
      const errors = (validate.errors ?? []).map(describe);
      const listed = [...new Set(errors)];
      const shown = listed.slice(0, MAX_LISTED).join('; ');
      const more = listed.length > MAX_LISTED ? ` (and ${listed.length - MAX_LISTED} more)` : '';
      throw new DomainError(ErrorCode.ValidationFailed, `invalid ${verb} command: ${shown}${more}`, {
        errors: listed,
      });
    }
    const target = (request as { instance: string }).instance;
    if (target !== instance)
      throw new DomainError(
        ErrorCode.ValidationFailed,
        `invalid ${verb} command: it names instance ${target} but was sent to ${instance}`,
      );
    return request as InstanceCommands[V]['request'];
  }
}

/** One problem, with where it is (`content.media.sha256 must match pattern ...`). */
function describe(e: ErrorObject): string {
  const path = e.instancePath ? e.instancePath.slice(1).replaceAll('/', '.') : 'the command';
  switch (e.keyword) {
    case 'additionalProperties':
      return `${path} has an unknown field ${(e.params as { additionalProperty: string }).additionalProperty}`;
    case 'required':
      return `${path} needs ${(e.params as { missingProperty: string }).missingProperty}`;
    case 'discriminator':
      return (e.params as { error: string }).error === 'mapping'
        ? `${path}.kind is not a kind of message this gateway sends`
        : `${path} needs a kind`;
    default:
      return `${path} ${e.message ?? 'is invalid'}`;
  }
}
