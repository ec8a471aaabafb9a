import { startSandbox } from './standalone-harness.js';

// The tokens zapgate issues are opaque random strings: Swagger must not tell clients they are JWTs.
describe('Swagger security scheme (standalone sandbox)', () => {
  let h: Awaited<ReturnType<typeof startSandbox>>;
  beforeAll(async () => {
    h = await startSandbox();
  });
  afterAll(() => h.close());

  it('documents bearer tokens as opaque, and calls nothing a JWT', async () => {
    const res = await h.call('GET', '/docs-json');
    expect(res.status).toBe(200);
    expect(res.body.components.securitySchemes.bearer).toEqual({
      type: 'http',
      scheme: 'bearer',
      description: expect.stringContaining('opaque'),
    });
    expect(JSON.stringify(res.body)).not.toMatch(/jwt/i);
  });
});
