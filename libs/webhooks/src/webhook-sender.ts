import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent as UndiciAgent } from 'undici';
import { forbiddenAddress, webhookUrlProblem, type WebhookUrlPolicy } from '@zapgate/webhook-core';
import { CONNECTION_FAILED, parseRetryAfter, type AttemptResult } from './retry-policy.js';

/** Resolves a host name to all its addresses (node:dns `lookup` with `all: true`). */
export type ResolveAll = (
  hostname: string,
  options: LookupAllOptions,
  callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/** The side effect of delivering: one POST. A port, so the dispatcher is tested with fakes too. */
export abstract class WebhookSender {
  abstract post(
    url: string,
    headers: Record<string, string>,
    body: string,
    timeoutMs: number,
  ): Promise<AttemptResult>;
  abstract close(): Promise<void>;
}

/** Where a configured webhook URL sends: its origin and its path with the query string. */
interface Target {
  origin: string;
  path: string;
}

/** Webhook URLs remembered parsed and checked (few per deployment; bounded anyway). */
const TARGET_CACHE_SIZE = 1_000;

/**
 * POSTs with undici over keep-alive connection pools (one per receiver origin, up to `maxSockets`
 * connections each; a POST is never pipelined behind another). The URL is used exactly as
 * configured, query string included. Host names are resolved through a lookup that refuses
 * link-local and metadata addresses (and private ones unless the policy allows them), IPv4
 * addresses carried in IPv6 ones included, so a name that resolves to 169.254.169.254 (or to
 * 64:ff9b::a9fe:a9fe) is refused too. Whatever keeps a POST from getting an HTTP answer, such a
 * refusal included, is reported as CONNECTION_FAILED and retried like any connection failure, with
 * the cause in `detail` only (the delivery log must not reveal what a name resolves to, nor which
 * ports are open). The answer's body is read and dropped. Each URL is parsed and checked against
 * the policy once, then remembered (a hot path: thousands of POSTs a second to a few URLs).
 */
export class HttpWebhookSender extends WebhookSender {
  private readonly lookup: LookupFunction;
  private readonly agent: UndiciAgent;
  private readonly targets = new Map<string, Target | { problem: string }>();

  constructor(
    private readonly policy: WebhookUrlPolicy,
    maxSockets = 256,
    /** The resolver under the policy check (node:dns `lookup`; tests give names their addresses). */
    resolve: ResolveAll = (hostname, options, callback) => dnsLookup(hostname, options, callback),
  ) {
    super();
    this.lookup = ((hostname: string, options: object, callback: (...args: unknown[]) => void) => {
      resolve(hostname, { ...options, all: true }, (err, addresses) => {
        if (err) return callback(err);
        const allowed = addresses.filter((a) => !forbiddenAddress(a.address, this.policy));
        if (!allowed.length) {
          const problem = forbiddenAddress(addresses[0]!.address, this.policy);
          return callback(
            Object.assign(new Error(`${hostname} refused by the URL policy: ${problem}`), {
              code: 'EPOLICY',
            }),
          );
        }
        if ((options as { all?: boolean }).all) return callback(null, allowed);
        callback(null, allowed[0]!.address, allowed[0]!.family);
      });
    }) as LookupFunction;
    this.agent = new UndiciAgent({
      connections: maxSockets,
      pipelining: 1,
      keepAliveTimeout: 4_000,
      // the whole POST is bounded by `timeoutMs` (below); these only must not cut it shorter
      headersTimeout: 0,
      bodyTimeout: 0,
      connect: { lookup: this.lookup },
    });
  }

  post(
    url: string,
    headers: Record<string, string>,
    body: string,
    timeoutMs: number,
  ): Promise<AttemptResult> {
    const started = performance.now();
    const target = this.target(url);
    if ('problem' in target) return Promise.resolve({ error: target.problem, fatal: true });
    return new Promise<AttemptResult>((resolve) => {
      let settled = false;
      let controller: { abort(reason: Error): void } | undefined;
      let statusCode: number | undefined;
      let retryAfter: string | undefined;
      const done = (r: AttemptResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(r);
      };
      const timeout = () =>
        Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEOUT' });
      const timer = setTimeout(() => {
        const err = timeout();
        controller?.abort(err);
        done({ error: CONNECTION_FAILED, detail: describe(err) });
      }, timeoutMs);
      this.agent.dispatch(
        { origin: target.origin, path: target.path, method: 'POST', headers, body },
        {
          onRequestStart: (c) => {
            controller = c;
            if (settled) c.abort(timeout());
          },
          onResponseStart: (_c, status, answer) => {
            if (status < 200) return; // 1xx: the answer is still to come
            statusCode = status;
            const value = answer['retry-after'];
            retryAfter = Array.isArray(value) ? value[0] : value;
          },
          // the answer's body is read (so the connection can be reused) and dropped
          onResponseData: () => undefined,
          onResponseEnd: () =>
            done({
              statusCode,
              retryAfterMs: parseRetryAfter(retryAfter),
              latencyMs: Math.round((performance.now() - started) * 100) / 100,
            }),
          onResponseError: (_c, err: Error & { code?: string }) =>
            done({ error: CONNECTION_FAILED, detail: describe(err) }),
        },
      );
    });
  }

  /** The URL parsed and checked against the policy, remembered. */
  private target(url: string): Target | { problem: string } {
    let target = this.targets.get(url);
    if (target) return target;
    const problem = webhookUrlProblem(url, this.policy);
    if (problem) target = { problem };
    else {
      const parsed = new URL(url);
      target = { origin: parsed.origin, path: `${parsed.pathname}${parsed.search}` };
    }
    if (this.targets.size >= TARGET_CACHE_SIZE) this.targets.clear();
    this.targets.set(url, target);
    return target;
  }

  async close(): Promise<void> {
    await this.agent.destroy();
  }
}

function describe(err: Error & { code?: string }): string {
  return err.code && !err.message.includes(err.code) ? `${err.code}: ${err.message}` : err.message;
}
