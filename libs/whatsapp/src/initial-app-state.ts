import { ALL_WA_PATCH_NAMES, type WASocket } from '@whiskeysockets/baileys';
import type { Logger } from 'pino';

/**
 * Syncs the account's whole app state (labels, archived, pinned and muted chats made before the
 * link) once the phone shares its app-state key with a newly linked device. Baileys does this
 * only while it waits for the first history sync, which zapgate skips (`acceptsHistory` refuses
 * Baileys' login probe so events are never held 20 s); later changes come as `server_sync`
 * notifications, which Baileys follows on its own. A login with stored credentials already has
 * the key and its sync versions: nothing to do.
 */
export function syncAppStateWhenKeyArrives(socket: WASocket, mine: () => boolean, logger: Logger): void {
  let done = false;
  socket.ev.on('creds.update', ({ myAppStateKeyId }) => {
    if (!myAppStateKeyId || done || !mine()) return;
    done = true;
    void socket
      .resyncAppState(ALL_WA_PATCH_NAMES, true)
      .catch((err: unknown) => logger.warn({ err }, 'initial app-state sync failed'));
  });
}
