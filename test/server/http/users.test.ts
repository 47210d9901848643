// The users API on a real etcd and on the embedded store: who may list, create, read, change and
// delete accounts, If-Match, passwords (by an admin, or oneself with the current one), the last
// admin kept, and every change in the audit log.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ADMIN_PASSWORD, type ApiUnderTest, type Caller, caller, startApi } from '../../support/api.js';

const password = (name: string) => `${name} password for tests`;

/** Signs in with a password and returns a caller holding the session cookie and its CSRF token. */
async function signIn(api: ApiUnderTest, user: string, pass: string): Promise<Caller> {
  const login = await api.anonymous.post('/api/v1/session', { user, password: pass });
  expect(login.status).toBe(200);
  const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  return caller(api.url, undefined, { cookie, 'x-csrf-token': login.body.csrfToken });
}

describe.each(['etcd', 'setpoint'] as const)('users API on %s', (kind) => {
  let api: ApiUnderTest;
  let viewer: Caller;
  let hackAdmin: Caller;

  beforeAll(async () => {
    api = await startApi(kind);
    viewer = await api.user('viewer', [{ role: 'viewer', prefix: '' }]);
    hackAdmin = await api.user('hack-admin', [{ role: 'admin', prefix: 'hack/' }]);
  }, 120_000);
  afterAll(async () => {
    await api?.stop();
  });

  test('the last enabled admin on everything cannot be deleted, disabled or demoted', async () => {
    const admins = (await api.admin.get('/api/v1/users')).body.users.filter(
      (u: { disabled: boolean; grants: { role: string; prefix: string }[] }) =>
        !u.disabled && u.grants.some((g) => g.role === 'admin' && g.prefix === ''),
    );
    expect(admins.map((u: { name: string }) => u.name)).toEqual(['admin']);

    const refusals = [
      await api.admin.delete('/api/v1/users/admin'),
      await api.admin.patch('/api/v1/users/admin', { disabled: true }),
      await api.admin.patch('/api/v1/users/admin', { grants: [{ role: 'admin', prefix: 'hack/' }] }),
    ];
    for (const refused of refusals) {
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('LAST_ADMIN');
      expect(refused.body.error.message).toMatch(/last enabled user with admin on everything/);
    }
    // Adding grants while keeping admin on '' is fine.
    const kept = await api.admin.patch('/api/v1/users/admin', {
      grants: [
        { role: 'admin', prefix: '' },
        { role: 'viewer', prefix: 'hack/' },
      ],
    });
    expect(kept.status).toBe(200);

    // With a second admin, the first may step down; then the second is the last one.
    await api.admin.post('/api/v1/users', {
      name: 'boss',
      password: password('boss'),
      grants: [{ role: 'admin', prefix: '' }],
    });
    const boss = await signIn(api, 'boss', password('boss'));
    expect((await boss.patch('/api/v1/users/admin', { grants: [] })).status).toBe(200);
    expect((await api.admin.get('/api/v1/users')).status).toBe(403);
    const last = await boss.delete('/api/v1/users/boss');
    expect(last.status).toBe(409);
    expect(last.body.error.code).toBe('LAST_ADMIN');
    expect(
      (await boss.patch('/api/v1/users/admin', { grants: [{ role: 'admin', prefix: '' }] })).status,
    ).toBe(200);
    expect((await api.admin.delete('/api/v1/users/boss')).status).toBe(204);
  });

  test('an admin on everything lists users and creates one; no answer holds a password or hash', async () => {
    const created = await api.admin.post('/api/v1/users', {
      name: 'alice',
      password: password('alice'),
      grants: [{ role: 'editor', prefix: 'hack/' }],
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      name: 'alice',
      grants: [{ role: 'editor', prefix: 'hack/' }],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
      disabled: false,
      modRevision: expect.any(Number),
    });
    expect(created.headers.get('etag')).toBe(`"${created.body.modRevision}"`);

    const listed = await api.admin.get('/api/v1/users');
    expect(listed.status).toBe(200);
    const names = listed.body.users.map((u: { name: string }) => u.name);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(['admin', 'alice', 'viewer', 'hack-admin']));

    const read = await api.admin.get('/api/v1/users/alice');
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
    expect(read.headers.get('etag')).toBe(`"${created.body.modRevision}"`);

    for (const answer of [created, listed, read]) {
      expect(answer.text).not.toContain(password('alice'));
      expect(answer.text).not.toMatch(/passwordHash|scrypt\$/);
    }
  });

  test.each([
    ['a taken name', { name: 'admin', password: 'a long enough passphrase' }, 409, 'USER_EXISTS'],
    ['a weak password', { name: 'weak', password: 'short' }, 400, 'PASSWORD_TOO_WEAK'],
    [
      'an invalid name',
      { name: 'Not A Name', password: 'a long enough passphrase' },
      400,
      'USER_NAME_INVALID',
    ],
    [
      'a name like a token',
      { name: 'spt_abcdefghijklmnopq', password: 'a long enough passphrase' },
      400,
      'USER_NAME_INVALID',
    ],
    [
      'a prefix without its slash',
      {
        name: 'slashless',
        password: 'a long enough passphrase',
        grants: [{ role: 'editor', prefix: 'hack' }],
      },
      400,
      'GRANT_INVALID',
    ],
    [
      'an unknown role',
      { name: 'owner', password: 'a long enough passphrase', grants: [{ role: 'owner', prefix: '' }] },
      400,
      'REQUEST_INVALID',
    ],
    ['no password', { name: 'nopass' }, 400, 'REQUEST_INVALID'],
  ])('creating a user with %s is refused', async (_what, body, status, code) => {
    const answer = await api.admin.post('/api/v1/users', body);
    expect(answer.status).toBe(status);
    expect(answer.body.error.code).toBe(code);
    expect(answer.body.error.message.length).toBeGreaterThan(20);
    if ('password' in body) expect(answer.text).not.toContain(body.password);
  });

  test('only an admin on everything manages users; anyone reads themself', async () => {
    await api.admin.post('/api/v1/users', { name: 'target', password: password('target') });
    for (const who of [viewer, hackAdmin]) {
      const attempts = [
        await who.get('/api/v1/users'),
        await who.post('/api/v1/users', { name: 'sneaky', password: password('sneaky') }),
        await who.get('/api/v1/users/target'),
        await who.patch('/api/v1/users/target', { disabled: true }),
        await who.put('/api/v1/users/target/password', { password: 'a new long passphrase' }),
        await who.delete('/api/v1/users/target'),
      ];
      for (const refused of attempts) {
        expect(refused.status).toBe(403);
        expect(refused.body.error.code).toBe('ACCESS_DENIED');
        expect(refused.body.error.message).toMatch(/needs admin everywhere/);
      }
    }
    for (const attempt of [
      await api.anonymous.get('/api/v1/users'),
      await api.anonymous.get('/api/v1/users/target'),
      await api.anonymous.delete('/api/v1/users/target'),
    ]) {
      expect(attempt.status).toBe(401);
      expect(attempt.body.error.code).toBe('NOT_SIGNED_IN');
    }
    expect((await api.admin.get('/api/v1/users/target')).body.disabled).toBe(false);
    expect((await api.admin.get('/api/v1/users/sneaky')).status).toBe(404);

    const self = await hackAdmin.get('/api/v1/users/hack-admin');
    expect(self.status).toBe(200);
    expect(self.body).toMatchObject({ name: 'hack-admin', grants: [{ role: 'admin', prefix: 'hack/' }] });
    // Nobody changes their own grants or state without admin on everything.
    expect(
      (await hackAdmin.patch('/api/v1/users/hack-admin', { grants: [{ role: 'admin', prefix: '' }] })).status,
    ).toBe(403);
  });

  test('PATCH honours If-Match and answers USER_CHANGED with the current revision', async () => {
    const created = (await api.admin.post('/api/v1/users', { name: 'bob', password: password('bob') })).body;
    const changed = await api.admin.patch(
      '/api/v1/users/bob',
      { grants: [{ role: 'viewer', prefix: 'team/' }] },
      { headers: { 'if-match': `"${created.modRevision}"` } },
    );
    expect(changed.status).toBe(200);
    expect(changed.body.grants).toEqual([{ role: 'viewer', prefix: 'team/' }]);
    expect(changed.body.modRevision).toBeGreaterThan(created.modRevision);
    expect(changed.headers.get('etag')).toBe(`"${changed.body.modRevision}"`);

    const stale = await api.admin.patch(
      '/api/v1/users/bob',
      { grants: [] },
      { headers: { 'if-match': String(created.modRevision) } },
    );
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('USER_CHANGED');
    expect(stale.body.error.details).toEqual({ currentRevision: changed.body.modRevision });
    expect((await api.admin.get('/api/v1/users/bob')).body.grants).toEqual([
      { role: 'viewer', prefix: 'team/' },
    ]);

    const both = await api.admin.patch(
      '/api/v1/users/bob',
      { grants: [{ role: 'editor', prefix: 'team/' }], disabled: true },
      { headers: { 'if-match': `W/"${changed.body.modRevision}"` } },
    );
    expect(both.status).toBe(200);
    expect(both.body).toMatchObject({ grants: [{ role: 'editor', prefix: 'team/' }], disabled: true });

    const badHeader = await api.admin.patch(
      '/api/v1/users/bob',
      { disabled: false },
      { headers: { 'if-match': 'yesterday' } },
    );
    expect(badHeader.status).toBe(400);
    expect(badHeader.body.error.code).toBe('REQUEST_INVALID');
    const nothing = await api.admin.patch('/api/v1/users/bob', {});
    expect(nothing.status).toBe(400);
    expect(nothing.body.error.message).toMatch(/send grants, disabled, or both/);
    const unknown = await api.admin.patch('/api/v1/users/nobody', { disabled: true });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('USER_NOT_FOUND');
  });

  test('disabling ends sessions and stops tokens; enabling again restores the tokens', async () => {
    const carol = await api.user('carol', [{ role: 'viewer', prefix: '' }]);
    const session = await signIn(api, 'carol', password('carol'));
    expect((await carol.get('/api/v1/session')).status).toBe(200);
    expect((await session.get('/api/v1/session')).status).toBe(200);

    expect((await api.admin.patch('/api/v1/users/carol', { disabled: true })).status).toBe(200);
    expect((await carol.get('/api/v1/session')).status).toBe(401);
    expect((await session.get('/api/v1/session')).status).toBe(401);
    expect(
      (await api.anonymous.post('/api/v1/session', { user: 'carol', password: password('carol') })).status,
    ).toBe(401);

    expect((await api.admin.patch('/api/v1/users/carol', { disabled: false })).status).toBe(200);
    expect((await carol.get('/api/v1/session')).status).toBe(200);
    // The session ended for good.
    expect((await session.get('/api/v1/session')).status).toBe(401);
  });

  test('an admin sets a password; the old one stops working and sessions end', async () => {
    await api.admin.post('/api/v1/users', { name: 'dave', password: password('dave') });
    const session = await signIn(api, 'dave', password('dave'));
    const set = await api.admin.put('/api/v1/users/dave/password', { password: 'dave has a new passphrase' });
    expect(set.status).toBe(200);
    expect(set.body.name).toBe('dave');
    expect(set.text).not.toContain('dave has a new passphrase');
    expect((await session.get('/api/v1/session')).status).toBe(401);
    expect(
      (await api.anonymous.post('/api/v1/session', { user: 'dave', password: password('dave') })).status,
    ).toBe(401);
    expect(
      (await api.anonymous.post('/api/v1/session', { user: 'dave', password: 'dave has a new passphrase' }))
        .status,
    ).toBe(200);

    const weak = await api.admin.put('/api/v1/users/dave/password', { password: 'davedavedave' });
    expect(weak.status).toBe(400);
    expect(weak.body.error.code).toBe('PASSWORD_TOO_WEAK');
    const unknown = await api.admin.put('/api/v1/users/nobody/password', {
      password: 'a long enough passphrase',
    });
    expect(unknown.status).toBe(404);
  });

  test('a user changes their own password only with the current one', async () => {
    const erin = await api.user('erin', []);
    const missing = await erin.put('/api/v1/users/erin/password', { password: 'erin chose a new one' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/currentPassword/);
    const wrong = await erin.put('/api/v1/users/erin/password', {
      password: 'erin chose a new one',
      currentPassword: 'not what erin has',
    });
    expect(wrong.status).toBe(403);
    expect(wrong.body.error.code).toBe('CURRENT_PASSWORD_WRONG');
    expect(wrong.text).not.toContain('not what erin has');
    const other = await erin.put('/api/v1/users/viewer/password', {
      password: 'erin sets viewer password',
      currentPassword: password('erin'),
    });
    expect(other.status).toBe(403);

    const session = await signIn(api, 'erin', password('erin'));
    const changed = await session.put('/api/v1/users/erin/password', {
      password: 'erin chose a new one',
      currentPassword: password('erin'),
    });
    expect(changed.status).toBe(200);
    // The new password ends every session, the one that changed it too; tokens keep working.
    expect((await session.get('/api/v1/session')).status).toBe(401);
    expect((await erin.get('/api/v1/users/erin')).status).toBe(200);
    expect(
      (await api.anonymous.post('/api/v1/session', { user: 'erin', password: 'erin chose a new one' }))
        .status,
    ).toBe(200);
  });

  test('DELETE honours If-Match and removes the user with their tokens', async () => {
    const frank = await api.user('frank', []);
    const before = (await api.admin.get('/api/v1/users/frank')).body;
    await api.admin.patch('/api/v1/users/frank', { grants: [{ role: 'viewer', prefix: '' }] });
    const stale = await api.admin.delete('/api/v1/users/frank', {
      headers: { 'if-match': String(before.modRevision) },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('USER_CHANGED');
    expect((await frank.get('/api/v1/users/frank')).status).toBe(200);

    const current = (await api.admin.get('/api/v1/users/frank')).body.modRevision;
    const deleted = await api.admin.delete('/api/v1/users/frank', {
      headers: { 'if-match': String(current) },
    });
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect((await api.admin.get('/api/v1/users/frank')).status).toBe(404);
    expect((await frank.get('/api/v1/users/frank')).status).toBe(401);
    const again = await api.admin.delete('/api/v1/users/frank');
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('USER_NOT_FOUND');
  });

  test('every change, refused or failed, is in the audit log with who, action, where, from, outcome', async () => {
    await api.admin.post('/api/v1/users', { name: 'gina', password: password('gina') });
    await api.admin.patch('/api/v1/users/gina', { grants: [{ role: 'editor', prefix: 'team/' }] });
    await api.admin.put('/api/v1/users/gina/password', { password: 'gina has a new passphrase' });
    await viewer.delete('/api/v1/users/gina');
    await api.admin.patch('/api/v1/users/gina', { disabled: true }, { headers: { 'if-match': '1' } });
    await api.admin.delete('/api/v1/users/gina');

    const { entries } = (await api.admin.get('/api/v1/audit?limit=50')).body;
    const about = entries.filter((e: { where: string }) => e.where === 'gina').reverse();
    expect(about).toEqual([
      expect.objectContaining({
        who: 'admin',
        action: 'user.create',
        from: '127.0.0.1',
        outcome: 'success',
        detail: { status: 201, grants: 'none' },
      }),
      expect.objectContaining({
        who: 'admin',
        action: 'user.update',
        outcome: 'success',
        detail: { status: 200, grants: 'editor on team/', revision: expect.any(Number) },
      }),
      expect.objectContaining({ who: 'admin', action: 'user.password', outcome: 'success' }),
      expect.objectContaining({
        who: 'viewer',
        action: 'user.delete',
        outcome: 'denied',
        detail: { status: 403, code: 'ACCESS_DENIED' },
      }),
      expect.objectContaining({
        who: 'admin',
        action: 'user.update',
        outcome: 'failure',
        detail: { status: 409, code: 'USER_CHANGED' },
      }),
      expect.objectContaining({
        who: 'admin',
        action: 'user.delete',
        outcome: 'success',
        detail: { status: 204 },
      }),
    ]);
    expect(JSON.stringify(entries)).not.toContain('gina has a new passphrase');
    expect(JSON.stringify(entries)).not.toContain(password('gina'));
  });

  test('the admin password given at first start signs in', async () => {
    expect(
      (await api.anonymous.post('/api/v1/session', { user: 'admin', password: ADMIN_PASSWORD })).status,
    ).toBe(200);
  });
});
