import { chmod, mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { BufferJSON, type BinaryNode, type KeyPair } from '@whiskeysockets/baileys';
import type { AccountState } from '../accounts/account.js';
import type { GroupState } from '../groups/group.js';
import type { MediaCa } from '../media/media-certificates.js';
import type { PhoneState } from '../phone/simulated-phone.js';
import type { AppStateState } from '../app-state/app-state-store.js';
import type { ProfileState } from '../profile/profile-store.js';

const STATE_VERSION = 1;

/** Everything a restarted simulator needs to come back with the same network. */
export interface SimState {
  version: typeof STATE_VERSION;
  /** The certificate root its clients trust (`WA_SIM_TRUST_ROOT`). */
  rootKeyPair: KeyPair;
  /** Accounts with their devices (linked companions included) and their phone's Baileys state. */
  accounts: (AccountState & { phone: PhoneState })[];
  /** Offline queues by `number:device`. */
  mailboxes: [string, BinaryNode[]][];
  /** The media host's CA (absent in files of simulators without media: a new one is made). */
  mediaCa?: MediaCa;
  /** The media host's upload token and port (its files are in `<dir>/media`). */
  media?: { auth: string; port: number };
  /** Groups and communities with their members and settings (absent in files of older simulators). */
  groups?: GroupState[];
  /** App-state patches per account and collection, and the links given the app-state key (absent in older files). */
  appState?: AppStateState;
  /** Profile pictures, about texts and business profiles (absent in older files). */
  profiles?: ProfileState;
}

/**
 * The simulator's state as one JSON file, `<dir>/state.json` (Buffers as base64 through Baileys'
 * `BufferJSON`). It holds private keys: the folder is made 0700 and the file 0600, and each save
 * writes a temporary file and renames it over the old one, so a crash leaves one or the other.
 */
export class SimStateFile {
  readonly path: string;
  private dirReady = false;

  constructor(readonly dir: string) {
    this.path = join(dir, 'state.json');
  }

  /** The saved state; undefined when nothing was saved yet. Throws on a file it cannot read. */
  async load(): Promise<SimState | undefined> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
    let state: Partial<SimState> | undefined;
    try {
      state = JSON.parse(text, BufferJSON.reviver) as Partial<SimState>;
    } catch {
      throw new Error(`${this.path} is not valid JSON (move it away to start a new simulated network)`);
    }
    if (state?.version !== STATE_VERSION)
      throw new Error(
        `${this.path} has state version ${String(state?.version)}, this simulator reads ${STATE_VERSION}`,
      );
    return state as SimState;
  }

  async save(state: SimState): Promise<void> {
    const text = JSON.stringify(state, BufferJSON.replacer);
    if (!this.dirReady) {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      await chmod(this.dir, 0o700); // mkdir leaves an existing folder's mode as it was
      this.dirReady = true;
    }
    const tmp = `${this.path}.${process.pid}.tmp`;
    const file = await open(tmp, 'w', 0o600);
    try {
      await file.chmod(0o600); // a leftover temporary file keeps its old mode
      await file.writeFile(text);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(tmp, this.path);
  }
}
