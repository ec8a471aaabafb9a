import { EnvValidationError } from '@zapgate/config';
import { webhookUrlProblem, type WebhookUrlPolicy } from '@zapgate/webhook-core';
import type { DispatcherOptions } from './webhook-dispatcher.js';

/** The env settings the dispatcher reads (see WithWebhookDelivery in @zapgate/config). */
export interface WebhookDeliveryEnv {
  WEBHOOK_URL?: string;
  WEBHOOK_TIMEOUT_MS: number;
  WEBHOOK_MAX_ATTEMPTS: number;
  WEBHOOK_CONCURRENCY: number;
  WEBHOOK_BACKOFF_BASE_MS: number;
  WEBHOOK_BACKOFF_MAX_MS: number;
  WEBHOOK_RETENTION_HOURS: number;
  WEBHOOK_ALLOW_PRIVATE_NETWORKS?: boolean;
}

/**
 * The URL policy the settings ask for: private targets only when WEBHOOK_ALLOW_PRIVATE_NETWORKS
 * says so, or, when it is unset, in the sandbox (whose receivers run on the same machine).
 */
export function urlPolicyFromEnv(
  env: { WEBHOOK_ALLOW_PRIVATE_NETWORKS?: boolean },
  o: { sandbox?: boolean } = {},
): WebhookUrlPolicy {
  return { allowPrivateNetworks: env.WEBHOOK_ALLOW_PRIVATE_NETWORKS ?? !!o.sandbox };
}

/** Dispatcher options from validated env; refuses a WEBHOOK_URL the URL policy refuses. */
export function dispatcherOptionsFromEnv(
  env: WebhookDeliveryEnv,
  owner: string,
  policy: WebhookUrlPolicy = urlPolicyFromEnv(env),
): DispatcherOptions {
  const problem = env.WEBHOOK_URL ? webhookUrlProblem(env.WEBHOOK_URL, policy) : undefined;
  if (problem) throw new EnvValidationError([`WEBHOOK_URL: ${problem}`]);
  return {
    owner,
    durable: 'zg-webhooks',
    timeoutMs: env.WEBHOOK_TIMEOUT_MS,
    retry: {
      maxAttempts: env.WEBHOOK_MAX_ATTEMPTS,
      baseDelayMs: env.WEBHOOK_BACKOFF_BASE_MS,
      maxDelayMs: Math.max(env.WEBHOOK_BACKOFF_BASE_MS, env.WEBHOOK_BACKOFF_MAX_MS),
    },
    concurrency: env.WEBHOOK_CONCURRENCY,
    ...(env.WEBHOOK_URL ? { defaultWppUrl: env.WEBHOOK_URL } : {}),
    pollMs: 1_000,
    // a sender renews its claim before a POST once half of it is used up, so half the claim must
    // outlast the longest POST (the timeout) with room to spare
    claimTtlMs: Math.max(15_000, 3 * env.WEBHOOK_TIMEOUT_MS),
    retentionMs: env.WEBHOOK_RETENTION_HOURS * 3_600_000,
    batchSize: 256,
    settingsCheckMs: 2_000,
  };
}
