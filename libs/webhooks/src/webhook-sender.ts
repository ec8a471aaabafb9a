import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
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

/**
 * POSTs with node:http(s) over keep-alive agents (connections reused per receiver). The URL is
 * used exactly as configured, query string included. Host names are resolved through a lookup that
 * refuses link-local and metadata addresses (and private ones unless the policy allows them), IPv4
 * addresses carried in IPv6 ones included, so a name that resolves to 169.254.169.254 (or to
 * 64:ff9b::a9fe:a9fe) is refused too. Whatever keeps a POST from getting an HTTP answer, such a
 * refusal included, is reported as CONNECTION_FAILED and retried like any connection failure, with
 * the cause in `detail` only (the delivery log must not reveal what a name resolves to, nor which
 * ports are open). The answer's body is read and dropped.
 */
export class HttpWebhookSender extends WebhookSender {
  private readonly lookup: LookupFunction;
  private readonly http: HttpAgent;
  private readonly https: HttpsAgent;

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
    this.http = new HttpAgent({ keepAlive: true, maxSockets, lookup: this.lookup } as object);
    this.https = new HttpsAgent({ keepAlive: true, maxSockets, lookup: this.lookup } as object);
  }

  post(
    url: string,
    headers: Record<string, string>,
    body: string,
    timeoutMs: number,
  ): Promise<AttemptResult> {
    const started = performance.now();
    const latency = () => Math.round((performance.now() - started) * 100) / 100;
    const problem = webhookUrlProblem(url, this.policy);
    if (problem) return Promise.resolve({ error: problem, fatal: true });
    const https = url.startsWith('https:');
    return new Promise<AttemptResult>((resolve) => {
      let settled = false;
      const done = (r: AttemptResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(r);
      };
      const failed = (err: Error & { code?: string }) =>
        done({ error: CONNECTION_FAILED, detail: describe(err) });
      const req = (https ? httpsRequest : httpRequest)(
        url,
        {
          method: 'POST',
          agent: https ? this.https : this.http,
          lookup: this.lookup,
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        },
        (res: IncomingMessage) => {
          // drain the answer so the connection can be reused; its body is not kept
          res.on('data', () => undefined);
          res.on('end', () =>
            done({
              statusCode: res.statusCode,
              retryAfterMs: parseRetryAfter(res.headers['retry-after']),
              latencyMs: latency(),
            }),
          );
          res.on('error', failed);
        },
      );
      const timer = setTimeout(() => {
        req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEOUT' }));
      }, timeoutMs);
      req.on('error', failed);
      req.end(body);
    });
  }

  async close(): Promise<void> {
    this.http.destroy();
    this.https.destroy();
  }
}

function describe(err: Error & { code?: string }): string {
  return err.code && !err.message.includes(err.code) ? `${err.code}: ${err.message}` : err.message;
}
