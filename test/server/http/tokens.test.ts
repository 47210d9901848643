// The API tokens API on a real etcd and on the embedded store: a token shown once and stored as its
// SHA-256, listing one's own (an admin anyone's), revoking, the CSRF check on cookie sessions, and
// the audit entries.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RESERVED_PREFIX } from '../../../src/keyspace/index.js';
import { type ApiUnderTest, type Caller, caller, startApi } from '../../support/api.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe.each(['etcd', 'setpoint'] as const)('tokens API on %s', (kind) => {
  let api: ApiUnderTest;
  let alice: Caller;
  let bob: Caller;

  beforeAll(async () => {
    api = await startApi(kind);
    alice = await api.user('alice', [{ role: 'editor', prefix: 'team/' }]);
    bob = await api.user('bob', [{ role: 'admin', prefix: 'team/' }]);
  }, 120_000);
  afterAll(async () => {
    await api?.stop();
  });

  test('a new token is shown once, works, and is stored only as its SHA-256', async () => {
    const before = Date.now();
    const created = await alice.post('/api/v1/tokens', { name: 'ci deploy', expiresInDays: 30 });
    expect(created.status).toBe(201);
    const { token, id } = created.body;
    expect(token).toMatch(/^spt_[A-Za-z0-9_-]{43}$/);
    expect(id).toBe(sha256(token));
    expect(created.body).toEqual({
      token,
      id,
      owner: 'alice',
      name: 'ci deploy',
      createdAt: expect.any(String),
      expiresAt: expect.any(String),
    });
    const expires = Date.parse(created.body.expiresAt);
    expect(expires).toBeGreaterThanOrEqual(before + 30 * 86_400_000);
    expect(expires).toBeLessThan(Date.now() + 30 * 86_400_000 + 1000);

    const session = await api.as(token).get('/api/v1/session');
    expect(session.status).toBe(200);
    expect(session.body).toMatchObject({ via: 'token', user: { name: 'alice' } });

    const listed = await api.as(token).get('/api/v1/tokens');
    expect(listed.status).toBe(200);
    expect(listed.text).not.toContain(token);
    const mine = listed.body.tokens.find((t: { id: string }) => t.id === id);
    expect(mine).toEqual({
      id,
      owner: 'alice',
      name: 'ci deploy',
      createdAt: created.body.createdAt,
      expiresAt: created.body.expiresAt,
      lastUsedAt: expect.any(String),
      current: true,
    });
    expect(listed.body.tokens.filter((t: { current: boolean }) => t.current)).toHaveLength(1);

    const { kvs } = await api.client.rangeSnapshot(RESERVED_PREFIX);
    const stored = kvs.map((kv) => `${kv.key}=${kv.value.toString('utf8')}`).join('\n');
    expect(stored).toContain(id);
    expect(stored).not.toContain(token);
    expect(stored).not.toContain(token.slice(4));
  });

  test('each user lists their own tokens; only an admin on everything lists others', async () => {
    await bob.post('/api/v1/tokens', { name: 'bob laptop' });
    const own = await alice.get('/api/v1/tokens');
    expect(own.status).toBe(200);
    expect(new Set(own.body.tokens.map((t: { owner: string }) => t.owner))).toEqual(new Set(['alice']));
    expect((await alice.get('/api/v1/tokens?owner=alice')).body).toEqual(own.body);

    for (const path of ['/api/v1/tokens?owner=bob', '/api/v1/tokens?all=true']) {
      const refused = await alice.get(path);
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('ACCESS_DENIED');
      // An admin of a directory is not an admin of the server.
      expect((await bob.get(path.replace('owner=bob', 'owner=alice'))).status).toBe(403);
    }

    const bobs = await api.admin.get('/api/v1/tokens?owner=bob');
    expect(bobs.status).toBe(200);
    expect(bobs.body.tokens.map((t: { owner: string; name: string }) => [t.owner, t.name])).toEqual(
      expect.arrayContaining([
        ['bob', 'tests'],
        ['bob', 'bob laptop'],
      ]),
    );
    expect(bobs.body.tokens.every((t: { owner: string }) => t.owner === 'bob')).toBe(true);
    const all = await api.admin.get('/api/v1/tokens?all=true');
    expect(new Set(all.body.tokens.map((t: { owner: string }) => t.owner))).toEqual(
      new Set(['admin', 'alice', 'bob']),
    );
    expect(all.body.tokens.every((t: object) => !('token' in t))).toBe(true);

    const wrong = await api.admin.get('/api/v1/tokens?all=yes');
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('REQUEST_INVALID');
    expect((await api.anonymous.get('/api/v1/tokens')).status).toBe(401);
  });

  test('a user revokes their own token; only an admin on everything revokes anyone’s', async () => {
    const { token, id } = (await alice.post('/api/v1/tokens', { name: 'short lived' })).body;
    const other = (await alice.post('/api/v1/tokens', { name: 'kept' })).body;

    const byBob = await bob.delete(`/api/v1/tokens/${id}`);
    expect(byBob.status).toBe(403);
    expect(byBob.body.error.code).toBe('ACCESS_DENIED');
    expect((await api.as(token).get('/api/v1/session')).status).toBe(200);

    expect((await api.as(token).delete(`/api/v1/tokens/${id}`)).status).toBe(204);
    const after = await api.as(token).get('/api/v1/session');
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('NOT_SIGNED_IN');
    const again = await alice.delete(`/api/v1/tokens/${id}`);
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('TOKEN_NOT_FOUND');

    expect((await api.admin.delete(`/api/v1/tokens/${other.id}`)).status).toBe(204);
    expect((await api.as(other.token).get('/api/v1/session')).status).toBe(401);

    const malformed = await alice.delete('/api/v1/tokens/not-an-id');
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('REQUEST_INVALID');
    expect(malformed.body.error.message).toMatch(/64 hexadecimal digits/);
  });

  test.each([
    ['an empty name', { name: '' }, 'REQUEST_INVALID'],
    ['a name with a control character', { name: 'ci\u0007deploy' }, 'TOKEN_NAME_INVALID'],
    ['a blank name', { name: '   ' }, 'TOKEN_NAME_INVALID'],
    ['no expiry in days', { name: 'x', expiresInDays: 0 }, 'REQUEST_INVALID'],
    ['a fractional expiry', { name: 'x', expiresInDays: 1.5 }, 'REQUEST_INVALID'],
  ])('creating a token with %s is refused', async (_what, body, code) => {
    const answer = await alice.post('/api/v1/tokens', body);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe(code);
  });

  test('with a session cookie, creating and revoking need the CSRF token', async () => {
    const login = await api.anonymous.post('/api/v1/session', {
      user: 'alice',
      password: 'alice password for tests',
    });
    const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
    const withoutCsrf = caller(api.url, undefined, { cookie });
    const withCsrf = caller(api.url, undefined, { cookie, 'x-csrf-token': login.body.csrfToken });

    const refused = await withoutCsrf.post('/api/v1/tokens', { name: 'from the browser' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('CSRF_TOKEN_INVALID');
    expect((await withoutCsrf.get('/api/v1/tokens')).status).toBe(200);

    const created = await withCsrf.post('/api/v1/tokens', { name: 'from the browser' });
    expect(created.status).toBe(201);
    expect((await withoutCsrf.delete(`/api/v1/tokens/${created.body.id}`)).status).toBe(403);
    expect((await withCsrf.delete(`/api/v1/tokens/${created.body.id}`)).status).toBe(204);
  });

  test('creating and revoking are in the audit log, by id, never the token', async () => {
    const created = (await alice.post('/api/v1/tokens', { name: 'audited' })).body;
    await bob.delete(`/api/v1/tokens/${created.id}`);
    await alice.delete(`/api/v1/tokens/${created.id}`);
    const { entries } = (await api.admin.get('/api/v1/audit?limit=20')).body;
    const about = entries.filter((e: { detail?: { id?: string } }) => e.detail?.id === created.id).reverse();
    expect(about).toEqual([
      expect.objectContaining({ who: 'alice', action: 'token.create', where: 'alice', outcome: 'success' }),
      expect.objectContaining({
        who: 'bob',
        action: 'token.revoke',
        where: 'alice',
        from: '127.0.0.1',
        outcome: 'denied',
      }),
      expect.objectContaining({ who: 'alice', action: 'token.revoke', where: 'alice', outcome: 'success' }),
    ]);
    expect(JSON.stringify(entries)).not.toContain(created.token);
  });
});
