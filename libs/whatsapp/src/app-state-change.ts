import { DomainError, ErrorCode } from '@zapgate/contracts';
import { APP_STATE_UNAVAILABLE } from './baileys-chats.js';

/**
 * Runs a WhatsApp app-state change (Baileys `chatModify`: star, delete for me, archive…);
 * not_implemented (details.reason `app_state_unavailable`) when the session has not received the
 * app-state key its phone shares with linked devices (Baileys: "App state key not present!").
 */
export async function appStateChange<T>(change: () => Promise<T>): Promise<T> {
  try {
    return await change();
  } catch (err) {
    const message = (err as Error)?.message ?? '';
    if (/app[ -]state key/i.test(message))
      throw new DomainError(ErrorCode.NotImplemented, APP_STATE_UNAVAILABLE, {
        reason: 'app_state_unavailable',
      });
    throw err;
  }
}
