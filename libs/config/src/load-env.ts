import 'reflect-metadata';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync } from 'class-validator';

export class EnvValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'EnvValidationError';
  }
}

/**
 * Builds and validates an app's settings from environment variables. This is the one place that
 * reads `process.env`; each app declares its settings as a class-validator class (with explicit
 * property types: swc emits no type metadata for inferred ones), with defaults
 * as property initialisers, and refuses to start on the first problem list: reading `process.env`
 * (an app's boot), it prints every problem on one line and exits with 1; given another `source`,
 * it throws an `EnvValidationError`.
 */
export function loadEnv<T extends object>(
  cls: ClassConstructor<T>,
  source: NodeJS.ProcessEnv = process.env,
): T {
  const known = Object.keys(new cls());
  const plain: Record<string, string> = {};
  for (const key of known) {
    const value = source[key];
    if (value !== undefined && value !== '') plain[key] = value;
  }
  const instance = plainToInstance(cls, plain, { enableImplicitConversion: true, exposeDefaultValues: true });
  const errors = validateSync(instance, { whitelist: true, forbidUnknownValues: true });
  if (errors.length) {
    const problems = errors.flatMap((e) =>
      Object.values(e.constraints ?? {}).map((m) => ({ setting: e.property, message: m })),
    );
    if (source === process.env) {
      // the process's own settings at boot: one line saying what to fix, not a stack trace
      const line = problems
        .map((p) => (p.message.startsWith(p.setting) ? p.message : `${p.setting}: ${p.message}`))
        .join('; ');
      process.stderr.write(`invalid configuration: ${line}\n`);
      process.exit(1);
    }
    throw new EnvValidationError(problems.map((p) => `${p.setting}: ${p.message}`));
  }
  return instance;
}
