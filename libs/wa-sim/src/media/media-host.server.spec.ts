import { createHash, randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { pino } from 'pino';
import { simulatorHttp, type SimulatorHttp } from '@zapgate/whatsapp';
import { MediaBlobStore } from './media-blob.store.js';
import { createMediaCa } from './media-certificates.js';
import { base64Url, MediaHost } from './media-host.server.js';

const AUTH = 'aGVsbG8+d29ybGQ/Pz8=';
const MAX = 64 * 1024;

describe(MediaHost.name, () => {
  const ca = createMediaCa();
  let store: MediaBlobStore;
  let sut: MediaHost;
  let http: SimulatorHttp;

  beforeEach(async () => {
    store = await MediaBlobStore.open();
    sut = await MediaHost.start({
      host: '127.0.0.1',
      port: 0,
      hostname: '127.0.0.1',
      ca,
      auth: AUTH,
      maxBytes: MAX,
      store,
      logger: pino({ level: 'silent' }),
    });
    http = simulatorHttp(ca.certPem);
  });
  afterEach(async () => {
    await sut.stop();
    await store.close();
    await http.dispatcher.close();
  });

  const request = (path: string, init: RequestInit = {}) =>
    fetch(`https://${sut.authority}${path}`, { ...init, dispatcher: http.dispatcher } as RequestInit);
  const tokenOf = (body: Buffer) => base64Url(createHash('sha256').update(body).digest());
  const upload = (body: Buffer, o: { token?: string; auth?: string; type?: string } = {}) => {
    const token = o.token ?? tokenOf(body);
    const auth = encodeURIComponent(o.auth ?? AUTH);
    return request(`/mms/${o.type ?? 'image'}/${token}?auth=${auth}&token=${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', origin: 'https://web.whatsapp.com' },
      body: body,
    });
  };
  const storedFiles = async () => (await readdir(store.dir)).sort();

  it('advertises itself in media_conn: token, lifetime, host:port and size cap', () => {
    expect(sut.mediaConn()).toEqual({
      tag: 'media_conn',
      attrs: { auth: AUTH, ttl: '300', max_buckets: '1' },
      content: [
        {
          tag: 'host',
          attrs: { hostname: `127.0.0.1:${sut.port}`, maxContentLengthBytes: String(MAX) },
        },
      ],
    });
  });

  it('stores an upload exactly as received and serves it whole, by range and by HEAD', async () => {
    const body = randomBytes(5_000);
    const res = await upload(body, { type: 'document' });
    expect(res.status).toBe(200);
    const { url, direct_path } = (await res.json()) as { url: string; direct_path: string };
    expect(direct_path).toMatch(/^\/m\/[0-9a-f]{32}\.enc$/);
    expect(url).toBe(`https://127.0.0.1:${sut.port}${direct_path}`);

    const whole = await request(direct_path);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await whole.arrayBuffer()).equals(body)).toBe(true);

    const part = await request(direct_path, { headers: { range: 'bytes=16-31' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 16-31/5000');
    expect(Buffer.from(await part.arrayBuffer()).equals(body.subarray(16, 32))).toBe(true);
    const tail = await request(direct_path, { headers: { range: 'bytes=4990-' } });
    expect(Buffer.from(await tail.arrayBuffer()).equals(body.subarray(4990))).toBe(true);

    const beyond = await request(direct_path, { headers: { range: 'bytes=9000-' } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe('bytes */5000');
    const head = await request(direct_path, { method: 'HEAD' });
    expect([head.status, head.headers.get('content-length')]).toEqual([200, '5000']);
    expect(sut.stats).toEqual({ uploads: 1, uploadsRefused: 0, downloads: 4 });
  });

  it('refuses an upload whose body is not what its token says, and keeps nothing of it', async () => {
    const res = await upload(randomBytes(1_000), { token: tokenOf(randomBytes(1_000)) });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { code: 'hash_mismatch', message: "the body's SHA-256 is not the upload token" },
    });
    expect(await storedFiles()).toEqual([]);
    expect(sut.stats.uploadsRefused).toBe(1);
  });

  it('refuses uploads without the media_conn token, and a query token that is not the path one', async () => {
    const body = randomBytes(100);
    const noAuth = await upload(body, { auth: 'guessed' });
    expect([noAuth.status, ((await noAuth.json()) as { error: { code: string } }).error.code]).toEqual([
      401,
      'bad_auth',
    ]);
    const token = tokenOf(body);
    const mixed = await request(`/mms/image/${token}?auth=${encodeURIComponent(AUTH)}&token=other`, {
      method: 'POST',
      body,
    });
    expect(mixed.status).toBe(400);
    const garbled = await request(`/mms/image/%E0%A4%A?auth=${encodeURIComponent(AUTH)}&token=x`, {
      method: 'POST',
      body,
    });
    expect(garbled.status).toBe(400);
    expect(await storedFiles()).toEqual([]);
    expect(sut.stats.uploadsRefused).toBe(3);
  });

  it('refuses an upload over the cap (declared or streamed) and keeps nothing of it', async () => {
    const big = randomBytes(MAX + 1);
    const declared = await upload(big);
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { error: { code: string } }).error.code).toBe('too_large');

    // no Content-Length: cut off once it passes the cap
    const token = tokenOf(big);
    const streamed = await request(`/mms/video/${token}?auth=${encodeURIComponent(AUTH)}&token=${token}`, {
      method: 'POST',
      body: new Blob([big]).stream(),
      duplex: 'half',
    } as RequestInit).then(
      (r) => r.status,
      () => 'connection closed',
    );
    expect([413, 'connection closed']).toContain(streamed);
    expect(await storedFiles()).toEqual([]);
    expect(sut.stats).toMatchObject({ uploads: 0, uploadsRefused: 2 });
  });

  it('answers unknown paths and files with 404, other methods with 405', async () => {
    expect((await request('/m/0123456789abcdef0123456789abcdef.enc')).status).toBe(404);
    expect((await request('/etc/passwd')).status).toBe(404);
    expect((await request('/m/../state.json')).status).toBe(404);
    expect((await request('/mms/image/abc', { method: 'GET' })).status).toBe(405);
  });
});
