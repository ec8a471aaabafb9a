import {
  initAuthCreds,
  type AuthenticationCreds,
  type AuthenticationState,
  type SignalDataSet,
  type SignalDataTypeMap,
} from '@whiskeysockets/baileys';

export interface MemoryAuthState {
  state: AuthenticationState;
  /** Baileys' `creds.update` handler: merges the update into `state.creds`. */
  saveCreds(update: Partial<AuthenticationCreds>): void;
}

/** Auth state held in memory: for the simulated phones and for tests' throwaway companions. */
export function makeMemoryAuthState(creds: AuthenticationCreds = initAuthCreds()): MemoryAuthState {
  const data = new Map<string, unknown>();
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
      },
      clear() {
        data.clear();
      },
    },
  };
  return { state, saveCreds: (update) => Object.assign(state.creds, update) };
}
