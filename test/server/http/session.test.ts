// Signing in and out on a real etcd and on the embedded store: the session cookie's flags, the CSRF
// token on changes, logout, API tokens from a login, failed logins in the audit log, and the rate
// limit with its Retry-After.
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { SESSIONS_PREFIX } from '../../../src/keyspace/index.js';
import { LoginLimiter } from '../../../src/server/auth/index.js';
import { type Answer, type ApiUnderTest, type Caller, caller, startApi } from '../../support/api.js';

const WINDOW_MS = 10 * 60_000;
const alicePassword = 'alice password for tests';

/** The session cookie's `name=value` and its attributes, from a login's Set-Cookie. */
function sessionCookie(answer: Answer): { pair: string; attributes: string[] } {
  const cookies = answer.headers.getSetCookie().filter((c) => c.startsWith('setpoint_session='));
  expect(cookies).toHaveLength(1);
  const [pair, ...attributes] = cookies[0]!.split(';').map((part) => part.trim());
  return { pair: pair!, attributes };
}

describe.each(['etcd', 'setpoint'] as const)('sessions on %s', (kind) => {
  let api: ApiUnderTest;
  /** The login limiter's clock: tests move it instead of waiting. */
  let now = Date.now();

  const login = (user: string, password: string, extra: object = {}) =>
    api.anonymous.post('/api/v1/session', { user, password, ...extra });

  async function signIn(user: string, password: string): Promise<{ withCsrf: Caller; withoutCsrf: Caller }> {
    const answer = await login(user, password);
    expect(answer.status).toBe(200);
    const { pair } = sessionCookie(answer);
    return {
      withCsrf: caller(api.url, undefined, { cookie: pair, 'x-csrf-token': answer.body.csrfToken }),
      withoutCsrf: caller(api.url, undefined, { cookie: pair }),
    };
  }

  async function auditEntries(action: string): Promise<Record<string, unknown>[]> {
    const { entries } = (await api.admin.get('/api/v1/audit?limit=200')).body;
    return entries.filter((e: { action: string }) => e.action === action);
  }

  beforeAll(async () => {
    api = await startApi(kind, {
      loginLimiter: new LoginLimiter({ maxFailures: 5, windowMs: WINDOW_MS, now: () => now }),
    });
    await api.user('alice', [{ role: 'editor', prefix: 'team/' }]);
  }, 120_000);
  afterAll(async () => {
    await api?.stop();
  });
  // Every test starts with no failed login in the window (all come from 127.0.0.1).
  beforeEach(() => {
    now += WINDOW_MS + 1;
  });

  test('a login sets an HttpOnly, SameSite=Strict cookie for the whole site and gives the CSRF token', async () => {
    const answer = await login('alice', alicePassword);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      user: expect.objectContaining({ name: 'alice', grants: [{ role: 'editor', prefix: 'team/' }] }),
      via: 'session',
      csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    expect(answer.text).not.toContain(alicePassword);
    expect(answer.text).not.toMatch(/passwordHash/);
    const { pair, attributes } = sessionCookie(answer);
    expect(pair).toMatch(/^setpoint_session=[A-Za-z0-9_-]{43}$/);
    expect(attributes).toEqual(
      expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/', 'Max-Age=43200']),
    );
    // Plain HTTP on loopback: a Secure cookie would never come back.
    expect(attributes).not.toContain('Secure');
    // The cookie value is not in the answer, and etcd holds only its hash.
    expect(answer.text).not.toContain(pair.split('=')[1]!);
    const { kvs } = await api.client.rangeSnapshot(SESSIONS_PREFIX);
    expect(kvs.map((kv) => kv.key + kv.value.toString('utf8')).join('\n')).not.toContain(pair.split('=')[1]!);

    const who = await caller(api.url, undefined, { cookie: pair }).get('/api/v1/session');
    expect(who.status).toBe(200);
    expect(who.body).toEqual({ ...answer.body, user: expect.objectContaining({ name: 'alice' }) });
  });

  test('a change with the cookie needs the x-csrf-token header', async () => {
    const { withCsrf, withoutCsrf } = await signIn('alice', alicePassword);
    const refused = await withoutCsrf.post('/api/v1/tokens', { name: 'no csrf' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('CSRF_TOKEN_INVALID');
    expect(refused.body.error.message).toMatch(/x-csrf-token/);
    const wrong = await withoutCsrf.post(
      '/api/v1/tokens',
      { name: 'wrong csrf' },
      { headers: { 'x-csrf-token': 'A'.repeat(43) } },
    );
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('CSRF_TOKEN_INVALID');
    // Someone else's session's CSRF token does not do either.
    const other = await login('alice', alicePassword);
    const crossed = await withoutCsrf.post(
      '/api/v1/tokens',
      { name: 'crossed csrf' },
      { headers: { 'x-csrf-token': other.body.csrfToken } },
    );
    expect(crossed.status).toBe(403);

    const allowed = await withCsrf.post('/api/v1/tokens', { name: 'with csrf' });
    expect(allowed.status).toBe(201);
    // Reading needs no CSRF token.
    expect((await withoutCsrf.get('/api/v1/tokens')).status).toBe(200);
    // Nor does a change made with an API token (no cookie the browser could send on its own).
    expect((await api.as(allowed.body.token).post('/api/v1/tokens', { name: 'by token' })).status).toBe(201);
  });

  test('logout needs the CSRF token, ends the session and clears the cookie', async () => {
    const { withCsrf, withoutCsrf } = await signIn('alice', alicePassword);
    const count = async () => (await api.client.rangeSnapshot(SESSIONS_PREFIX)).kvs.length;
    const sessionsBefore = await count();

    const refused = await withoutCsrf.delete('/api/v1/session');
    expect(refused.status).toBe(403);
    expect((await withoutCsrf.get('/api/v1/session')).status).toBe(200);

    const out = await withCsrf.delete('/api/v1/session');
    expect(out.status).toBe(204);
    const cleared = out.headers.getSetCookie().find((c) => c.startsWith('setpoint_session='));
    expect(cleared).toMatch(/^setpoint_session=;/);
    expect(cleared).toMatch(/Expires=Thu, 01 Jan 1970|Max-Age=0/);
    expect(await count()).toBe(sessionsBefore - 1);

    const after = await withoutCsrf.get('/api/v1/session');
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('NOT_SIGNED_IN');
    expect((await withCsrf.post('/api/v1/tokens', { name: 'after logout' })).status).toBe(401);
    expect((await api.anonymous.delete('/api/v1/session')).status).toBe(401);

    const [anonymous, done, withoutToken] = await auditEntries('logout');
    expect(anonymous).toMatchObject({ who: 'anonymous', outcome: 'denied', detail: { status: 401 } });
    expect(done).toMatchObject({
      who: 'alice',
      outcome: 'success',
      from: '127.0.0.1',
      detail: { status: 204 },
    });
    expect(withoutToken).toMatchObject({ who: 'alice', outcome: 'denied', detail: { status: 403 } });
  });

  test('a login may ask for an API token instead: shown once, no cookie', async () => {
    const answer = await login('alice', alicePassword, {
      token: { name: 'cli on laptop', expiresInDays: 7 },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      user: expect.objectContaining({ name: 'alice' }),
      via: 'token',
      token: expect.stringMatching(/^spt_[A-Za-z0-9_-]{43}$/),
    });
    expect(answer.headers.getSetCookie()).toEqual([]);
    const token = answer.body.token as string;
    const who = await api.as(token).get('/api/v1/session');
    expect(who.body).toEqual({ user: expect.objectContaining({ name: 'alice' }), via: 'token' });
    const listed = (await api.as(token).get('/api/v1/tokens')).body.tokens;
    expect(listed.find((t: { current: boolean }) => t.current)).toMatchObject({
      name: 'cli on laptop',
      expiresAt: expect.any(String),
    });
    // Signing out with a token ends nothing; revoking it does.
    expect((await api.as(token).delete('/api/v1/session')).status).toBe(204);
    expect((await api.as(token).get('/api/v1/session')).status).toBe(200);

    const [entry] = await auditEntries('login');
    expect(entry).toMatchObject({
      who: 'alice',
      where: 'alice',
      outcome: 'success',
      detail: { status: 200, via: 'token' },
    });
  });

  test('a wrong password is refused with LOGIN_FAILED and audited with its status', async () => {
    const wrong = await login('alice', 'not the password of alice');
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toEqual({
      code: 'LOGIN_FAILED',
      message: 'the user name or password is wrong, or the account is disabled',
    });
    const unknown = await login('nobody', 'not the password of anyone');
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);

    // A wrong password is a failed login; access control refusing (the rate limit below) is 'denied'.
    const [forNobody, forAlice] = await auditEntries('login');
    expect(forAlice).toMatchObject({
      who: 'alice',
      where: 'alice',
      from: '127.0.0.1',
      outcome: 'failure',
      detail: { status: 401, code: 'LOGIN_FAILED', knownUser: true },
    });
    // A name no user has may be a password typed in the wrong field: it is not recorded.
    expect(forNobody).toMatchObject({
      who: 'anonymous',
      where: '',
      outcome: 'failure',
      detail: { knownUser: false },
    });

    const typo = await login('alice password typed as the name', 'x');
    expect(typo.status).toBe(401);
    const all = JSON.stringify(await auditEntries('login'));
    expect(all).not.toContain('alice password typed as the name');
    expect(all).not.toContain('not the password of alice');
  });

  test('after 5 failures, logins are refused with 429 and Retry-After until the window passes', async () => {
    for (let i = 0; i < 5; i++) expect((await login('alice', `wrong guess number ${i}`)).status).toBe(401);
    // Even the right password waits now.
    const limited = await login('alice', alicePassword);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('LOGIN_RATE_LIMITED');
    expect(limited.body.error.message).toMatch(/try again in 600 s/);
    expect(limited.headers.get('retry-after')).toBe(String(WINDOW_MS / 1000));
    expect(limited.body.error.details).toEqual({ retryAfterSeconds: WINDOW_MS / 1000 });
    expect(limited.headers.getSetCookie()).toEqual([]);

    const [entry] = await auditEntries('login');
    expect(entry).toMatchObject({
      who: 'alice',
      outcome: 'denied',
      detail: { status: 429, knownUser: true },
    });

    // A refused attempt does not extend the lock-out; the oldest failure leaving the window ends it.
    now += WINDOW_MS / 2;
    expect((await login('alice', alicePassword)).headers.get('retry-after')).toBe(String(WINDOW_MS / 2000));
    now += WINDOW_MS / 2 + 1;
    expect((await login('alice', alicePassword)).status).toBe(200);
  });

  test('a disabled user cannot sign in; their open session ends', async () => {
    await api.user('dora', []);
    const { withoutCsrf } = await signIn('dora', 'dora password for tests');
    await api.admin.patch('/api/v1/users/dora', { disabled: true });
    expect((await withoutCsrf.get('/api/v1/session')).status).toBe(401);
    const refused = await login('dora', 'dora password for tests');
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('LOGIN_FAILED');
  });

  test('malformed logins and credentials are refused plainly', async () => {
    const empty = await api.anonymous.post('/api/v1/session', { user: 'alice' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('REQUEST_INVALID');
    const notJson = await api.anonymous.request('POST', '/api/v1/session', {
      rawBody: '{"user":',
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.status).toBe(400);
    const badCookie = await caller(api.url, undefined, { cookie: 'setpoint_session=forged' }).get(
      '/api/v1/session',
    );
    expect(badCookie.status).toBe(401);
    const badBearer = await caller(api.url, undefined, { authorization: 'Bearer nope' }).get(
      '/api/v1/session',
    );
    expect(badBearer.status).toBe(401);
    expect(badBearer.body.error.message).toMatch(/Bearer spt_/);
  });
});
