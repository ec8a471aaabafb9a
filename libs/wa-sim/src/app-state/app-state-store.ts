import { proto } from '@whiskeysockets/baileys';

/** The app-state collections WhatsApp syncs between an account's devices (Baileys' ALL_WA_PATCH_NAMES). */
export const APP_STATE_COLLECTIONS = [
  'critical_block',
  'critical_unblock_low',
  'regular_high',
  'regular_low',
  'regular',
] as const;

/** One collection of one account as saved: its patches in order (`patches[i]` is version i + 1). */
export interface AppStateCollectionState {
  number: string;
  name: string;
  patches: Buffer[];
}

/** What the simulator keeps of app state across restarts. */
export interface AppStateState {
  collections: AppStateCollectionState[];
  /** Links (`number:device:linkedAt`) the phone shared its app-state key with. */
  keysShared: string[];
}

/** A push whose base version is not the collection's current one (WhatsApp answers 409). */
export class AppStateConflict extends Error {
  constructor(
    readonly collection: string,
    readonly base: number,
    readonly current: number,
  ) {
    super(`collection ${collection} is at version ${current}, the patch was made on version ${base}`);
  }
}

/**
 * The server's side of app-state sync (wire notes section 4): per account and collection, the
 * patches the account's devices pushed, in order, as opaque bytes. The server never decrypts them
 * (the MACs, LTHash and encrypted mutations are the clients' business); it only numbers them: a
 * push on version N becomes version N + 1, its `version` written into the `SyncdPatch`.
 */
export class AppStateStore {
  private readonly collections = new Map<string, Buffer[]>();
  private readonly shared = new Set<string>();

  /** The collection's current version (0: nothing pushed yet). */
  version(number: string, name: string): number {
    return this.collections.get(key(number, name))?.length ?? 0;
  }

  /**
   * Stores `patches` (encoded `SyncdPatch`es) pushed on `base` as versions base + 1, base + 2…;
   * the new version. Throws AppStateConflict when `base` is not the current version.
   */
  push(number: string, name: string, base: number, patches: Uint8Array[]): number {
    const list = this.collections.get(key(number, name)) ?? [];
    if (base !== list.length) throw new AppStateConflict(name, base, list.length);
    for (const bytes of patches) {
      const patch = proto.SyncdPatch.decode(bytes);
      patch.version = { version: list.length + 1 };
      list.push(Buffer.from(proto.SyncdPatch.encode(patch).finish()));
    }
    this.collections.set(key(number, name), list);
    return list.length;
  }

  /** The patches after version `since` (at most `limit`), and whether more follow. */
  since(number: string, name: string, since: number, limit: number): { patches: Buffer[]; more: boolean } {
    const list = this.collections.get(key(number, name)) ?? [];
    const from = Math.max(0, Math.min(since, list.length));
    return { patches: list.slice(from, from + limit), more: from + limit < list.length };
  }

  /** Whether the phone shared its key with this link already. */
  keyShared(link: string): boolean {
    return this.shared.has(link);
  }

  markKeyShared(link: string): void {
    this.shared.add(link);
  }

  /** Forgets an account's devices' links (an unlinked device's link never logs in again). */
  forgetLink(link: string): void {
    this.shared.delete(link);
  }

  toState(): AppStateState {
    return {
      collections: [...this.collections].map(([k, patches]) => {
        const [number, name] = k.split('/') as [string, string];
        return { number, name, patches };
      }),
      keysShared: [...this.shared],
    };
  }

  restore(state: AppStateState | undefined): void {
    for (const c of state?.collections ?? [])
      this.collections.set(
        key(c.number, c.name),
        c.patches.map((p) => Buffer.from(p)),
      );
    for (const link of state?.keysShared ?? []) this.shared.add(link);
  }
}

const key = (number: string, name: string) => `${number}/${name}`;
