// libsignal comes with Baileys (pinned with it): what it prints is what this spec is about
import { SessionRecord } from 'libsignal';
import { quietLibsignalConsole } from './libsignal-console.js';

/** libsignal's real SessionRecord, with the parts its typings leave out. */
const Record = SessionRecord as unknown as {
  new (): { closeSession(entry: object): void };
  createEntry(): Record<string, unknown>;
  migrate(data: object): void;
};

function openSession(): Record<string, unknown> {
  const entry = Record.createEntry();
  entry['registrationId'] = 7;
  entry['currentRatchet'] = {
    ephemeralKeyPair: { pubKey: Buffer.alloc(33, 5), privKey: Buffer.from('aa'.repeat(32), 'hex') },
    rootKey: Buffer.from('bb'.repeat(32), 'hex'),
    previousCounter: 0,
  };
  entry['indexInfo'] = { baseKey: Buffer.alloc(33, 5), baseKeyType: 1, closed: -1, used: 1, created: 1 };
  return entry;
}

describe(quietLibsignalConsole.name, () => {
  const METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const;
  let printed: unknown[][];
  let debugLines: string[];
  let restore: () => void;
  const originals = Object.fromEntries(METHODS.map((m) => [m, console[m]]));

  beforeEach(() => {
    printed = [];
    debugLines = [];
    // the console as it writes, recorded instead
    for (const m of METHODS) console[m] = (...args: unknown[]) => void printed.push([m, ...args]);
    restore = quietLibsignalConsole({ log: (line) => debugLines.push(line) });
  });
  afterEach(() => {
    restore();
    Object.assign(console, originals);
  });

  it("drops libsignal's session dump (the ratchet's private keys), keeping a key-free debug line", () => {
    new Record().closeSession(openSession());
    expect(printed).toEqual([]);
    expect(debugLines).toEqual(['libsignal: Closing session']);
  });

  it('drops whatever else libsignal prints, whatever the console method', () => {
    Record.migrate({ _sessions: {} }); // console.info("Migrating session to:", "v1")
    const record = new Record();
    const session = openSession();
    record.closeSession(session); // console.info("Closing session:", session)
    record.closeSession(session); // console.warn("Session already closed", session)
    expect(printed).toEqual([]);
    expect(debugLines).toEqual([
      'libsignal: Migrating session to',
      'libsignal: Closing session',
      'libsignal: Session already closed',
    ]);
  });

  it('drops a Signal session printed by anyone else, and passes everything else through', () => {
    console.log('state', { session: openSession() });
    console.warn('record', Object.assign(new Record(), { _sessions: {} }));
    console.info('hello', { a: 1 });
    console.error('boom', new Error('x'));
    expect(printed).toEqual([
      ['info', 'hello', { a: 1 }],
      ['error', 'boom', expect.objectContaining({ message: 'x' })],
    ]);
    expect(debugLines).toEqual(['libsignal: state', 'libsignal: record']);
  });

  it('installs once; a second call only sets where the debug lines go', () => {
    const later: string[] = [];
    quietLibsignalConsole({ log: (line) => later.push(line) })();
    new Record().closeSession(openSession());
    expect(printed).toEqual([]);
    expect(later).toEqual(['libsignal: Closing session']);
    restore();
    console.info('after restore');
    expect(printed).toEqual([['info', 'after restore']]);
  });
});
