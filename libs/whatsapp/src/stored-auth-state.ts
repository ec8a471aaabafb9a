import {
  BufferJSON,
  initAuthCreds,
  proto,
  type AuthenticationCreds,
  type AuthenticationState,
  type SignalDataSet,
  type SignalDataTypeMap,
} from '@whiskeysockets/baileys';
import type { AuthEntry, AuthStateRepository } from '@zapgate/storage';

export interface StoredAuthState {
  state: AuthenticationState;
  /** Writes the current creds (Baileys' `creds.update`). */
  saveCreds(): Promise<void>;
  /** Forgets everything (after a logout); later writes through this state are ignored. */
  clear(): Promise<void>;
}

const serialise = (value: unknown): string => JSON.stringify(value, BufferJSON.replacer);
const revive = <T>(text: string): T => JSON.parse(text, BufferJSON.reviver) as T;

/** Baileys auth state over the storage port: creds and each Signal key are one document each. */
export async function loadStoredAuthState(
  instance: string,
  repo: AuthStateRepository,
): Promise<StoredAuthState> {
  const stored = (await repo.read(instance, 'creds', ['creds']))['creds'];
  const creds: AuthenticationCreds = stored ? revive(stored) : initAuthCreds();
  // a socket may still flush creds or keys after a logout; none of it may resurrect the state
  let cleared = false;
  const state: AuthenticationState = {
    creds,
    keys: {
      async get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
        const found = await repo.read(instance, type, ids);
        const out: { [id: string]: SignalDataTypeMap[T] } = {};
        for (const [id, text] of Object.entries(found)) {
          const value = revive<SignalDataTypeMap[T]>(text);
          out[id] = (
            type === 'app-state-sync-key'
              ? proto.Message.AppStateSyncKeyData.fromObject(value as object)
              : value
          ) as SignalDataTypeMap[T];
        }
        return out;
      },
      async set(data: SignalDataSet) {
        if (cleared) return;
        const entries: AuthEntry[] = [];
        for (const [type, values] of Object.entries(data)) {
          for (const [id, value] of Object.entries(values ?? {}))
            entries.push({ type, id, value: value ? serialise(value) : null });
        }
        await repo.write(instance, entries);
      },
      async clear() {
        cleared = true;
        await repo.clear(instance);
      },
    },
  };
  return {
    state,
    saveCreds: async () => {
      if (!cleared)
        await repo.write(instance, [{ type: 'creds', id: 'creds', value: serialise(state.creds) }]);
    },
    clear: async () => {
      cleared = true;
      await repo.clear(instance);
    },
  };
}
