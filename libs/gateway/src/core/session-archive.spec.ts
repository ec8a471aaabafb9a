import { createHash } from 'node:crypto';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import {
  packSessionArchive,
  SESSION_ARCHIVE_LIMITS,
  SessionArchiveError,
  unpackSessionArchive,
  type ArchivedSession,
  type SessionArchiveManifest,
} from './session-archive.js';

const store: ArchivedSession = {
  record: {
    key: 'store',
    dialect: 'wppconnect',
    webhook: { url: 'https://hooks.example.com/x', enabled: true, events: ['onmessage'] },
    webhookSecret: 'a-signing-secret-of-enough-length',
    account: { id: '5511999990001@s.whatsapp.net', name: 'Store' },
    createdAt: '2026-01-02T03:04:05.000Z',
  },
  auth: [
    { type: 'creds', id: 'creds', value: '{"me":{"id":"5511999990001:2@s.whatsapp.net"}}' },
    { type: 'session', id: '5511999990002.0', value: '{"_sessions":{}}' },
    { type: 'pre-key', id: '1', value: '{"private":"x","public":"y"}' },
  ],
};
const fresh: ArchivedSession = {
  record: { key: 'fresh_one', dialect: 'wppconnect', createdAt: '2026-01-02T03:04:05.000Z' },
  auth: [],
};

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const files = (zip: Uint8Array) => unzipSync(zip);
const manifestOf = (f: Record<string, Uint8Array>) =>
  JSON.parse(strFromU8(f['manifest.json']!)) as SessionArchiveManifest;
/** Rewrites an archive's files (and, unless told not to, the manifest's digests to match). */
function rezip(
  zip: Uint8Array,
  change: (f: Record<string, Uint8Array>, m: SessionArchiveManifest) => void,
  { fixDigests = true } = {},
): Uint8Array {
  const f = files(zip);
  const m = manifestOf(f);
  change(f, m);
  if (fixDigests)
    for (const s of m.sessions)
      for (const name of ['instance.json', 'auth.jsonl'] as const) {
        const data = f[`sessions/${s.key}/${name}`];
        if (data) s.sha256[name] = sha256(data);
      }
  f['manifest.json'] = strToU8(JSON.stringify(m));
  return zipSync(f as Zippable);
}
const refusal = (zip: Uint8Array, limits = SESSION_ARCHIVE_LIMITS) => {
  try {
    unpackSessionArchive(zip, limits);
  } catch (err) {
    expect(err).toBeInstanceOf(SessionArchiveError);
    return (err as Error).message;
  }
  throw new Error('the archive was accepted');
};

describe('session archive', () => {
  const zip = packSessionArchive([store, fresh], new Date('2026-03-04T05:06:07Z'));

  it('packs a manifest and two files per session, and unpacks them as they were', () => {
    const f = files(zip);
    expect(Object.keys(f).sort()).toEqual([
      'manifest.json',
      'sessions/fresh_one/auth.jsonl',
      'sessions/fresh_one/instance.json',
      'sessions/store/auth.jsonl',
      'sessions/store/instance.json',
    ]);
    expect(manifestOf(f)).toMatchObject({
      format: 'zapgate-sessions',
      version: 1,
      authSchema: 1,
      createdAt: '2026-03-04T05:06:07.000Z',
      sessions: [
        { key: 'store', authEntries: 3 },
        { key: 'fresh_one', authEntries: 0 },
      ],
    });
    expect(strFromU8(f['sessions/store/auth.jsonl']!).trim().split('\n')).toHaveLength(3);
    const { sessions } = unpackSessionArchive(zip);
    expect(sessions).toEqual([store, fresh]);
  });

  it('refuses what is not a zip, or a zip without a zapgate manifest', () => {
    expect(refusal(strToU8('not a zip at all'))).toMatch(/not a readable zip/);
    expect(refusal(new Uint8Array(0))).toMatch(/not a readable zip/);
    // the zip's end cut off
    expect(refusal(zip.subarray(0, zip.length - 30))).toMatch(/not a readable zip/);
    expect(refusal(zipSync({ 'readme.txt': strToU8('hi') }))).toMatch(/not one of manifest.json/);
    expect(refusal(zipSync({ 'sessions/': new Uint8Array(0) }))).toMatch(/manifest.json is missing/);
    expect(refusal(zipSync({ 'manifest.json': strToU8('{"format":"other","version":1}') }))).toMatch(
      /not a zapgate-sessions manifest/,
    );
    expect(refusal(zipSync({ 'manifest.json': strToU8('{oops') }))).toMatch(/not valid JSON/);
  });

  it('refuses another version of the archive, or of the auth state', () => {
    expect(refusal(rezip(zip, (_f, m) => Object.assign(m, { version: 2 })))).toMatch(
      /version 2; this zapgate reads version 1/,
    );
    expect(refusal(rezip(zip, (_f, m) => Object.assign(m, { authSchema: 99 })))).toMatch(/schema 99/);
  });

  it('refuses paths outside the layout: traversal, absolute, backslashes, other names', () => {
    const cases: [string, RegExp][] = [
      ['../evil.json', /leaves its folder/],
      ['sessions/../../etc/passwd', /leaves its folder/],
      ['sessions/store/../../x', /leaves its folder/],
      ['sessions/./store/auth.jsonl', /leaves its folder/],
      ['/etc/passwd', /absolute or not a plain path/],
      ['C:/windows/x', /absolute or not a plain path/],
      ['sessions\\store\\auth.jsonl', /absolute or not a plain path/],
      ['sessions/store/creds.json', /not one of manifest.json/],
      ['sessions/bad name/auth.jsonl', /not one of manifest.json/],
      ['sessions/store/deeper/auth.jsonl', /not one of manifest.json/],
    ];
    for (const [name, why] of cases) {
      const bad = rezip(zip, (f) => (f[name] = strToU8('{}')));
      expect(refusal(bad)).toMatch(why);
    }
  });

  it('refuses an oversized archive, and a zip bomb before inflating it', () => {
    expect(refusal(zip, { ...SESSION_ARCHIVE_LIMITS, archiveBytes: zip.length - 1 })).toMatch(
      /archive is over/,
    );
    // 32 MB of zeros compress to a few kB
    const bomb = rezip(zip, (f) => (f['sessions/store/auth.jsonl'] = new Uint8Array(32 * 1024 * 1024)));
    expect(bomb.length).toBeLessThan(100_000);
    expect(refusal(bomb, { ...SESSION_ARCHIVE_LIMITS, unpackedBytes: 16 * 1024 * 1024 })).toMatch(
      /over 16777216 bytes unpacked/,
    );
    expect(refusal(bomb, { ...SESSION_ARCHIVE_LIMITS, fileBytes: 1024 * 1024 })).toMatch(
      /auth.jsonl is over 1048576 bytes unpacked/,
    );
  });

  it('refuses files that do not match the manifest: digests, counts, unlisted or missing sessions', () => {
    const tampered = rezip(
      zip,
      (f) => (f['sessions/store/auth.jsonl'] = strToU8(strFromU8(f['sessions/store/auth.jsonl']!) + '\n')),
      { fixDigests: false },
    );
    expect(refusal(tampered)).toMatch(/does not match its SHA-256/);
    expect(refusal(rezip(zip, (_f, m) => (m.sessions[0]!.authEntries = 2)))).toMatch(
      /has 3 entries; the manifest says 2/,
    );
    expect(refusal(rezip(zip, (_f, m) => m.sessions.pop()))).toMatch(
      /belongs to no session the manifest lists/,
    );
    expect(refusal(rezip(zip, (f) => delete f['sessions/store/instance.json']))).toMatch(
      /sessions\/store\/instance.json is missing/,
    );
    expect(refusal(rezip(zip, (_f, m) => m.sessions.push({ ...m.sessions[0]! })))).toMatch(
      /lists store twice/,
    );
  });

  it('refuses malformed records and auth lines', () => {
    const record = (change: (r: Record<string, unknown>) => void) =>
      rezip(zip, (f) => {
        const r = JSON.parse(strFromU8(f['sessions/store/instance.json']!)) as Record<string, unknown>;
        change(r);
        f['sessions/store/instance.json'] = strToU8(JSON.stringify(r));
      });
    expect(refusal(record((r) => (r['key'] = 'other')))).toMatch(/not the record of session store/);
    expect(refusal(record((r) => (r['dialect'] = 'waha')))).toMatch(/dialect must be/);
    expect(refusal(record((r) => (r['webhook'] = { url: 1 })))).toMatch(/webhook must be/);
    expect(refusal(record((r) => (r['tokenHash'] = 'plain-token')))).toMatch(/tokenHash/);
    expect(refusal(record((r) => delete r['createdAt']))).toMatch(/createdAt/);

    const auth = (text: string) => rezip(zip, (f) => (f['sessions/store/auth.jsonl'] = strToU8(text)));
    expect(refusal(auth('{"type":"creds","id":"creds","value":"{}"}\nnot json\n'))).toMatch(
      /line 2 is not valid JSON/,
    );
    expect(refusal(auth('{"type":"creds","id":"creds","value":null}\n'))).toMatch(
      /must be \{type, id, value\}/,
    );
    expect(refusal(auth('{"type":"session","id":"x","value":"1"}\n'))).toMatch(/keys but no creds/);
    expect(refusal(auth('{"type":"creds","id":"creds","value":"[]"}\n'))).toMatch(
      /creds must be a JSON object/,
    );
    const twice = '{"type":"creds","id":"creds","value":"{}"}\n'.repeat(2);
    expect(
      refusal(
        rezip(
          zip,
          (f, m) => ((f['sessions/store/auth.jsonl'] = strToU8(twice)), (m.sessions[0]!.authEntries = 2)),
        ),
      ),
    ).toMatch(/holds creds creds twice/);
  });
});
