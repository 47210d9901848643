// Signing in and out in the browser against a real `setpoint serve`: the form, a refusal in the
// server's words, the shell showing only what the user's roles allow, the page addresses served.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser, recordedContext, screenshot, signIn } from '../support/browser.js';
import { type ServeUnderTest, startServe } from '../support/serve.js';

let serve: ServeUnderTest;
let browser: Browser;

beforeAll(async () => {
  [serve, browser] = await Promise.all([startServe({ args: ['--no-backups'] }), launchBrowser()]);
  const made = await serve.admin.post('/api/v1/users', {
    name: 'viewer-vera',
    password: 'vera password for tests',
    grants: [{ role: 'viewer', prefix: 'hack/' }],
  });
  expect(made.status).toBe(201);
});
afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

test('a wrong password is refused with the server message, and nothing else shows', async () => {
  const { page, context } = await recordedContext(browser);
  await page.goto(serve.url);
  await page.getByLabel('User name').fill('admin');
  await page.getByLabel(/^Password/).fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.getByRole('alert').textContent()).toContain('user name or password is wrong');
  expect(await page.getByRole('navigation').count()).toBe(0);
  await screenshot(page, 'sign-in');
  await context.close();
});

test('an admin signs in, sees every section, and signs out', async () => {
  const { page, context } = await recordedContext(browser);
  await signIn(page, serve.url);
  const sections = page.getByRole('navigation', { name: 'Sections' });
  for (const name of ['Directories', 'Templates', 'Agents', 'Backups', 'Users & roles', 'Audit log']) {
    await expect.poll(() => sections.getByRole('link', { name }).count()).toBe(1);
  }
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  // The session really ended: a reload still shows the form.
  await page.reload();
  await page.getByRole('button', { name: 'Sign in' }).waitFor();
  await context.close();
});

test('a viewer sees no admin sections', async () => {
  const { page, context } = await recordedContext(browser);
  await signIn(page, serve.url, 'viewer-vera', 'vera password for tests');
  const sections = page.getByRole('navigation', { name: 'Sections' });
  await sections.getByRole('link', { name: 'Directories' }).waitFor();
  for (const name of ['Backups', 'Users & roles', 'Audit log']) {
    expect(await sections.getByRole('link', { name }).count()).toBe(0);
  }
  await context.close();
});

test('a page address opened directly is served the UI; an unknown API path still gets JSON', async () => {
  const page = await fetch(`${serve.url}/directories/hack`, { headers: { accept: 'text/html' } });
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<div id="root"></div>');
  const api = await fetch(`${serve.url}/api/v1/nothing-here`, { headers: { accept: 'text/html' } });
  expect(api.status).toBe(404);
  expect(((await api.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
});
