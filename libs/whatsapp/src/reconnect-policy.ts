import { DisconnectReason } from '@whiskeysockets/baileys';
import type { ConnectionState } from '@zapgate/contracts';

export type ReconnectDecision =
  | { action: 'reconnect'; delayMs: number }
  | {
      action: 'stop';
      state: Extract<ConnectionState, 'logged-out' | 'conflict' | 'qr-timeout' | 'stopped'>;
      reason: string;
    };

export interface ReconnectPolicyOptions {
  baseDelayMs: number;
  maxDelayMs: number;
  /** Consecutive failed attempts before giving up (then `stopped`). */
  maxAttempts: number;
  random: () => number;
}

export const DEFAULT_RECONNECT: ReconnectPolicyOptions = {
  baseDelayMs: 1_000,
  maxDelayMs: 30_000,
  maxAttempts: 20,
  random: Math.random,
};

/**
 * What to do when a socket closes with `code` after `attempt` consecutive failures:
 * 515 restarts at once; 401 is a logout (terminal); 440 means another socket owns the device
 * (terminal: never fight it); 408 while showing QR codes means none was scanned (terminal);
 * anything else retries with exponential backoff and full jitter, up to `maxAttempts`.
 */
export function decideReconnect(
  code: number | undefined,
  attempt: number,
  waitingForQr: boolean,
  o: ReconnectPolicyOptions = DEFAULT_RECONNECT,
): ReconnectDecision {
  switch (code) {
    case DisconnectReason.restartRequired:
      return { action: 'reconnect', delayMs: 0 };
    case DisconnectReason.loggedOut:
      return { action: 'stop', state: 'logged-out', reason: 'the device was unlinked from the phone (401)' };
    case DisconnectReason.connectionReplaced:
      return { action: 'stop', state: 'conflict', reason: 'another connection took over this device (440)' };
    case DisconnectReason.multideviceMismatch:
      return {
        action: 'stop',
        state: 'stopped',
        reason: 'the account does not support linked devices (411)',
      };
  }
  if (code === DisconnectReason.timedOut && waitingForQr) {
    return { action: 'stop', state: 'qr-timeout', reason: 'no QR code was scanned before they all expired' };
  }
  if (attempt >= o.maxAttempts) {
    return {
      action: 'stop',
      state: 'stopped',
      reason: `gave up after ${attempt} failed reconnects (last code ${code ?? 'none'})`,
    };
  }
  const ceiling = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** attempt);
  return { action: 'reconnect', delayMs: Math.round(o.random() * ceiling) };
}
