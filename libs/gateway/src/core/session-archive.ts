import { createHash } from 'node:crypto';
import { INSTANCE_KEY_PATTERN } from '@zapgate/contracts';
import { AUTH_SCHEMA_VERSION, type AuthEntry, type Dialect, type InstanceRecord } from '@zapgate/storage';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';

/** What `manifest.json` says the archive is; anything else is refused. */
export const SESSION_ARCHIVE_FORMAT = 'zapgate-sessions';
/** The archive layout this version writes and reads; bump it (and read the old one) when it changes. */
export const SESSION_ARCHIVE_VERSION = 1;

/** Limits a restore checks before it inflates a byte (a zip bomb is refused from its directory). */
export const SESSION_ARCHIVE_LIMITS = {
  /** the uploaded zip */
  archiveBytes: 64 * 1024 * 1024,
  /** every file inflated, together (an idle session's auth state is about 1 MB) */
  unpackedBytes: 256 * 1024 * 1024,
  /** one file inflated */
  fileBytes: 64 * 1024 * 1024,
  sessions: 1_000,
} as const;

const MANIFEST = 'manifest.json';
const INSTANCE_FILE = 'instance.json';
const AUTH_FILE = 'auth.jsonl';
const SESSION_FILES = [INSTANCE_FILE, AUTH_FILE] as const;

/**
 * One session as the archive carries it: its instance record (the webhook signing secret opened,
 * so another zapgate with another ZG_DATA_KEY can seal it again) and every auth entry (creds and
 * Signal keys, values as stored).
 */
export interface ArchivedSession {
  record: ArchivedInstance;
  auth: AuthEntry[];
}

/** The instance record fields a restore needs; timestamps other than creation are the target's. */
export interface ArchivedInstance {
  key: string;
  dialect: Dialect;
  tokenHash?: string;
  webhook?: InstanceRecord['webhook'];
  /** The webhook signing secret in plain text (the archive is as secret as the keys in it). */
  webhookSecret?: string;
  account?: InstanceRecord['account'];
  createdAt: string;
}

/** `manifest.json`: what the archive holds, and the SHA-256 of each file. */
export interface SessionArchiveManifest {
  format: typeof SESSION_ARCHIVE_FORMAT;
  version: typeof SESSION_ARCHIVE_VERSION;
  /** AUTH_SCHEMA_VERSION of the auth values */
  authSchema: number;
  createdAt: string;
  sessions: {
    key: string;
    /** auth entries in `auth.jsonl` */
    authEntries: number;
    /** file name in the session's folder -> SHA-256 (hex) of its bytes */
    sha256: Record<(typeof SESSION_FILES)[number], string>;
  }[];
}

/** A restore's archive is not one this version can read; the message says why (for a 400). */
export class SessionArchiveError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SessionArchiveError';
  }
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const folder = (key: string) => `sessions/${key}/`;

/**
 * The zip of sessions: `manifest.json`, then `sessions/<key>/instance.json` and
 * `sessions/<key>/auth.jsonl` (one JSON object `{type, id, value}` a line) per session.
 */
export function packSessionArchive(sessions: ArchivedSession[], now = new Date()): Uint8Array {
  const files: Zippable = {};
  const manifest: SessionArchiveManifest = {
    format: SESSION_ARCHIVE_FORMAT,
    version: SESSION_ARCHIVE_VERSION,
    authSchema: AUTH_SCHEMA_VERSION,
    createdAt: now.toISOString(),
    sessions: [],
  };
  for (const { record, auth } of sessions) {
    const instance = strToU8(JSON.stringify(record, null, 2));
    const lines = strToU8(
      auth.map((e) => `${JSON.stringify({ type: e.type, id: e.id, value: e.value })}\n`).join(''),
    );
    files[`${folder(record.key)}${INSTANCE_FILE}`] = instance;
    files[`${folder(record.key)}${AUTH_FILE}`] = lines;
    manifest.sessions.push({
      key: record.key,
      authEntries: auth.length,
      sha256: { [INSTANCE_FILE]: sha256(instance), [AUTH_FILE]: sha256(lines) },
    });
  }
  files[MANIFEST] = strToU8(JSON.stringify(manifest, null, 2));
  return zipSync(files, { level: 6 });
}

/**
 * Reads and checks a whole archive before anything is written: a zip whose directory names only
 * the files above (no other path, no `..`, no absolute or backslash path, no duplicate), within
 * the size limits (the sizes the directory declares are checked before inflating, and the
 * inflated bytes must match the manifest's digests), of this format and version, every record and
 * auth line well formed and for the folder it is in. Throws SessionArchiveError.
 */
export function unpackSessionArchive(
  zip: Uint8Array,
  limits: typeof SESSION_ARCHIVE_LIMITS = SESSION_ARCHIVE_LIMITS,
): { manifest: SessionArchiveManifest; sessions: ArchivedSession[] } {
  if (zip.length > limits.archiveBytes)
    throw new SessionArchiveError(`the archive is over ${limits.archiveBytes} bytes`);
  const seen = new Set<string>();
  let unpacked = 0;
  let problem: string | undefined;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip, {
      filter: (file) => {
        if (problem) return false;
        problem = entryProblem(file.name, seen, limits);
        if (!problem && file.originalSize > limits.fileBytes)
          problem = `${file.name} is over ${limits.fileBytes} bytes unpacked`;
        unpacked += file.originalSize;
        if (!problem && unpacked > limits.unpackedBytes)
          problem = `the archive is over ${limits.unpackedBytes} bytes unpacked`;
        seen.add(file.name);
        return !problem && !file.name.endsWith('/');
      },
    });
  } catch (err) {
    throw new SessionArchiveError(`the file is not a readable zip archive (${(err as Error).message})`);
  }
  if (problem) throw new SessionArchiveError(problem);

  const manifest = readManifest(files[MANIFEST]);
  const listed = new Set(manifest.sessions.map((s) => s.key));
  for (const name of Object.keys(files)) {
    const key = name === MANIFEST ? undefined : name.split('/')[1]!;
    if (key !== undefined && !listed.has(key))
      throw new SessionArchiveError(`${name} belongs to no session the manifest lists`);
  }
  const sessions = manifest.sessions.map((entry): ArchivedSession => {
    const bytes = Object.fromEntries(
      SESSION_FILES.map((name) => {
        const path = `${folder(entry.key)}${name}`;
        const data = files[path];
        if (!data) throw new SessionArchiveError(`${path} is missing`);
        if (sha256(data) !== entry.sha256[name])
          throw new SessionArchiveError(`${path} does not match its SHA-256 in the manifest`);
        return [name, data];
      }),
    ) as Record<(typeof SESSION_FILES)[number], Uint8Array>;
    const record = readInstance(entry.key, bytes[INSTANCE_FILE]);
    const auth = readAuth(entry.key, bytes[AUTH_FILE]);
    if (auth.length !== entry.authEntries)
      throw new SessionArchiveError(
        `${folder(entry.key)}${AUTH_FILE} has ${auth.length} entries; the manifest says ${entry.authEntries}`,
      );
    return { record, auth };
  });
  return { manifest, sessions };
}

/** Why a zip entry's name is refused, or undefined when it is one this format has. */
function entryProblem(
  name: string,
  seen: Set<string>,
  limits: typeof SESSION_ARCHIVE_LIMITS,
): string | undefined {
  const shown = JSON.stringify(name.slice(0, 80));
  if (seen.has(name)) return `the archive holds ${shown} twice`;
  if (seen.size >= 2 + 3 * limits.sessions) return `the archive holds over ${limits.sessions} sessions`;
  if (name.includes('\\') || name.startsWith('/') || /^[A-Za-z]:/.test(name) || name.includes('\0'))
    return `the archive path ${shown} is absolute or not a plain path`;
  const parts = name.split('/');
  if (parts.some((p) => p === '..' || p === '.')) return `the archive path ${shown} leaves its folder`;
  if (name === MANIFEST || name === 'sessions/') return undefined;
  const [top, key, file, ...rest] = parts;
  if (top === 'sessions' && key && INSTANCE_KEY_PATTERN.test(key) && !rest.length) {
    if (file === '' || (SESSION_FILES as readonly string[]).includes(file ?? '')) return undefined;
  }
  return `the archive path ${shown} is not one of manifest.json, sessions/<name>/instance.json or sessions/<name>/auth.jsonl`;
}

function parseJson(what: string, data: Uint8Array): unknown {
  try {
    return JSON.parse(strFromU8(data));
  } catch {
    throw new SessionArchiveError(`${what} is not valid JSON`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isHex64 = (v: unknown) => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v);

function readManifest(data: Uint8Array | undefined): SessionArchiveManifest {
  if (!data) throw new SessionArchiveError('manifest.json is missing: this is not a zapgate session backup');
  const m = parseJson(MANIFEST, data);
  if (!isObject(m) || m['format'] !== SESSION_ARCHIVE_FORMAT)
    throw new SessionArchiveError(`manifest.json is not a ${SESSION_ARCHIVE_FORMAT} manifest`);
  if (m['version'] !== SESSION_ARCHIVE_VERSION)
    throw new SessionArchiveError(
      `the archive is version ${JSON.stringify(m['version'])}; this zapgate reads version ${SESSION_ARCHIVE_VERSION}`,
    );
  const authSchema = m['authSchema'];
  if (typeof authSchema !== 'number' || !Number.isInteger(authSchema) || authSchema < 1)
    throw new SessionArchiveError('manifest.json: authSchema must be a whole number');
  if (authSchema > AUTH_SCHEMA_VERSION)
    throw new SessionArchiveError(
      `the auth state is schema ${authSchema}; this zapgate reads up to ${AUTH_SCHEMA_VERSION} (upgrade it first)`,
    );
  const sessions = m['sessions'];
  if (!Array.isArray(sessions)) throw new SessionArchiveError('manifest.json: sessions must be an array');
  const keys = new Set<string>();
  for (const s of sessions as unknown[]) {
    if (
      !isObject(s) ||
      typeof s['key'] !== 'string' ||
      !INSTANCE_KEY_PATTERN.test(s['key']) ||
      typeof s['authEntries'] !== 'number' ||
      !Number.isInteger(s['authEntries']) ||
      !isObject(s['sha256']) ||
      !SESSION_FILES.every((f) => isHex64((s['sha256'] as Record<string, unknown>)[f]))
    )
      throw new SessionArchiveError(
        'manifest.json: each session needs a key (1 to 64 letters, digits, "_" or "-"), authEntries and the sha256 of its files',
      );
    if (keys.has(s['key'])) throw new SessionArchiveError(`manifest.json lists ${s['key']} twice`);
    keys.add(s['key']);
  }
  return { ...(m as unknown as SessionArchiveManifest), authSchema };
}

function readInstance(key: string, data: Uint8Array): ArchivedInstance {
  const path = `${folder(key)}${INSTANCE_FILE}`;
  const r = parseJson(path, data);
  if (!isObject(r) || r['key'] !== key)
    throw new SessionArchiveError(`${path} is not the record of session ${key}`);
  const dialect = r['dialect'];
  if (dialect !== 'wppconnect' && dialect !== 'mega')
    throw new SessionArchiveError(`${path}: dialect must be wppconnect or mega`);
  const optionalString = (field: string) => {
    const v = r[field];
    if (v !== undefined && typeof v !== 'string')
      throw new SessionArchiveError(`${path}: ${field} must be a string`);
    return v as string | undefined;
  };
  const tokenHash = optionalString('tokenHash');
  const webhookSecret = optionalString('webhookSecret');
  const createdAt = optionalString('createdAt');
  if (tokenHash !== undefined && !isHex64(tokenHash))
    throw new SessionArchiveError(`${path}: tokenHash must be a SHA-256 in hex`);
  if (createdAt === undefined || Number.isNaN(Date.parse(createdAt)))
    throw new SessionArchiveError(`${path}: createdAt must be an ISO date-time`);
  const webhook = r['webhook'];
  if (webhook !== undefined) {
    const list = (v: unknown) =>
      v === undefined || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
    if (
      !isObject(webhook) ||
      typeof webhook['url'] !== 'string' ||
      typeof webhook['enabled'] !== 'boolean' ||
      !list(webhook['events']) ||
      !list(webhook['ignore'])
    )
      throw new SessionArchiveError(
        `${path}: webhook must be {url, enabled, events?, ignore?} (strings, a boolean, string arrays)`,
      );
  }
  const account = r['account'];
  if (
    account !== undefined &&
    !(
      isObject(account) &&
      typeof account['id'] === 'string' &&
      ['lid', 'name'].every((f) => account[f] === undefined || typeof account[f] === 'string')
    )
  )
    throw new SessionArchiveError(`${path}: account must be {id, lid?, name?} (strings)`);
  return {
    key,
    dialect,
    ...(tokenHash !== undefined ? { tokenHash } : {}),
    ...(webhook !== undefined ? { webhook: webhook as unknown as ArchivedInstance['webhook'] } : {}),
    ...(webhookSecret !== undefined ? { webhookSecret } : {}),
    ...(account !== undefined ? { account: account as unknown as ArchivedInstance['account'] } : {}),
    createdAt,
  };
}

function readAuth(key: string, data: Uint8Array): AuthEntry[] {
  const path = `${folder(key)}${AUTH_FILE}`;
  const text = strFromU8(data);
  const entries: AuthEntry[] = [];
  const seen = new Set<string>();
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  lines.forEach((line, i) => {
    const e = parseJson(`${path} line ${i + 1}`, strToU8(line));
    if (
      !isObject(e) ||
      typeof e['type'] !== 'string' ||
      !e['type'] ||
      typeof e['id'] !== 'string' ||
      typeof e['value'] !== 'string'
    )
      throw new SessionArchiveError(`${path} line ${i + 1} must be {type, id, value} (strings)`);
    const slot = `${e['type']}\u0000${e['id']}`;
    if (seen.has(slot)) throw new SessionArchiveError(`${path} holds ${e['type']} ${e['id']} twice`);
    seen.add(slot);
    entries.push({ type: e['type'], id: e['id'], value: e['value'] });
  });
  const creds = entries.find((e) => e.type === 'creds' && e.id === 'creds');
  if (entries.length && !creds) throw new SessionArchiveError(`${path} has keys but no creds`);
  if (creds && !isObject(safeParse(creds.value ?? '')))
    throw new SessionArchiveError(`${path}: creds must be a JSON object`);
  return entries;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
