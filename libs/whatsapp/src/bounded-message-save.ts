import type { Logger } from 'pino';
import { retryInBackground } from './retry-in-background.js';

/** The longest an event or a send waits for its message's save (it goes on in the background). */
export const MESSAGE_SAVE_WAIT_MS = 3_000;
/** Waits before each further try of a message save the store refused (a database restart: ~1 min in all). */
export const MESSAGE_SAVE_RETRIES_MS: readonly number[] = [1_000, 2_000, 4_000, 8_000, 15_000, 30_000];

/**
 * Saves messages in the store for a session, waiting at most `waitMs`. A failed save (the database
 * restarting, a connection dropped) is tried again in the background a few times (saves are
 * idempotent); one that still fails is logged as lost. The caller (an incoming message's events,
 * a send's answer) is not held up past `waitMs` by a store that is down or slow (its writes are
 * queued per instance, so one slow write delays all that follow): the save goes on without it.
 */
export async function saveMessagesBounded(
  save: () => Promise<void>,
  messageIds: string[],
  logger: Logger,
  o: { waitMs?: number; retriesMs?: readonly number[] } = {},
): Promise<void> {
  const waitMs = o.waitMs ?? MESSAGE_SAVE_WAIT_MS;
  const saving = save().catch((err: unknown) => {
    retryInBackground(save, err, {
      delaysMs: o.retriesMs ?? MESSAGE_SAVE_RETRIES_MS,
      onRetry: (e, tries) => logger.warn({ err: e, tries, messageIds }, 'storing messages failed; retrying'),
      onRecovered: (tries) => logger.info({ tries, messageIds }, 'messages stored after a retry'),
      onGiveUp: (e, tries) =>
        logger.error(
          { err: e, tries, messageIds },
          'storing messages failed: they cannot be quoted, downloaded or re-sent on a retry',
        ),
    });
  });
  if (!Number.isFinite(waitMs)) return saving;
  let timer: NodeJS.Timeout | undefined;
  const saved = await Promise.race([
    saving.then(() => true),
    new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), waitMs);
      timer.unref?.();
    }),
  ]);
  clearTimeout(timer);
  if (!saved)
    logger.warn(
      { messageIds, waitedMs: waitMs },
      'the message store is slow: going on without waiting for the save',
    );
}

/**
 * Waits for a sent message's save at most `waitMs`, then goes on (the save goes on in the
 * background): a send's answer must not wait out a database that is down (several queued saves,
 * each up to the driver's server selection) past the gateway's command timeout.
 */
export async function waitBounded(
  saving: Promise<void>,
  logger: Logger,
  waitMs = MESSAGE_SAVE_WAIT_MS,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const saved = await Promise.race([
    saving.then(() => true),
    new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), waitMs);
      timer.unref?.();
    }),
  ]);
  clearTimeout(timer);
  if (!saved)
    logger.warn(
      { waitedMs: waitMs },
      'the message store is slow: answering the send without waiting for its save',
    );
}
