import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isIPv6 } from 'node:net';
import type { BinaryNode } from '@whiskeysockets/baileys';
import rangeParser from 'range-parser';
import type { SimLogger } from '../sim-logger.js';
import { node } from '../stanza/nodes.js';
import { BlobTooLargeError, type MediaBlobStore } from './media-blob.store.js';
import { issueServerCertificate, type MediaCa } from './media-certificates.js';

/** How long a client may reuse a `media_conn` answer (WhatsApp answers a few minutes too). */
const MEDIA_CONN_TTL_S = 300;
/** Where uploads go, per Baileys' `MEDIA_PATH_MAP`. */
const UPLOAD_PATH =
  /^\/(mms\/(?:image|video|audio|document|md-app-state)|product\/image|pps\/biz-cover-photo)\/([^/]+)$/;
const DOWNLOAD_PATH = /^\/m\/([0-9a-f]{32})\.enc$/;
/** Profile pictures: plain JPEG files, as WhatsApp's pps host serves them (`picturePath`). */
const PICTURE_PATH = /^\/pp\/([0-9a-f]{32})\.jpg$/;

export interface MediaHostOptions {
  /** Interface to listen on. */
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** The name clients reach it by (an IP address or a DNS name), advertised in `media_conn`. */
  hostname: string;
  ca: MediaCa;
  /** Token `media_conn` hands out; every upload must carry it. */
  auth: string;
  /** Largest upload accepted (`maxContentLengthBytes` in `media_conn`). */
  maxBytes: number;
  store: MediaBlobStore;
  logger: SimLogger;
}

export interface MediaHostStats {
  /** Uploads stored. */
  uploads: number;
  /** Uploads refused: wrong auth, body not matching its token, too large, unknown path. */
  uploadsRefused: number;
  /** Downloads served (whole files and ranges). */
  downloads: number;
}

type Reply = { status: number; body?: unknown; headers?: Record<string, string | number> };

const refusal = (status: number, code: string, message: string): Reply => ({
  status,
  body: { error: { code, message } },
});

/**
 * The simulator's media host: a local HTTPS server with a certificate from the simulator's own CA,
 * which clients trust only when told to (`WA_SIM_TRUST_ROOT` / `trustSimulator`). It stores the
 * encrypted files Baileys uploads exactly as received (it never holds a `mediaKey`) and serves
 * them back, with Range support, as WhatsApp's media servers do.
 *
 * Upload: `POST /mms/<type>/<token>?auth=<auth>&token=<token>`, where token is the base64url
 * SHA-256 of the body; answers `{url, direct_path}`. Download: `GET /m/<id>.enc`.
 */
export class MediaHost {
  readonly stats: MediaHostStats = { uploads: 0, uploadsRefused: 0, downloads: 0 };
  /** The port it listens on (kept after it stopped). */
  port = 0;

  private constructor(
    private readonly server: Server,
    private readonly o: MediaHostOptions,
  ) {}

  static async start(o: MediaHostOptions): Promise<MediaHost> {
    const names = ['localhost', '127.0.0.1', '::1', o.hostname];
    const { keyPem, certPem } = issueServerCertificate(o.ca, names);
    const server = createServer({ key: keyPem, cert: certPem });
    const host = new MediaHost(server, o);
    server.on('request', (req, res) => void host.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(o.port, o.host, () => {
        server.off('error', reject);
        host.port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
    return host;
  }

  /** `hostname:port`, what `media_conn` advertises and upload and download URLs use. */
  get authority(): string {
    const name = isIPv6(this.o.hostname) ? `[${this.o.hostname}]` : this.o.hostname;
    return `${name}:${this.port}`;
  }

  /** The answer to `<iq xmlns="w:m"><media_conn/></iq>`. */
  mediaConn(): BinaryNode {
    return node('media_conn', { auth: this.o.auth, ttl: String(MEDIA_CONN_TTL_S), max_buckets: '1' }, [
      node('host', { hostname: this.authority, maxContentLengthBytes: String(this.o.maxBytes) }),
    ]);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let reply: Reply;
    const url = URL.parse(req.url ?? '/', 'https://media.invalid');
    const upload = url && UPLOAD_PATH.exec(url.pathname);
    const download = url && (DOWNLOAD_PATH.exec(url.pathname) ?? PICTURE_PATH.exec(url.pathname));
    const picture = !!url && PICTURE_PATH.test(url.pathname);
    try {
      if (upload && req.method === 'POST') reply = await this.upload(req, url!, upload[2]!);
      else if (download && (req.method === 'GET' || req.method === 'HEAD'))
        return await this.download(req, res, download[1]!, picture ? 'image/jpeg' : undefined);
      else if (upload || download) reply = refusal(405, 'method_not_allowed', 'method not allowed');
      else reply = refusal(404, 'not_found', 'no such media path');
    } catch (err) {
      this.o.logger.error({ err }, 'media host request failed');
      reply = refusal(500, 'internal', 'media host error');
    }
    if (upload && reply.status >= 400) this.stats.uploadsRefused++;
    this.send(req, res, reply);
  }

  private async upload(req: IncomingMessage, url: URL, pathToken: string): Promise<Reply> {
    let token: string;
    try {
      token = decodeURIComponent(pathToken);
    } catch {
      return refusal(400, 'bad_token', 'the token in the path is not well encoded');
    }
    if (url.searchParams.get('auth') !== this.o.auth)
      return refusal(401, 'bad_auth', 'auth is not the token media_conn gave');
    if (url.searchParams.get('token') !== token)
      return refusal(400, 'bad_token', 'the token query parameter differs from the path');
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > this.o.maxBytes)
      return refusal(413, 'too_large', `uploads are limited to ${this.o.maxBytes} bytes`);
    try {
      const blob = await this.o.store.write(req, this.o.maxBytes, ({ sha256 }) => {
        if (base64Url(sha256) !== token) throw new TokenMismatch();
      });
      this.stats.uploads++;
      const directPath = `/m/${blob.id}.enc`;
      this.o.logger.debug({ directPath, size: blob.size }, 'media uploaded');
      return {
        status: 200,
        body: { url: `https://${this.authority}${directPath}`, direct_path: directPath },
      };
    } catch (err) {
      if (err instanceof TokenMismatch)
        return refusal(400, 'hash_mismatch', "the body's SHA-256 is not the upload token");
      if (err instanceof BlobTooLargeError)
        return refusal(413, 'too_large', `uploads are limited to ${this.o.maxBytes} bytes`);
      throw err;
    }
  }

  private async download(
    req: IncomingMessage,
    res: ServerResponse,
    id: string,
    type = 'application/octet-stream',
  ): Promise<void> {
    const size = await this.o.store.size(id);
    if (size === undefined) return this.send(req, res, refusal(404, 'not_found', 'no such media'));
    const headers: Record<string, string | number> = {
      'content-type': type,
      'accept-ranges': 'bytes',
    };
    let range: { start: number; end: number } | undefined;
    const header = req.headers.range;
    if (header && size > 0) {
      const parsed = rangeParser(size, header, { combine: true });
      if (parsed === -1) {
        return this.send(req, res, {
          ...refusal(416, 'range_not_satisfiable', 'range not satisfiable'),
          headers: { 'content-range': `bytes */${size}` },
        });
      }
      // a malformed header, or several ranges, get the whole file (RFC 9110 allows ignoring Range)
      if (parsed !== -2 && parsed.type === 'bytes' && parsed.length === 1) range = parsed[0];
    }
    const length = range ? range.end - range.start + 1 : size;
    res.writeHead(range ? 206 : 200, {
      ...headers,
      'content-length': length,
      ...(range ? { 'content-range': `bytes ${range.start}-${range.end}/${size}` } : {}),
    });
    this.stats.downloads++;
    if (req.method === 'HEAD' || length === 0) return void res.end();
    const file = this.o.store.read(id, range);
    file.on('error', (err) => {
      this.o.logger.warn({ err, id }, 'media read failed');
      res.destroy(err);
    });
    file.pipe(res);
  }

  private send(req: IncomingMessage, res: ServerResponse, reply: Reply): void {
    if (res.headersSent || res.destroyed) return; // e.g. an oversized body: the socket is gone
    const body = reply.body === undefined ? '' : JSON.stringify(reply.body);
    // a refused upload whose body was not read: too large ones are cut off, small ones drained
    const tooLarge = reply.status === 413;
    res.writeHead(reply.status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      ...(tooLarge ? { connection: 'close' } : {}),
      ...reply.headers,
    });
    res.end(req.method === 'HEAD' ? undefined : body, () => {
      if (tooLarge && !req.complete) req.destroy();
    });
    if (!tooLarge && !req.complete) req.resume();
  }
}

class TokenMismatch extends Error {}

/** Base64url without padding: how Baileys writes `fileEncSha256` as the upload token. */
export function base64Url(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
