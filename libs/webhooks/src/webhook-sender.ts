import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { forbiddenAddress, webhookUrlProblem, type WebhookUrlPolicy } from '@zapgate/webhook-core';
import { parseRetryAfter, type AttemptResult } from './retry-policy.js';

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
 * refuses link-local and metadata addresses (and private ones if the policy says so), so a name
 * that resolves to 169.254.169.254 is refused too.
 */
export class HttpWebhookSender extends WebhookSender {
  private readonly lookup: LookupFunction;
  private readonly http: HttpAgent;
  private readonly https: HttpsAgent;

  constructor(
    private readonly policy: WebhookUrlPolicy,
    maxSockets = 256,
  ) {
    super();
    this.lookup = ((hostname: string, options: object, callback: (...args: unknown[]) => void) => {
      dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
        if (err) return callback(err);
        const allowed = addresses.filter((a) => !forbiddenAddress(a.address, this.policy));
        if (!allowed.length) {
          const problem = forbiddenAddress(addresses[0]!.address, this.policy);
          return callback(
            Object.assign(new Error(`refused by the URL policy: ${problem}`), { code: 'EPOLICY' }),
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
    if (problem) return Promise.resolve({ error: problem, fatal: true, latencyMs: 0 });
    const https = url.startsWith('https:');
    return new Promise<AttemptResult>((resolve) => {
      let settled = false;
      const done = (r: AttemptResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(r);
      };
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
          res.on('error', (err) => done({ error: describe(err), latencyMs: latency() }));
        },
      );
      const timer = setTimeout(() => {
        req.destroy(new Error(`no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      req.on('error', (err: Error & { code?: string }) =>
        done({ error: describe(err), fatal: err.code === 'EPOLICY', latencyMs: latency() }),
      );
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
