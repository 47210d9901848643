// The audit log API on a real etcd and on the embedded store: admin on everything only, newest
// first, page by page with `next`; and a secrecy scan: no password, token or session id in any
// answer, audit entry, stored record or line the server logged.

import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AUDIT_PREFIX, RESERVED_PREFIX } from '../../../src/keyspace/index.js';
import { LoginLimiter } from '../../../src/server/auth/index.js';
import {
  ADMIN_PASSWORD,
  type Answer,
  type ApiUnderTest,
  type Caller,
  caller,
  startApi,
} from '../../support/api.js';

interface Entry {
  id: string;
  when: string;
  who: string;
  action: string;
  where: string;
  from: string;
  outcome: string;
  detail?: Record<string, unknown>;
}

/** A caller that keeps every answer it receives, for the secrecy scan. */
function recording(inner: Caller, answers: Answer[]): Caller {
  const request: Caller['request'] = async (method, path, options) => {
    const answer = await inner.request(method, path, options);
    answers.push(answer);
    return answer;
  };
  return {
    request,
    get: (path, options) => request('GET', path, options),
    post: (path, body, options) => request('POST', path, { ...options, body }),
    put: (path, body, options) => request('PUT', path, { ...options, body }),
    patch: (path, body, options) => request('PATCH', path, { ...options, body }),
    delete: (path, options) => request('DELETE', path, options),
  };
}

describe.each(['etcd', 'setpoint'] as const)('audit API on %s', (kind) => {
  let api: ApiUnderTest;
  /** Everything the server logged, at every level. */
  const logged: string[] = [];

  beforeAll(async () => {
    const logger = pino(
      { level: 'trace', base: { component: 'api-test' } },
      { write: (line: string) => void logged.push(line) },
    );
    // The secrecy scan makes many failed logins from one address; the limit is tested in session.test.ts.
    api = await startApi(kind, { logger, loginLimiter: new LoginLimiter({ maxFailures: 1000 }) });
  }, 120_000);
  afterAll(async () => {
    await api?.stop();
  });

  test('only an admin on everything reads the audit log', async () => {
    const viewer = await api.user('viewer', [{ role: 'viewer', prefix: '' }]);
    const teamAdmin = await api.user('team-admin', [{ role: 'admin', prefix: 'team/' }]);
    for (const who of [viewer, teamAdmin]) {
      const refused = await who.get('/api/v1/audit');
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('ACCESS_DENIED');
    }
    expect((await api.anonymous.get('/api/v1/audit')).status).toBe(401);
    const read = await api.admin.get('/api/v1/audit');
    expect(read.status).toBe(200);
    // Successful reads are not audited; the three refused ones are, newest first.
    expect(read.body.entries.map((e: Entry) => [e.who, e.action, e.outcome, e.detail?.code])).toEqual([
      ['anonymous', 'read /api/v1/audit', 'denied', 'NOT_SIGNED_IN'],
      ['team-admin', 'read /api/v1/audit', 'denied', 'ACCESS_DENIED'],
      ['viewer', 'read /api/v1/audit', 'denied', 'ACCESS_DENIED'],
    ]);
  });

  test('entries come newest first, a page at a time, each once', async () => {
    const alice = await api.user('alice', []);
    for (let i = 0; i < 7; i++) await alice.post('/api/v1/tokens', { name: `page ${i}` });

    const first = await api.admin.get('/api/v1/audit?limit=3');
    expect(first.status).toBe(200);
    expect(first.body.entries).toHaveLength(3);
    expect(first.body.entries.map((e: Entry) => e.action)).toEqual(Array(3).fill('token.create'));
    expect(first.body.next).toBe(first.body.entries[2].id);
    const newest: Entry = first.body.entries[0];
    expect(newest).toEqual({
      id: expect.stringMatching(/^\d{20}$/),
      when: expect.any(String),
      who: 'alice',
      action: 'token.create',
      where: 'alice',
      from: '127.0.0.1',
      outcome: 'success',
      detail: { status: 201, id: expect.stringMatching(/^[0-9a-f]{64}$/) },
      revision: expect.any(Number),
    });
    expect(new Date(newest.when).toISOString()).toBe(newest.when);

    // Walking every page with `next` gives every entry once, newest first, and ends with null.
    const walked: Entry[] = [];
    let next: string | null = null;
    for (let page = 0; page < 1000; page++) {
      const answer: Answer = await api.admin.get(
        `/api/v1/audit?limit=4${next === null ? '' : `&before=${next}`}`,
      );
      expect(answer.status).toBe(200);
      walked.push(...answer.body.entries);
      next = answer.body.next;
      if (next === null) break;
    }
    expect(next).toBeNull();
    const ids = walked.map((e) => e.id);
    expect(ids).toEqual([...ids].sort().reverse());
    expect(new Set(ids).size).toBe(ids.length);
    const all = await api.admin.get('/api/v1/audit?limit=1000');
    expect(all.body.next).toBeNull();
    expect(all.body.entries.map((e: Entry) => e.id)).toEqual(ids);
    const { kvs } = await api.client.rangeSnapshot(AUDIT_PREFIX);
    expect(kvs).toHaveLength(ids.length);
  });

  test('filtered by user, action or family, place and outcome; a page filled from older entries', async () => {
    const bob = await api.user('bob', []);
    expect((await bob.post('/api/v1/tokens', { name: 'bob one' })).status).toBe(201);
    expect(
      (await api.admin.patch('/api/v1/users/bob', { grants: [{ role: 'viewer', prefix: 'hack/' }] })).status,
    ).toBe(200);
    expect((await bob.get('/api/v1/users')).status).toBe(403);
    // Newer entries of someone else, so a page of bob's must look past them.
    for (let i = 0; i < 5; i++) await api.admin.post('/api/v1/tokens', { name: `noise ${i}` });

    const mine = await api.admin.get('/api/v1/audit?who=bob');
    expect(mine.status).toBe(200);
    const actions = mine.body.entries.map((e: Entry) => e.action);
    expect(actions).toEqual(['read /api/v1/users', 'token.create']);
    expect(mine.body.entries.every((e: Entry) => e.who === 'bob')).toBe(true);
    expect(mine.body.next).toBeNull();
    expect(mine.body.scanned).toBeGreaterThan(mine.body.entries.length);

    const family = await api.admin.get('/api/v1/audit?action=user.&where=bob');
    expect(family.body.entries.map((e: Entry) => [e.who, e.action, e.where])).toEqual([
      ['admin', 'user.update', 'bob'],
    ]);
    const exact = await api.admin.get('/api/v1/audit?action=token.create&who=bob');
    expect(exact.body.entries.map((e: Entry) => e.action)).toEqual(['token.create']);
    const denied = await api.admin.get('/api/v1/audit?who=bob&outcome=denied');
    expect(denied.body.entries.map((e: Entry) => [e.action, e.outcome])).toEqual([
      ['read /api/v1/users', 'denied'],
    ]);

    // One at a time: each page holds the next match, and `next` goes on from it to the end.
    const walked: Entry[] = [];
    let next: string | null = null;
    for (let page = 0; page < 10; page++) {
      const answer: Answer = await api.admin.get(
        `/api/v1/audit?who=bob&limit=1${next === null ? '' : `&before=${next}`}`,
      );
      walked.push(...answer.body.entries);
      next = answer.body.next;
      if (next === null) break;
    }
    expect(next).toBeNull();
    expect(walked.map((e) => e.id)).toEqual(mine.body.entries.map((e: Entry) => e.id));

    const none = await api.admin.get('/api/v1/audit?who=nobody-at-all');
    expect(none.body).toMatchObject({ entries: [], next: null });
    const unfiltered = await api.admin.get('/api/v1/audit?limit=2');
    expect(unfiltered.body.scanned).toBe(2);
  });

  test.each([
    ['limit=0', 'limit'],
    ['limit=1001', 'limit'],
    ['limit=many', 'limit'],
    ['before=yesterday', 'before'],
    ['outcome=maybe', 'outcome'],
  ])('a page asked with %s is refused', async (query, field) => {
    const answer = await api.admin.get(`/api/v1/audit?${query}`);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('REQUEST_INVALID');
    expect(answer.body.error.message).toContain(field);
  });

  test('no password, token or session id appears in answers, the audit log, the store or the log', async () => {
    const answers: Answer[] = [];
    const admin = recording(api.admin, answers);
    const anonymous = recording(api.anonymous, answers);
    const passwords = new Set<string>([ADMIN_PASSWORD]);
    const tokens = new Set<string>();
    const sessionIds = new Set<string>();

    const signIn = async (user: string, password: string) => {
      const answer = await anonymous.post('/api/v1/session', { user, password });
      expect(answer.status).toBe(200);
      const pair = answer.headers.getSetCookie()[0]!.split(';')[0]!;
      sessionIds.add(pair.split('=')[1]!);
      return recording(
        caller(api.url, undefined, { cookie: pair, 'x-csrf-token': answer.body.csrfToken }),
        answers,
      );
    };

    for (const name of ['scan-a', 'scan-b']) {
      const password = `${name} has a secret passphrase`;
      passwords.add(password);
      expect(
        (await admin.post('/api/v1/users', { name, password, grants: [{ role: 'editor', prefix: 'team/' }] }))
          .status,
      ).toBe(201);
      const session = await signIn(name, password);
      const created = await session.post('/api/v1/tokens', { name: `${name} ci` });
      expect(created.status).toBe(201);
      tokens.add(created.body.token);
      const viaLogin = await anonymous.post('/api/v1/session', {
        user: name,
        password,
        token: { name: 'cli' },
      });
      tokens.add(viaLogin.body.token);
      const byToken = recording(api.as(viaLogin.body.token), answers);
      await byToken.get('/api/v1/tokens');
      await byToken.get(`/api/v1/users/${name}`);
      await byToken.get('/api/v1/audit');

      const changed = `${name} changed its passphrase`;
      passwords.add(changed);
      expect(
        (
          await byToken.put(`/api/v1/users/${name}/password`, {
            password: changed,
            currentPassword: password,
          })
        ).status,
      ).toBe(200);
      // Wrong guesses, a password typed as the user name, a weak new password, a wrong current one.
      passwords.add(`${name} wrong guess here`);
      await anonymous.post('/api/v1/session', { user: name, password: `${name} wrong guess here` });
      await anonymous.post('/api/v1/session', { user: changed, password: changed });
      passwords.add('weakweak');
      await admin.put(`/api/v1/users/${name}/password`, { password: 'weakweak' });
      await byToken.put(`/api/v1/users/${name}/password`, {
        password: 'another new passphrase',
        currentPassword: password,
      });
      passwords.add('another new passphrase');
      await byToken.delete(`/api/v1/tokens/${created.body.id}`);
      // A token in the wrong place: as a login's user name.
      await anonymous.post('/api/v1/session', { user: created.body.token, password: 'x' });
    }
    await admin.patch('/api/v1/users/scan-b', { disabled: true });
    await admin.delete('/api/v1/users/scan-b');
    await admin.get('/api/v1/users');
    await admin.get('/api/v1/tokens?all=true');
    const audit = await admin.get('/api/v1/audit?limit=1000');

    const secrets = [...passwords, ...tokens, ...[...tokens].map((t) => t.slice(4)), ...sessionIds];
    // Each token is in the one answer that created it, and nowhere else.
    for (const token of tokens) {
      expect(answers.filter((a) => a.text.includes(token))).toHaveLength(1);
    }
    const bodies = answers
      .map((a) => a.text)
      .filter((text) => ![...tokens].some((t) => text.includes(`"token":"${t}"`)));
    const { kvs: stored } = await api.client.rangeSnapshot(RESERVED_PREFIX);
    const { kvs: auditKeys } = await api.client.rangeSnapshot(AUDIT_PREFIX);
    expect(auditKeys.length).toBeGreaterThan(20);
    const places: [string, string][] = [
      ['an answer', bodies.join('\n')],
      ['GET /audit', audit.text],
      ['the audit keys', auditKeys.map((kv) => `${kv.key}=${kv.value.toString('utf8')}`).join('\n')],
      ['the _setpoint/ records', stored.map((kv) => `${kv.key}=${kv.value.toString('utf8')}`).join('\n')],
      ['the server log', logged.join('')],
    ];
    expect(logged.length).toBeGreaterThan(0);
    for (const [where, text] of places) {
      for (const secret of secrets) {
        if (text.includes(secret)) throw new Error(`a secret (${secret.slice(0, 6)}...) appears in ${where}`);
      }
    }
    // The audit log still says what happened.
    const actions = new Set(audit.body.entries.map((e: Entry) => e.action));
    for (const action of [
      'user.create',
      'user.password',
      'user.update',
      'user.delete',
      'token.create',
      'token.revoke',
      'login',
    ]) {
      expect(actions).toContain(action);
    }
  });
});
