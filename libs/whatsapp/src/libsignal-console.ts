/**
 * libsignal, under Baileys, prints to the console itself, not through the logger it is given:
 * "Closing session: SessionEntry {...}" (and "Opening", "Removing old closed session") dump a
 * whole Signal session with the ratchet's private keys to stdout, and the rest ("Session error",
 * "Migrating session", "Decrypted message with closed session") is noise next to what Baileys
 * already logs. No account's key material may reach any log, so every process that runs Baileys
 * routes console.* through this filter: whatever libsignal prints is dropped, and a short line
 * naming what it said (never its arguments) goes to `log` (the process's debug log).
 */

export interface LibsignalConsoleOptions {
  /** Receives e.g. `libsignal: Closing session` for each dropped call. */
  log?: (line: string) => void;
  /** The console to filter (the global one by default). */
  target?: Console;
}

const METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir'] as const;
type Method = (typeof METHODS)[number];
type ConsoleFn = (...args: unknown[]) => void;

interface Installed {
  log?: (line: string) => void;
  originals: Partial<Record<Method, ConsoleFn>>;
  wrappers: Partial<Record<Method, ConsoleFn>>;
}

const INSTALLED = Symbol.for('zapgate.libsignal-console');
type Filterable = Console & { [INSTALLED]?: Installed };

/** A stack frame in libsignal's files, wherever npm put the package. */
const LIBSIGNAL_FRAME = /[\\/]node_modules[\\/](?:.+[\\/])?libsignal[\\/]/;
/** What a Signal session, record or key pair has, printed by whoever prints it. */
const SESSION_TYPES = new Set(['SessionEntry', 'SessionRecord']);
const KEY_FIELDS = ['privKey', 'rootKey', 'currentRatchet', 'ephemeralKeyPair', '_chains', '_sessions'];

/**
 * Filters `console.*` (idempotent: a later call only sets `log` when given). Returns a function
 * that puts the console back as it was (for tests).
 */
export function quietLibsignalConsole(options: LibsignalConsoleOptions = {}): () => void {
  const target = (options.target ?? console) as Filterable;
  const existing = target[INSTALLED];
  if (existing) {
    if (options.log) existing.log = options.log;
    return () => undefined;
  }
  const installed: Installed = { log: options.log, originals: {}, wrappers: {} };
  for (const method of METHODS) {
    const original = target[method] as ConsoleFn | undefined;
    if (typeof original !== 'function') continue;
    const wrapper: ConsoleFn = function (this: unknown, ...args: unknown[]) {
      if (calledFrom(wrapper, LIBSIGNAL_FRAME) || args.some((a) => holdsKeys(a))) {
        installed.log?.(`libsignal: ${summary(args)}`);
        return;
      }
      return original.apply(this ?? target, args);
    };
    installed.originals[method] = original;
    installed.wrappers[method] = wrapper;
    target[method] = wrapper;
  }
  target[INSTALLED] = installed;
  return () => {
    for (const method of METHODS) {
      if (target[method] === installed.wrappers[method]) target[method] = installed.originals[method]!;
    }
    delete target[INSTALLED];
  };
}

/** Whether the function that called `fn` lives in a file matching `file`. */
function calledFrom(fn: ConsoleFn, file: RegExp): boolean {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 1;
  const frame: { stack?: string } = {};
  Error.captureStackTrace(frame, fn);
  Error.stackTraceLimit = limit;
  return file.test(frame.stack ?? '');
}

/** A Signal session or key pair, at the top level or one level down (e.g. `{ session }`). */
function holdsKeys(value: unknown, depth = 0): boolean {
  if (!value || typeof value !== 'object' || ArrayBuffer.isView(value)) return false;
  try {
    if (SESSION_TYPES.has(value.constructor?.name)) return true;
    if (KEY_FIELDS.some((k) => Object.prototype.hasOwnProperty.call(value, k))) return true;
    return depth < 1 && Object.values(value).some((v) => holdsKeys(v, depth + 1));
  } catch {
    return false; // a throwing getter: not one of libsignal's plain objects
  }
}

/** The words of the message only: up to its first colon or line end, never the values after it. */
function summary(args: unknown[]): string {
  const first = typeof args[0] === 'string' ? args[0] : '(no message)';
  return first.split(/[:\n]/, 1)[0]!.trim().slice(0, 120) || '(no message)';
}
