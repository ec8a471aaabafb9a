import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction, Socket } from 'node:net';
import { basename } from 'node:path';
import { pipeline, type Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { forbiddenAddress, webhookUrlProblem, type WebhookUrlPolicy } from '@zapgate/webhook-core';
import { MediaError, MediaErrorReason } from './media.exception.js';
import { ByteLimit, tooLarge } from './media-stream.js';

export interface MediaFetchOptions {
  /** Bytes the body may have (after decompression); more is a TooLarge MediaError. */
  maxBytes: number;
  /** From each request to a connected socket, DNS included (ms). */
  connectTimeoutMs: number;
  /** From the first request to the last byte of the body, redirects included (ms). */
  totalTimeoutMs: number;
  /** Redirects followed, each re-checked against the URL policy (default 5). */
  maxRedirects?: number;
}

export interface FetchedMedia {
  /** The body, limited to maxBytes and to the total timeout; read it or destroy it. */
  stream: Readable;
  /** The Content-Type the server gave (a hint: the bytes are sniffed). */
  contentType?: string;
  /** The Content-Length the server gave (already checked against maxBytes). */
  contentLength?: number;
  /** From Content-Disposition, else the last path segment of the final URL. */
  fileName?: string;
  /** The URL the body came from, after redirects. */
  url: string;
}

/** Error codes of a lookup the URL policy refused. */
const POLICY_REFUSAL = 'EPOLICY';

/**
 * Fetches caller-given media URLs under the webhook URL policy: only http(s); link-local and cloud
 * metadata addresses always refused, private ones unless the policy allows them, IPv4 carried in
 * IPv6 included. The URL's host is checked as written, and again once resolved, by a lookup that
 * only lets allowed addresses through (so a name pointing at 169.254.169.254 is refused at connect,
 * and there is no second resolution to race). Redirects are followed by hand, each hop checked
 * the same way. node:http(s), no keep-alive: each fetch is one caller's one file.
 */
export class MediaUrlFetcher {
  private readonly lookup: LookupFunction;

  constructor(
    private readonly policy: WebhookUrlPolicy,
    /** The resolver under the policy check (node:dns `lookup`; tests give names their addresses). */
    resolve: typeof dnsLookup = dnsLookup,
  ) {
    this.lookup = ((hostname: string, options: object, callback: (...args: unknown[]) => void) => {
      resolve(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
        if (err) return callback(err);
        const allowed = addresses.filter((a) => !forbiddenAddress(a.address, this.policy));
        if (!allowed.length) {
          const problem = forbiddenAddress(addresses[0]!.address, this.policy) ?? 'no address';
          return callback(
            Object.assign(new Error(`${hostname} is refused: ${problem}`), { code: POLICY_REFUSAL }),
          );
        }
        if ((options as { all?: boolean }).all) return callback(null, allowed);
        callback(null, allowed[0]!.address, allowed[0]!.family);
      });
    }) as LookupFunction;
  }

  async fetch(url: string, options: MediaFetchOptions): Promise<FetchedMedia> {
    const maxRedirects = options.maxRedirects ?? 5;
    const deadline = Date.now() + options.totalTimeoutMs;
    let current = url;
    for (let hop = 0; ; hop++) {
      const problem = webhookUrlProblem(current, this.policy);
      if (problem)
        throw new MediaError(MediaErrorReason.UrlRefused, problem.replace(/webhook URL/g, 'media URL'), {
          ...(hop ? { redirect: hop } : {}),
        });
      const res = await this.request(current, options.connectTimeoutMs, deadline);
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.destroy();
        if (hop >= maxRedirects)
          throw new MediaError(
            MediaErrorReason.FetchFailed,
            `the media URL redirected more than ${maxRedirects} times`,
          );
        try {
          current = new URL(res.headers.location, current).href;
        } catch {
          throw new MediaError(MediaErrorReason.FetchFailed, 'the media URL redirected to an invalid URL');
        }
        continue;
      }
      if (status < 200 || status >= 300) {
        res.destroy();
        throw new MediaError(MediaErrorReason.FetchFailed, `the media URL answered HTTP ${status}`, {
          status,
        });
      }
      return this.body(res, current, options, deadline);
    }
  }

  /** One GET, answered with its head; refusals and timeouts as MediaErrors. */
  private request(url: string, connectTimeoutMs: number, deadline: number): Promise<IncomingMessage> {
    const https = url.startsWith('https:');
    return new Promise<IncomingMessage>((resolve, reject) => {
      let req: ClientRequest | undefined = undefined;
      const fail = (err: Error) => {
        clearTimeout(connectTimer);
        clearTimeout(headTimer);
        req?.destroy();
        reject(asMediaError(err));
      };
      const connectTimer = setTimeout(
        () => fail(timeout(`the media URL did not connect within ${connectTimeoutMs} ms`)),
        connectTimeoutMs,
      );
      const headTimer = setTimeout(
        () => fail(timeout('the media URL did not answer in time')),
        Math.max(0, deadline - Date.now()),
      );
      req = (https ? httpsRequest : httpRequest)(
        url,
        {
          method: 'GET',
          agent: false,
          lookup: this.lookup,
          headers: { accept: '*/*', 'accept-encoding': 'gzip, deflate, br', 'user-agent': 'zapgate' },
        },
        (res) => {
          clearTimeout(connectTimer);
          clearTimeout(headTimer);
          resolve(res);
        },
      );
      req.once('socket', (socket: Socket) => {
        if (!socket.connecting) return clearTimeout(connectTimer);
        socket.once(https ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
      });
      req.once('error', fail);
      req.end();
    });
  }

  /** The body: decompressed, limited in size and in time. */
  private body(
    res: IncomingMessage,
    url: string,
    options: MediaFetchOptions,
    deadline: number,
  ): FetchedMedia {
    const length = Number(res.headers['content-length']);
    const contentLength = Number.isSafeInteger(length) && length >= 0 ? length : undefined;
    const encoding = String(res.headers['content-encoding'] ?? 'identity').toLowerCase();
    const decoder =
      encoding === 'gzip' || encoding === 'x-gzip'
        ? createGunzip()
        : encoding === 'deflate'
          ? createInflate()
          : encoding === 'br'
            ? createBrotliDecompress()
            : undefined;
    // a compressed body's length says nothing of the file's; the limit below still holds
    if (contentLength !== undefined && !decoder && contentLength > options.maxBytes) {
      res.destroy();
      throw tooLarge(options.maxBytes);
    }
    // pipeline: an error anywhere (the limit, a corrupt body, the connection) reaches `out`, and
    // whatever ends `out` (its end, an error, the consumer destroying it) ends the download
    const limit = new ByteLimit(options.maxBytes);
    const stages = decoder ? [decoder, limit] : [limit];
    const out = pipeline([res, ...stages], () => clearTimeout(timer)) as unknown as Readable;
    const timer = setTimeout(
      () => out.destroy(timeout('the media URL did not deliver the whole file in time')),
      Math.max(0, deadline - Date.now()),
    );
    return {
      stream: out,
      url,
      ...(res.headers['content-type'] ? { contentType: res.headers['content-type'] } : {}),
      ...(contentLength !== undefined && !decoder ? { contentLength } : {}),
      ...fileNameOf(res.headers['content-disposition'], url),
    };
  }
}

const timeout = (message: string) => new MediaError(MediaErrorReason.FetchTimeout, message);

/** Network and policy errors as the caller should see them: no addresses, no ports. */
export function asMediaError(err: Error & { code?: string }): MediaError {
  if (err instanceof MediaError) return err;
  if (err.code === POLICY_REFUSAL)
    return new MediaError(MediaErrorReason.UrlRefused, `the media URL is refused: ${err.message}`);
  if (err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN')
    return new MediaError(MediaErrorReason.FetchFailed, "the media URL's host name does not resolve");
  if (err.code === 'Z_DATA_ERROR' || err.code === 'ERR__ERROR_FORMAT_PADDING_1')
    return new MediaError(MediaErrorReason.FetchFailed, 'the media URL sent a corrupt compressed body');
  return new MediaError(
    MediaErrorReason.FetchFailed,
    `the media URL could not be fetched${err.code ? ` (${err.code})` : ''}`,
  );
}

/** `attachment; filename="a b.pdf"` or `filename*=UTF-8''a%20b.pdf`, else the URL's last segment. */
function fileNameOf(disposition: string | undefined, url: string): { fileName?: string } {
  const star = disposition && /filename\*\s*=\s*[^']*'[^']*'([^;]+)/i.exec(disposition);
  const plain = disposition && /filename\s*=\s*(?:"([^"]*)"|([^;]+))/i.exec(disposition);
  let name: string | undefined;
  try {
    name = star ? decodeURIComponent(star[1]!.trim()) : plain ? (plain[1] ?? plain[2])!.trim() : undefined;
    name ??= decodeURIComponent(basename(new URL(url).pathname));
  } catch {
    name = undefined;
  }
  // a name, never a path
  name = name?.replace(/^.*[\\/]/, '').trim();
  return name ? { fileName: name } : {};
}
