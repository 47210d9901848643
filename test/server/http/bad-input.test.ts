// Bad input gets a 4xx with a clear message and writes nothing: key names, reserved keys, sizes,
// malformed JSON, wrong types — and the server keeps serving. Also: the OpenAPI document lists every route.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MAX_BODY_BYTES } from '../../../src/server/http/app.js';
import { type ApiUnderTest, startApi } from '../../support/api.js';

describe.each(['etcd', 'setpoint'] as const)('bad input on %s', (kind) => {
  let api: ApiUnderTest;
  let revision: number;

  beforeAll(async () => {
    api = await startApi(kind);
    await api.admin.post('/api/v1/directories', { name: 'app' });
    await api.admin.put('/api/v1/keys/app/ok', { value: 'fine' });
  });
  afterAll(async () => {
    await api?.stop();
  });

  /** Every user key and Setpoint record but the audit log (which records the refusals). */
  async function everythingButAudit() {
    const all = await api.client.etcd.getAll().strings();
    return Object.fromEntries(Object.entries(all).filter(([k]) => !k.startsWith('_setpoint/audit/')));
  }

  /**
   * A request sent with its path exactly as given: fetch resolves '..' (even as %2E%2E) before
   * sending, as browsers do, but `curl --path-as-is` and raw clients do not.
   */
  function rawRequest(
    method: string,
    path: string,
    body: unknown,
  ): Promise<{ status: number; body: { error: { code: string; message: string } } }> {
    const url = new URL(api.url);
    const payload = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          method,
          path,
          headers: {
            authorization: api.adminAuthorization,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            text += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  async function expectNothingWritten(before: Record<string, string>) {
    expect(await everythingButAudit()).toEqual(before);
  }

  const badKeys: [string, RegExp][] = [
    ['app/../etc/passwd', /relative segments are not allowed/],
    ['app//x', /empty/],
    ['app/x/', /empty/],
    ['app/bell\u0007', /control character U\+0007/],
    ['app/nul\u0000x', /control character U\+0000/],
    ['_setpoint/users/evil', /reserved/],
    [`app/${'x'.repeat(1100)}`, /at most 1024 bytes/],
  ];

  test.each(badKeys)('PUT of key %j is refused with 400 and a message saying why', async (key, why) => {
    const before = await everythingButAudit();
    const answer = await rawRequest('PUT', `/api/v1/keys/${encodeURIComponent(key).replaceAll('%2F', '/')}`, {
      value: 'x',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('KEY_NAME_INVALID');
    expect(answer.body.error.message).toMatch(why);
    await expectNothingWritten(before);
  });

  test('a staged change with a bad key name is refused, nothing staged', async () => {
    const id = (await api.admin.post('/api/v1/directories/app/changesets', {})).body.id;
    const before = await everythingButAudit();
    const answer = await rawRequest('PUT', `/api/v1/directories/app/changesets/${id}/keys/a/../../b`, {
      value: 'x',
    });
    expect(answer.status).toBe(400);
    await expectNothingWritten(before);
  });

  test('an oversized value is 413 VALUE_TOO_LARGE; an oversized body is 413 BODY_TOO_LARGE; nothing written', async () => {
    const before = await everythingButAudit();
    const big = await api.admin.put('/api/v1/keys/app/big', { value: 'x'.repeat(600 * 1024) });
    expect(big.status).toBe(413);
    expect(big.body.error.code).toBe('VALUE_TOO_LARGE');
    expect(big.body.error.message).toMatch(/at most 524288 bytes/);
    const huge = await api.admin.put('/api/v1/keys/app/huge', { value: 'x'.repeat(MAX_BODY_BYTES + 10) });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('BODY_TOO_LARGE');
    await expectNothingWritten(before);
  });

  test('malformed JSON, a wrong content type, wrong types and missing fields are 400/415 naming the field', async () => {
    const before = await everythingButAudit();
    const malformed = await api.admin.request('PUT', '/api/v1/keys/app/x', { rawBody: '{"value": "x"' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).toMatch(/not valid JSON/);
    const text = await api.admin.request('PUT', '/api/v1/keys/app/x', {
      rawBody: 'value=x',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    const wrongType = await api.admin.put('/api/v1/keys/app/x', { value: 42 });
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.error).toMatchObject({ code: 'REQUEST_INVALID' });
    expect(wrongType.body.error.message).toMatch(/body\.value: .*expected string/);
    const missing = await api.admin.put('/api/v1/keys/app/x', { sensitive: true });
    expect(missing.body.error.message).toMatch(/body\.value/);
    const badRevision = await api.admin.put(
      '/api/v1/keys/app/x',
      { value: 'x' },
      { headers: { 'if-match': 'yesterday' } },
    );
    expect(badRevision.status).toBe(400);
    expect(badRevision.body.error.message).toMatch(/If-Match 'yesterday' is not a revision/);
    const badQuery = await api.admin.get('/api/v1/keys/app/ok?revision=-3');
    expect(badQuery.status).toBe(400);
    expect(badQuery.body.error.message).toMatch(/querystring\.revision/);
    const sealedLooking = await api.admin.put('/api/v1/keys/app/x', { value: 'setpoint:sealed:v1:eyJ' });
    expect(sealedLooking.status).toBe(400);
    expect(sealedLooking.body.error.code).toBe('VALUE_INVALID');
    await expectNothingWritten(before);
  });

  test('a change set past the transaction limit is refused before anything is written', async () => {
    const before = await everythingButAudit();
    const content = JSON.stringify(
      Object.fromEntries(Array.from({ length: 130 }, (_, i) => [`k${i}`, String(i)])),
    );
    const answer = await api.admin.post('/api/v1/directories/app/import', { format: 'json', content });
    expect(answer.status).toBe(413);
    expect(answer.body.error.code).toBe('CHANGE_TOO_LARGE');
    expect(answer.body.error.message).toMatch(/split it/);
    await expectNothingWritten(before);
  });

  test('after all that the server still serves, and unknown routes answer 404 in JSON', async () => {
    expect((await api.admin.get('/api/v1/keys/app/ok')).body.value).toBe('fine');
    const unknown = await api.admin.get('/api/v1/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/API reference is at \/api\/reference/);
    revision = await api.client.currentRevision();
    expect(revision).toBeGreaterThan(0);
  });

  test('the OpenAPI document describes every route, and the reference page is served', async () => {
    const doc = await api.anonymous.get('/api/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    const documented = Object.entries(doc.body.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, methods]) =>
        Object.keys(methods).map(
          (m) => `${m.toUpperCase()} ${path.replace('{*}', '*').replace(/\{([^}]+)\}/g, ':$1')}`,
        ),
    );
    const routes = api.server.routes.filter(
      (r) => !r.startsWith('GET /api/reference') && r !== 'GET /api/openapi.json',
    );
    expect(routes.filter((r) => !documented.includes(r))).toEqual([]);
    const page = await api.anonymous.get('/api/reference/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
  });

  test('every answer carries the same security headers, made once', async () => {
    const security = (headers: Headers) =>
      Object.fromEntries(
        [
          'content-security-policy',
          'cross-origin-opener-policy',
          'cross-origin-resource-policy',
          'origin-agent-cluster',
          'referrer-policy',
          'x-content-type-options',
          'x-dns-prefetch-control',
          'x-download-options',
          'x-frame-options',
          'x-permitted-cross-domain-policies',
          'x-xss-protection',
        ].map((name) => [name, headers.get(name)]),
      );
    const answers = [
      await api.anonymous.get('/healthz'),
      await api.anonymous.get('/healthz'),
      await api.anonymous.get('/api/v1/keys/app/ok'),
      await api.admin.get('/api/v1/keys/app/ok'),
      await api.anonymous.get('/no/such/route'),
    ];
    const first = security(answers[0]!.headers);
    expect(first['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(first['x-frame-options']).toBe('SAMEORIGIN');
    expect(Object.values(first).every((value) => value !== null)).toBe(true);
    for (const answer of answers) expect(security(answer.headers)).toEqual(first);
  });
});
