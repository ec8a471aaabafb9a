import { startSandbox } from './standalone-harness.js';

interface OpenApiOperation {
  summary?: string;
  description?: string;
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  responses?: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }>;
}
interface OpenApi {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: {
    schemas: Record<
      string,
      { properties?: Record<string, { example?: unknown; items?: { $ref?: string } }> }
    >;
  };
}

// Swagger UI at /docs documents every route of both dialects: each operation is described, and
// every body is a schema whose fields carry examples.
describe('Swagger (standalone sandbox)', () => {
  let h: Awaited<ReturnType<typeof startSandbox>>;
  let doc: OpenApi;
  beforeAll(async () => {
    h = await startSandbox();
    const res = await h.call('GET', '/docs-json');
    expect(res.status).toBe(200);
    doc = res.body as OpenApi;
  });
  afterAll(() => h.close());

  it('serves the UI at /docs', async () => {
    const ui = await h.call('GET', '/docs');
    expect(ui.status).toBe(200);
  });

  it('lists the routes of both dialects, each with a summary and its answers', () => {
    const paths = Object.keys(doc.paths);
    for (const route of [
      '/rest/instance/init',
      '/rest/instance/qrcode_base64/{instance_key}',
      '/rest/sendMessage/{instance_key}/text',
      '/rest/webhook/{instance_key}/configWebhook',
      '/rest/webhook/{instance_key}/replay',
      '/api/{session}/{secretkey}/generate-token',
      '/api/{session}/start-session',
      '/api/{session}/send-message',
      '/api/{session}/webhook-replay',
    ])
      expect(paths).toContain(route);
    const undocumented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => !op.summary || !op.responses || !Object.keys(op.responses).length)
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(undocumented).toEqual([]);
  });

  it('describes every JSON body with a schema whose fields have examples', () => {
    const missing: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        // JSON, or a multipart upload where a route takes only that (a file)
        const content = op.requestBody?.content;
        const ref = (content?.['application/json'] ?? content?.['multipart/form-data'])?.schema.$ref;
        if (!op.requestBody) continue;
        if (!ref) {
          missing.push(`${method.toUpperCase()} ${path}: body without a schema`);
          continue;
        }
        const schema = doc.components.schemas[ref.split('/').pop()!]!;
        for (const [field, prop] of Object.entries(schema.properties ?? {}))
          if (prop.example === undefined && !('$ref' in prop) && !('allOf' in prop))
            missing.push(`${method.toUpperCase()} ${path}: ${field} has no example`);
      }
    }
    // nested bodies (mega's messageData, group_data) and every other schema too
    for (const [name, schema] of Object.entries(doc.components.schemas))
      for (const [field, prop] of Object.entries(schema.properties ?? {}))
        if (prop.example === undefined && !('$ref' in prop) && !('allOf' in prop) && !prop.items?.$ref)
          missing.push(`${name}.${field} has no example`);
    expect(missing).toEqual([]);
    expect(Object.keys(doc.components.schemas['WppReplayRangeDto']!.properties!)).toEqual(['from', 'to']);
  });

  it("gives the send and status routes their dialect's reply schemas, errors included", () => {
    const schemaOf = (path: string, method: string, status: string) => {
      const ref = doc.paths[path]?.[method]?.responses?.[status]?.content?.['application/json']?.schema.$ref;
      return ref ? doc.components.schemas[ref.split('/').pop()!] : undefined;
    };
    const fields = (path: string, method: string, status: string) =>
      Object.keys(schemaOf(path, method, status)?.properties ?? {});
    expect(fields('/rest/sendMessage/{instance_key}/text', 'post', '201')).toEqual([
      'error',
      'message',
      'messageData',
    ]);
    expect(fields('/rest/sendMessage/{instance_key}/text', 'post', '400')).toEqual([
      'error',
      'message',
      'code',
    ]);
    expect(fields('/rest/instance/{instance_key}', 'get', '200')).toEqual(['error', 'message', 'instance']);
    expect(fields('/api/{session}/send-message', 'post', '201')).toEqual([
      'status',
      'response',
      'mapper',
      'session',
    ]);
    expect(fields('/api/{session}/send-message', 'post', '404')).toEqual(['response', 'status', 'message']);
    expect(fields('/api/{session}/status-session', 'get', '200')).toEqual([
      'status',
      'qrcode',
      'urlcode',
      'version',
    ]);
    expect(Object.keys(doc.components.schemas['MegaMessageKey']!.properties!)).toEqual([
      'remoteJid',
      'fromMe',
      'id',
    ]);
  });
});
