import { decodeSimulatorTrust, simulatorHttp } from '@zapgate/wa-sim';
import { ControlApiHarness } from './control-api.harness.js';

describe('simulator control API over HTTP: phones, errors, faults, trust, docs', () => {
  let h: ControlApiHarness;
  beforeAll(async () => {
    h = await ControlApiHarness.start();
  });
  afterAll(() => h.close());

  it('creates, lists and shows phones, with clear errors for duplicates, bad and unknown numbers', async () => {
    const created = await h.call('POST', '/sandbox/phones', { number: '5511940000001', name: 'Ana' });
    expect(created).toEqual({
      status: 201,
      body: {
        number: '5511940000001',
        name: 'Ana',
        jid: '5511940000001@s.whatsapp.net',
        lid: expect.any(String),
        lidJid: expect.stringMatching(/@lid$/),
        online: true,
        devices: [{ id: 0, platform: expect.any(String), online: true, linkedAt: expect.any(String) }],
        // the chat states contacts showed this phone (typing, recording), none yet
        chatStates: [],
        // app state its devices synced (archived, pinned, muted… chats; labels), none yet
        chats: [],
        labels: [],
        // calls it placed or received, none yet
        calls: [],
      },
    });
    expect((await h.call('GET', '/sandbox/phones')).body).toEqual([created.body]);
    expect(await h.call('GET', '/sandbox/phones/5511940000001')).toEqual({ status: 200, body: created.body });

    expect(await h.call('POST', '/sandbox/phones', { number: '5511940000001' })).toEqual({
      status: 409,
      body: { error: { code: 'phone_exists', message: 'phone 5511940000001 already exists' } },
    });
    expect(await h.call('POST', '/sandbox/phones', { number: '12ab' })).toEqual({
      status: 400,
      body: {
        error: {
          code: 'validation_failed',
          message: 'number must be 6 to 15 digits, country code first',
          details: ['number must be 6 to 15 digits, country code first'],
        },
      },
    });
    expect(await h.call('POST', '/sandbox/phones', {})).toMatchObject({
      status: 400,
      body: { error: { code: 'validation_failed', message: expect.stringContaining('number') } },
    });
    expect(await h.call('POST', '/sandbox/phones', { number: '5511940000009', admin: true })).toMatchObject({
      status: 400,
      body: { error: { code: 'validation_failed', message: 'property admin should not exist' } },
    });
    expect(await h.call('GET', '/sandbox/phones/5511949999999')).toMatchObject({
      status: 404,
      body: { error: { code: 'unknown_phone' } },
    });
    expect(await h.call('GET', '/sandbox/phones/not-a-number/messages')).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_number' } },
    });
  });

  it('refuses bad scans, messages, pairing codes and presence with 4xx', async () => {
    await h.call('POST', '/sandbox/phones', { number: '5511940000004' });
    const phone = '/sandbox/phones/5511940000004';
    expect(await h.call('POST', `${phone}/scan`, { qr: 'data:image/png;base64,AAAA' })).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_qr' } },
    });
    expect(await h.call('POST', `${phone}/scan`, { qr: 'not,a,whatsapp,qr' })).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_qr' } },
    });
    expect(await h.call('POST', `${phone}/messages`, { to: '5511948888888', text: 'x' })).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_recipient' } },
    });
    expect(await h.call('POST', `${phone}/messages`, { to: '5511940000004' })).toMatchObject({
      status: 400,
      body: { error: { code: 'validation_failed', message: expect.stringContaining('text') } },
    });
    expect(await h.call('POST', `${phone}/pairing-code`, { code: 'ABCD1234' })).toMatchObject({
      status: 409,
      body: { error: { code: 'no_pairing_request' } },
    });
    expect(await h.call('POST', `${phone}/pairing-code`, { code: 'ABC' })).toMatchObject({
      status: 400,
      body: { error: { code: 'validation_failed' } },
    });
    expect(await h.call('POST', `${phone}/presence`, { type: 'composing' })).toMatchObject({
      status: 400,
      body: { error: { code: 'invalid_recipient' } },
    });
    expect(await h.call('POST', `${phone}/presence`, { type: 'dancing' })).toMatchObject({
      status: 400,
      body: { error: { code: 'validation_failed' } },
    });
    expect(await h.call('POST', `${phone}/read`, { ids: [] })).toMatchObject({
      status: 400,
      body: { error: { code: 'validation_failed' } },
    });
    expect(
      await h.call('POST', '/sandbox/phones/5511947777777/messages', { to: '5511940000004', text: 'x' }),
    ).toMatchObject({ status: 404, body: { error: { code: 'unknown_phone' } } });
  });

  it('answers unparsable bodies and unknown routes in the same shape, without echoing the request', async () => {
    const badJson = await h.call('POST', '/sandbox/phones', '{"number": secret-token}');
    expect(badJson).toMatchObject({ status: 400, body: { error: { code: 'bad_request' } } });
    expect(JSON.stringify(badJson.body)).not.toContain('secret');

    const huge = await h.call('POST', '/sandbox/phones/5511940000001/scan', { qr: 'x'.repeat(5_000_000) });
    expect(huge).toEqual({
      status: 413,
      body: { error: { code: 'payload_too_large', message: 'Payload Too Large' } },
    });

    const unknown = await h.call('GET', '/sandbox/secret-route');
    expect(unknown).toEqual({ status: 404, body: { error: { code: 'not_found', message: 'Not Found' } } });
  });

  it('validates fault bodies per type', async () => {
    await h.call('POST', '/sandbox/phones', { number: '5511940000006' });
    const refused: [object, string][] = [
      [{ type: 'earthquake' }, 'type must be one of'],
      [{}, 'type must be one of'],
      [{ type: 'disconnect' }, 'number'],
      [{ type: 'stream-error', number: '5511940000006' }, 'code'],
      [{ type: 'delay', ms: 100 }, 'durationMs'],
      [{ type: 'delay', durationMs: 1000 }, 'ms'],
      [{ type: 'drop' }, 'durationMs'],
      [{ type: 'refuse-login', durationMs: 0 }, 'durationMs'],
      [{ type: 'drop', durationMs: 1000, tags: 'message' }, 'tags'],
      [{ type: 'delay', ms: 100, durationMs: 1000, tags: ['message'] }, 'tags applies only to drop'],
      [{ type: 'disconnect', number: '5511940000006', code: 401 }, 'code applies only to stream-error'],
      [{ type: 'disconnect', number: 'abc' }, 'number must be 6 to 15 digits'],
    ];
    for (const [body, message] of refused) {
      expect({ body, reply: await h.call('POST', '/sandbox/faults', body) }).toMatchObject({
        body,
        reply: {
          status: 400,
          body: { error: { code: 'validation_failed', message: expect.stringContaining(message) } },
        },
      });
    }
    expect(
      await h.call('POST', '/sandbox/faults', { type: 'disconnect', number: '5511947777777' }),
    ).toMatchObject({
      status: 404,
      body: { error: { code: 'unknown_phone' } },
    });
  });

  it('injects and clears faults', async () => {
    await h.call('POST', '/sandbox/phones', { number: '5511940000005' });
    expect(
      await h.call('POST', '/sandbox/faults', { type: 'disconnect', number: '5511940000005', device: 0 }),
    ).toEqual({ status: 201, body: { affected: 1 } });
    const delayed = await h.call('POST', '/sandbox/faults', { type: 'delay', ms: 100, durationMs: 60_000 });
    expect(delayed).toEqual({ status: 201, body: { affected: 0, until: expect.any(Number) } });
    expect(
      await h.call('POST', '/sandbox/faults', { type: 'drop', durationMs: 1_000, tags: ['presence'] }),
    ).toMatchObject({ status: 201 });
    expect(
      await h.call('POST', '/sandbox/faults', {
        type: 'refuse-login',
        number: '5511940000005',
        durationMs: 1,
      }),
    ).toMatchObject({ status: 201 });
    expect(await h.call('DELETE', '/sandbox/faults')).toEqual({ status: 204, body: undefined });
  });

  it('tells a client in another process what to trust and where to connect', async () => {
    const { status, body } = await h.call<{
      rootPublicKey: string;
      waWebSocketUrl: string;
      trustRoot: string;
      mediaCa: string;
      mediaHost: string;
    }>('GET', '/sandbox/trust');
    expect(status).toBe(200);
    expect(Buffer.from(body.rootPublicKey, 'base64')).toHaveLength(32);
    expect(body.rootPublicKey).toBe(h.sim.rootPublicKey.toString('base64'));
    expect(body.waWebSocketUrl).toBe(h.sim.url);
    expect(body.mediaCa).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(body.mediaHost).toMatch(/^127\.0\.0\.1:\d+$/);
    // WA_SIM_TRUST_ROOT: both roots in one value
    expect(decodeSimulatorTrust(body.trustRoot)).toEqual({
      noiseRoot: h.sim.rootPublicKey,
      mediaCa: body.mediaCa,
    });
    // the media CA is what the media host's certificate chains to
    const res = await fetch(`https://${body.mediaHost}/m/00000000000000000000000000000000.enc`, {
      dispatcher: simulatorHttp(body.mediaCa).dispatcher,
    } as RequestInit);
    expect(res.status).toBe(404);
  });

  it('documents every route, its bodies and its answers in Swagger', async () => {
    const res = await fetch(`${h.base}/docs`);
    expect(res.status).toBe(200);
    const { body: doc } = await h.call<{
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, unknown> };
    }>('GET', '/docs-json');
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/sandbox/faults',
      '/sandbox/groups',
      '/sandbox/groups/{group}',
      '/sandbox/phones',
      '/sandbox/phones/{number}',
      '/sandbox/phones/{number}/call',
      '/sandbox/phones/{number}/calls',
      '/sandbox/phones/{number}/contacts',
      '/sandbox/phones/{number}/group-events',
      '/sandbox/phones/{number}/groups',
      '/sandbox/phones/{number}/groups/invite-info',
      '/sandbox/phones/{number}/groups/join',
      '/sandbox/phones/{number}/groups/{group}',
      '/sandbox/phones/{number}/groups/{group}/invite',
      '/sandbox/phones/{number}/groups/{group}/invite/revoke',
      '/sandbox/phones/{number}/groups/{group}/leave',
      '/sandbox/phones/{number}/groups/{group}/participants',
      '/sandbox/phones/{number}/groups/{group}/settings',
      '/sandbox/phones/{number}/labels',
      '/sandbox/phones/{number}/labels/{id}',
      '/sandbox/phones/{number}/labels/{id}/chats',
      '/sandbox/phones/{number}/labels/{id}/chats/{chat}',
      '/sandbox/phones/{number}/location',
      '/sandbox/phones/{number}/media',
      '/sandbox/phones/{number}/messages',
      '/sandbox/phones/{number}/messages/{id}/answer',
      '/sandbox/phones/{number}/messages/{id}/edit',
      '/sandbox/phones/{number}/messages/{id}/media',
      '/sandbox/phones/{number}/messages/{id}/react',
      '/sandbox/phones/{number}/messages/{id}/retry',
      '/sandbox/phones/{number}/messages/{id}/revoke',
      '/sandbox/phones/{number}/messages/{id}/vote',
      '/sandbox/phones/{number}/pairing-code',
      '/sandbox/phones/{number}/poll',
      '/sandbox/phones/{number}/presence',
      '/sandbox/phones/{number}/profile/about',
      '/sandbox/phones/{number}/profile/business',
      '/sandbox/phones/{number}/profile/picture',
      '/sandbox/phones/{number}/profiles/{jid}',
      '/sandbox/phones/{number}/read',
      '/sandbox/phones/{number}/scan',
      '/sandbox/phones/{number}/status',
      '/sandbox/stats',
      '/sandbox/trust',
    ]);
    expect(Object.keys(doc.paths['/sandbox/phones']!.post!.responses).sort()).toEqual(['201', '400', '409']);
    const responses = (path: string, method: string) =>
      Object.keys(doc.paths[path]![method]!.responses).sort();
    expect(responses('/sandbox/phones/{number}/media', 'post')).toEqual(['201', '400', '404', '413', '503']);
    expect(responses('/sandbox/phones/{number}/status', 'post')).toEqual(['201', '400', '404', '503']);
    expect(responses('/sandbox/phones/{number}/messages/{id}/media', 'get')).toEqual([
      '200',
      '400',
      '404',
      '409',
    ]);
    expect(responses('/sandbox/phones/{number}/groups/{group}/participants', 'post')).toEqual([
      '200',
      '400',
      '404',
      '409',
      '503',
    ]);
    expect(responses('/sandbox/phones/{number}/messages/{id}/retry', 'post')).toEqual([
      '200',
      '400',
      '404',
      '409',
      '503',
    ]);
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining([
        'CreatePhoneDto',
        'PhoneViewDto',
        'PhoneMessageDto',
        'PhoneMediaDto',
        'SendMediaDto',
        'SimMediaStatsDto',
        'FaultDto',
        'ErrorBodyDto',
        'CreateGroupDto',
        'GroupViewDto',
        'GroupParticipantsDto',
        'PhoneGroupEventDto',
        'SimGroupViewDto',
      ]),
    );
  });

  it('places calls between phones and refuses unknown phones, self-calls and bad bodies', async () => {
    await h.call('POST', '/sandbox/phones', { number: '5511940000081' });
    await h.call('POST', '/sandbox/phones', { number: '5511940000082' });
    const placed = await h.call('POST', '/sandbox/phones/5511940000081/call', { to: '5511940000082' });
    expect(placed).toEqual({
      status: 201,
      body: {
        id: expect.stringMatching(/^[0-9A-F]{32}$/),
        from: '5511940000081',
        to: '5511940000082',
        video: false,
        status: 'ringing',
        at: expect.any(Number),
      },
    });
    expect((await h.call('GET', '/sandbox/phones/5511940000082/calls')).body).toEqual([placed.body]);
    expect((await h.call<{ calls: unknown[] }>('GET', '/sandbox/phones/5511940000081')).body.calls).toEqual([
      placed.body,
    ]);
    const error = (code: string) => ({ body: { error: { code, message: expect.any(String) } } });
    expect(await h.call('POST', '/sandbox/phones/5511940000081/call', { to: '5511940000089' })).toMatchObject(
      {
        status: 400,
        ...error('invalid_recipient'),
      },
    );
    expect(await h.call('POST', '/sandbox/phones/5511940000081/call', { to: '5511940000081' })).toMatchObject(
      {
        status: 400,
        ...error('invalid_recipient'),
      },
    );
    expect(await h.call('POST', '/sandbox/phones/5511940000089/call', { to: '5511940000082' })).toMatchObject(
      {
        status: 404,
        ...error('unknown_phone'),
      },
    );
    expect(
      await h.call('POST', '/sandbox/phones/5511940000081/call', { to: '5511940000082', video: 'yes' }),
    ).toMatchObject({ status: 400, ...error('validation_failed') });
  });
});
