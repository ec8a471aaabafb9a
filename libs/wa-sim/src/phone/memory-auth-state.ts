import {
  initAuthCreds,
  proto,
  type AuthenticationCreds,
  type AuthenticationState,
  type SignalDataSet,
  type SignalDataTypeMap,
} from '@whiskeysockets/baileys';

export interface MemoryAuthState {
  state: AuthenticationState;
  /** Baileys' `creds.update` handler: merges the update into `state.creds`. */
  saveCreds(update: Partial<AuthenticationCreds>): void;
  /** Every Signal key as `[type/id, value]`, for saving (see `makeMemoryAuthState`'s `keys`). */
  keyEntries(): [string, unknown][];
}

export interface MemoryAuthStateOptions {
  /** Saved keys (`keyEntries()` of an earlier state, after a JSON round trip with `BufferJSON`). */
  keys?: Iterable<[string, unknown]>;
  /** Called after every change to the creds or the keys. */
  onChange?: () => void;
}

/** Auth state held in memory: for the simulated phones and for tests' throwaway companions. */
export function makeMemoryAuthState(
  creds: AuthenticationCreds = initAuthCreds(),
  options: MemoryAuthStateOptions = {},
): MemoryAuthState {
  const data = new Map<string, unknown>();
  for (const [key, value] of options.keys ?? []) {
    // protobuf objects come back from JSON as plain ones; Baileys reads them as protobuf objects
    data.set(
      key,
      key.startsWith('app-state-sync-key/')
        ? proto.Message.AppStateSyncKeyData.fromObject(value as object)
        : value,
    );
  }
  const changed = () => options.onChange?.();
  const state: AuthenticationState = {
    creds,
    keys: {
      get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
        const out: { [id: string]: SignalDataTypeMap[T] } = {};
        for (const id of ids) {
          const value = data.get(`${type}/${id}`);
          if (value !== undefined) out[id] = value as SignalDataTypeMap[T];
        }
        return out;
      },
      set(set: SignalDataSet) {
        for (const [type, entries] of Object.entries(set)) {
          for (const [id, value] of Object.entries(entries ?? {})) {
            if (value === null || value === undefined) data.delete(`${type}/${id}`);
            else data.set(`${type}/${id}`, value);
          }
        }
        changed();
      },
      clear() {
        data.clear();
        changed();
      },
    },
  };
  return {
    state,
    saveCreds: (update) => {
      Object.assign(state.creds, update);
      changed();
    },
    keyEntries: () => [...data.entries()],
  };
}
