// Users and roles, API tokens and the audit log in the browser against a real `setpoint serve`: a
// user made with an editor grant sees only hack/ and is signed out when disabled, the last admin
// refused in the server's words, a token shown once then revoked, the audit log naming who and
// from where; the password and the token never reach the browser or the log again; phone width.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  launchBrowser,
  type RecordedContext,
  recordedContext,
  screenshot,
  signIn,
} from '../support/browser.js';
import { type ServeUnderTest, startServe } from '../support/serve.js';

let serve: ServeUnderTest;
let browser: Browser;
/** Every context opened, for the secrecy scan at the end. */
const contexts: RecordedContext[] = [];
const USER = 'hack-editor';
const PASSWORD = 'hack editor passphrase 7';
const NEW_PASSWORD = 'a brand new passphrase 9';
/** The token the tokens test makes (set when it is made). */
let token: string | undefined;

async function open(viewport?: { width: number; height: number }): Promise<RecordedContext> {
  const opened = await recordedContext(browser, viewport);
  contexts.push(opened);
  return opened;
}

beforeAll(async () => {
  [serve, browser] = await Promise.all([startServe({ args: ['--no-backups'] }), launchBrowser()]);
  for (const [key, value] of [
    ['hack/http/addr', ':5000'],
    ['team-a/swift/user', 'team-a'],
  ] as const) {
    expect((await serve.admin.put(`/api/v1/keys/${key}`, { value })).status).toBe(200);
  }
});
afterAll(async () => {
  for (const { context } of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await serve?.stop();
});

test('an admin creates a user with an editor grant on hack/, who then sees only hack/; disabled, their session ends', async () => {
  const admin = await open();
  await signIn(admin.page, serve.url);
  await admin.page
    .getByRole('navigation', { name: 'Sections' })
    .getByRole('link', { name: 'Users & roles' })
    .click();
  await admin.page.getByRole('table', { name: 'Users' }).getByText('admin on everything').waitFor();
  await admin.page.getByRole('button', { name: 'New user' }).click();
  const form = admin.page.getByRole('dialog', { name: 'New user' });
  await form.getByLabel('User name').fill(USER);
  await form.getByLabel(/^Initial password/).fill(PASSWORD);
  await form.getByLabel('Role').selectOption('editor');
  await form.getByLabel('Prefix').fill('hack');
  await form.getByRole('button', { name: 'Add grant' }).click();
  await form.getByRole('list', { name: 'Grants' }).getByText('editor on hack/').waitFor();
  await form.getByRole('button', { name: 'Create user' }).click();
  // The new user opens for editing; the server holds exactly the grant given.
  const edit = admin.page.getByRole('dialog', { name: `User ${USER}` });
  await edit.waitFor();
  const made = await serve.admin.get(`/api/v1/users/${USER}`);
  expect(made.status).toBe(200);
  expect(made.body.grants).toEqual([{ role: 'editor', prefix: 'hack/' }]);
  await admin.page.keyboard.press('Escape');
  await edit.waitFor({ state: 'hidden' });
  const row = admin.page.getByRole('row').filter({ hasText: USER });
  await expect.poll(() => row.textContent()).toContain('editor on hack/');
  await screenshot(admin.page, 'users');
  // Found by a grant in words.
  await admin.page.getByLabel('Find a user').fill('hack/');
  await expect.poll(() => admin.page.getByRole('table', { name: 'Users' }).getByRole('row').count()).toBe(2);
  expect(await row.count()).toBe(1);
  await admin.page.getByLabel('Find a user').fill('');

  // The new user, in another browser: hack/ only, no admin sections.
  const them = await open();
  await signIn(them.page, serve.url, USER, PASSWORD);
  const main = them.page.getByRole('main');
  await expect.poll(() => main.textContent()).toContain('hack');
  expect(await main.textContent()).not.toContain('team-a');
  const sections = them.page.getByRole('navigation', { name: 'Sections' });
  for (const name of ['Backups', 'Users & roles', 'Audit log']) {
    expect(await sections.getByRole('link', { name }).count()).toBe(0);
  }
  // Their own tokens only: none yet, and no way to ask for everyone's.
  await sections.getByRole('link', { name: 'API tokens' }).click();
  await them.page.getByText('No token yet.').waitFor();
  expect(await them.page.getByRole('heading', { name: 'Your tokens' }).count()).toBe(1);
  expect(await them.page.getByLabel('Show every user’s tokens').count()).toBe(0);
  await them.page.goto(`${serve.url}/admin/users`);
  await expect
    .poll(() => them.page.getByRole('alert').first().textContent())
    .toContain('admin needs the admin role on everything');

  // Disabled: their session ends (the page falls back to the sign-in form by itself).
  await row.getByRole('button', { name: `Edit ${USER}` }).click();
  await edit.getByRole('button', { name: 'Disable user' }).click();
  await expect.poll(() => edit.getByRole('status').textContent()).toContain('User disabled');
  await them.page.getByRole('button', { name: 'Sign in' }).waitFor();
  expect((await them.context.request.get(`${serve.url}/api/v1/session`)).status()).toBe(401);
  expect((await serve.admin.get(`/api/v1/users/${USER}`)).body.disabled).toBe(true);
  await edit.getByRole('button', { name: 'Enable user' }).click();
  await expect.poll(() => edit.getByRole('status').textContent()).toContain('User enabled');
});

test('taking admin from the last admin is refused in the server’s words', async () => {
  const refused = await serve.admin.patch('/api/v1/users/admin', { disabled: true });
  expect(refused.status).toBe(409);
  expect(refused.body.error.code).toBe('LAST_ADMIN');
  const admin = await open();
  await signIn(admin.page, serve.url);
  await admin.page.goto(`${serve.url}/admin/users`);
  await admin.page.getByRole('button', { name: 'Edit admin' }).click();
  const edit = admin.page.getByRole('dialog', { name: 'User admin' });
  await edit.getByRole('button', { name: 'Disable user' }).click();
  const alert = edit.getByRole('alert');
  await expect.poll(() => alert.textContent()).toContain(refused.body.error.message);
  expect(await alert.textContent()).toContain('LAST_ADMIN');
  expect((await serve.admin.get('/api/v1/users/admin')).body.disabled).toBe(false);
});

test('a stale edit is refused as USER_CHANGED and the screen shows the change made meanwhile', async () => {
  const admin = await open();
  await signIn(admin.page, serve.url);
  await admin.page.goto(`${serve.url}/admin/users`);
  await admin.page.getByRole('button', { name: `Edit ${USER}` }).click();
  const edit = admin.page.getByRole('dialog', { name: `User ${USER}` });
  await edit.getByRole('list', { name: 'Grants' }).getByText('editor on hack/').waitFor();
  // Someone else adds a grant meanwhile.
  const other = await serve.admin.patch(`/api/v1/users/${USER}`, {
    grants: [
      { role: 'editor', prefix: 'hack/' },
      { role: 'viewer', prefix: 'team-a/' },
    ],
  });
  expect(other.status).toBe(200);
  await edit.getByRole('button', { name: 'Remove editor on hack/' }).click();
  await edit.getByRole('button', { name: 'Save grants' }).click();
  await expect.poll(() => edit.getByRole('alert').textContent()).toContain('USER_CHANGED');
  await edit.getByRole('list', { name: 'Grants' }).getByText('viewer on team-a/').waitFor();
  expect((await serve.admin.get(`/api/v1/users/${USER}`)).body.grants).toHaveLength(2);
});

test('a new password set by an admin works and ends their sessions; a deleted user is gone with their sessions', async () => {
  const them = await open();
  await signIn(them.page, serve.url, USER, PASSWORD);
  const admin = await open();
  await signIn(admin.page, serve.url);
  await admin.page.goto(`${serve.url}/admin/users`);
  await admin.page.getByRole('button', { name: `Edit ${USER}` }).click();
  const edit = admin.page.getByRole('dialog', { name: `User ${USER}` });
  await edit.getByLabel(/^New password/).fill(NEW_PASSWORD);
  await edit.getByRole('button', { name: 'Set password' }).click();
  await expect.poll(() => edit.getByRole('status').textContent()).toContain('Password set');
  expect(await edit.getByLabel(/^New password/).inputValue()).toBe('');
  await them.page.getByRole('button', { name: 'Sign in' }).waitFor();
  const login = (password: string) =>
    fetch(`${serve.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: USER, password }),
    });
  expect((await login(PASSWORD)).status).toBe(401);
  expect((await login(NEW_PASSWORD)).status).toBe(200);

  // Deleted: asked first, then gone from the list and the server.
  await signIn(them.page, serve.url, USER, NEW_PASSWORD);
  await edit.getByRole('button', { name: 'Delete user…' }).click();
  await edit.getByRole('button', { name: `Delete ${USER}` }).click();
  await edit.waitFor({ state: 'hidden' });
  await admin.page.getByRole('table', { name: 'Users' }).getByText(USER).waitFor({ state: 'detached' });
  expect((await serve.admin.get(`/api/v1/users/${USER}`)).status).toBe(404);
  await them.page.getByRole('button', { name: 'Sign in' }).waitFor();
});

test('a new token is shown once with a copy button, not after a reload, and works until revoked', async () => {
  const admin = await open();
  await signIn(admin.page, serve.url);
  await admin.page
    .getByRole('navigation', { name: 'Sections' })
    .getByRole('link', { name: 'API tokens' })
    .click();
  await admin.page.getByLabel(/^Token name/).fill('ci deploy');
  await admin.page.getByLabel(/^Expires in days/).fill('30');
  await admin.page.getByRole('button', { name: 'Create token' }).click();
  const shown = admin.page.getByLabel('The new token');
  token = (await shown.textContent()) ?? '';
  expect(token).toMatch(/^spt_[A-Za-z0-9_-]{43}$/);
  expect(await admin.page.getByRole('status').first().textContent()).toContain('you will not see it again');
  await admin.page.getByRole('button', { name: 'Copy token' }).waitFor();
  const bearer = { authorization: `Bearer ${token}` };
  expect((await fetch(`${serve.url}/api/v1/session`, { headers: bearer })).status).toBe(200);

  await admin.page.reload();
  const row = admin.page.getByRole('row').filter({ hasText: 'ci deploy' });
  await row.waitFor();
  expect(await admin.page.content()).not.toContain(token);
  await screenshot(admin.page, 'tokens');
  await row.getByRole('button', { name: 'Revoke ci deploy of admin' }).click();
  await admin.page.getByRole('dialog').getByRole('button', { name: 'Revoke token' }).click();
  await row.waitFor({ state: 'detached' });
  expect((await fetch(`${serve.url}/api/v1/session`, { headers: bearer })).status).toBe(401);
});

test('the audit log shows those actions with who and from where, filterable', async () => {
  const admin = await open();
  await signIn(admin.page, serve.url);
  await admin.page
    .getByRole('navigation', { name: 'Sections' })
    .getByRole('link', { name: 'Audit log' })
    .click();
  const entries = admin.page.getByRole('table', { name: 'Audit entries' });
  for (const [action, where] of [
    ['user.create', USER],
    ['user.update', USER],
    ['user.update', 'admin'],
    ['token.create', 'admin'],
    ['token.revoke', 'admin'],
    ['user.password', USER],
    ['user.delete', USER],
  ] as const) {
    const row = entries.getByRole('row').filter({ hasText: action }).filter({ hasText: where }).first();
    await expect.poll(() => row.textContent()).toContain('127.0.0.1');
    expect(await row.getByRole('cell').nth(1).textContent()).toBe('admin');
  }
  const refused = entries.getByRole('row').filter({ hasText: 'LAST_ADMIN' }).first();
  expect(await refused.textContent()).toContain('failure');
  // Filtered by the server: a family of actions, then one user's entries.
  const rows = async () => (await entries.getByRole('row').allTextContents()).slice(1);
  await admin.page.getByLabel('Action').fill('token.');
  await expect.poll(async () => (await rows()).every((text) => text.includes('token.'))).toBe(true);
  expect(await rows()).toHaveLength(2);
  await admin.page.getByLabel('Action').fill('');
  await admin.page.getByLabel('User').fill(USER);
  const whoCells = async () =>
    (await entries.getByRole('row').all()).slice(1).map((row) => row.getByRole('cell').nth(1));
  await expect
    .poll(async () => (await Promise.all((await whoCells()).map((cell) => cell.textContent()))).join(','))
    .toMatch(new RegExp(`^${USER}(,${USER})*$`));
  expect((await rows()).some((text) => text.includes('login'))).toBe(true);
  await admin.page.getByRole('button', { name: 'Clear filters' }).click();
  await expect.poll(() => admin.page.getByText(/entries loaded, newest first/).count()).toBe(1);
  await screenshot(admin.page, 'audit');
});

test('the users, tokens and audit pages fit a phone: no horizontal page overflow', async () => {
  const phone = await open({ width: 390, height: 844 });
  await signIn(phone.page, serve.url);
  const overflow = async () =>
    Number(
      await phone.page.evaluate(
        'document.documentElement.scrollWidth - document.documentElement.clientWidth',
      ),
    );
  await phone.page.goto(`${serve.url}/admin/users`);
  await phone.page.getByRole('table', { name: 'Users' }).getByText('admin on everything').waitFor();
  expect(await overflow()).toBeLessThanOrEqual(0);
  await phone.page.getByRole('button', { name: 'Edit admin' }).click();
  await phone.page
    .getByRole('dialog', { name: 'User admin' })
    .getByRole('button', { name: 'Save grants' })
    .waitFor();
  expect(await overflow()).toBeLessThanOrEqual(0);
  await phone.page.goto(`${serve.url}/admin/tokens`);
  await phone.page.getByRole('table', { name: 'Tokens' }).waitFor();
  expect(await overflow()).toBeLessThanOrEqual(0);
  await phone.page.goto(`${serve.url}/admin/audit`);
  await phone.page.getByRole('table', { name: 'Audit entries' }).waitFor();
  expect(await overflow()).toBeLessThanOrEqual(0);
});

test('the password and the token never reach a browser again, nor serve’s output', async () => {
  expect(token).toBeDefined();
  const received = (await Promise.all(contexts.map((opened) => opened.received()))).flat();
  expect(received.length).toBeGreaterThan(50);
  // Nothing the server sent ever held the password (the browser only sent it).
  for (const password of [PASSWORD, NEW_PASSWORD]) {
    expect(received.filter((item) => item.body.includes(password))).toEqual([]);
  }
  // The token: only in the one answer that made it.
  const withToken = received.filter((item) => item.body.includes(token ?? ''));
  expect(withToken).toHaveLength(1);
  expect(new URL(withToken[0]!.url).pathname).toBe('/api/v1/tokens');
  expect(JSON.parse(withToken[0]!.body)).toMatchObject({ token, name: 'ci deploy', owner: 'admin' });
  const output = serve.output();
  expect(output).not.toContain(PASSWORD);
  expect(output).not.toContain(NEW_PASSWORD);
  expect(output).not.toContain(token);
});
