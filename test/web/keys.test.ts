// The Keys tab of a directory in the real Chromium against a real `setpoint serve`: the folder tree
// and the search, an edit in place staged and published, a sensitive value set and shown sealed with
// who and when (never received in clear), the template's check as you type, a change made elsewhere
// appearing without reload, a viewer without edit controls, and the phone width.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser, recordedContext, screenshot, signIn } from '../support/browser.js';
import { type ServeUnderTest, startServe } from '../support/serve.js';

const swiftPassword = 'Sw1ft-keys-tab-passw0rd';
const newSecret = 'n3w-t0ken-never-in-clear';

let serve: ServeUnderTest;
let browser: Browser;

async function put(key: string, value: string, sensitive = false): Promise<void> {
  const answer = await serve.admin.put(`/api/v1/keys/${key}`, { value, sensitive });
  expect(answer.status, answer.text).toBe(200);
}

beforeAll(async () => {
  [serve, browser] = await Promise.all([startServe({ args: ['--no-backups'] }), launchBrowser()]);
  await serve.addRecipient('registry-agent');
  const made = await serve.admin.post('/api/v1/directories', {
    name: 'hack',
    description: 'the registry on hack',
    recipients: ['registry-agent'],
  });
  expect(made.status, made.text).toBe(201);
  await put('hack/http/addr', ':5000');
  await put('hack/log/level', 'info');
  await put('hack/storage/swift/authurl', 'https://keystone.example.com/v3');
  await put('hack/storage/swift/username', 'demo:registry');
  await put('hack/storage/swift/password', swiftPassword, true);
  await put('hack/version', '0.1');
  const viewer = await serve.admin.post('/api/v1/users', {
    name: 'viewer-vera',
    password: 'vera password for tests',
    grants: [{ role: 'viewer', prefix: 'hack/' }],
  });
  expect(viewer.status, viewer.text).toBe(201);
  const registry = await serve.admin.post('/api/v1/directories/reg/template', {
    chart: 'registry',
    version: '2.8.1',
    flavor: 'swift',
    values: {
      'storage.swift.authurl': 'https://swift.example.com/auth/v1.0',
      'storage.swift.username': 'demo:registry',
    },
    set: [`storage.swift.password=${swiftPassword}`],
    recipients: ['registry-agent'],
  });
  expect(registry.status, registry.text).toBe(200);
});
afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

function keyTable(page: Page, directory = 'hack') {
  return page.getByRole('table', { name: `Keys of ${directory}/` });
}

async function shownKeys(page: Page, directory = 'hack'): Promise<string[]> {
  return keyTable(page, directory)
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-key') ?? ''));
}

test('a directory is browsed from the list: its folders, a search across names and values, each key linked to its history', async () => {
  const { page, context } = await recordedContext(browser);
  await signIn(page, serve.url);
  await page.getByRole('link', { name: 'hack/' }).click();
  await page.getByRole('heading', { level: 1, name: 'hack/' }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/directories/hack');
  await keyTable(page).waitFor();
  await expect.poll(() => shownKeys(page)).toHaveLength(6);

  const folders = page.getByRole('navigation', { name: 'Folders of the directory' });
  await folders.getByRole('button', { name: 'Show keys in hack/storage/', exact: true }).click();
  await expect
    .poll(() => shownKeys(page))
    .toEqual(['hack/storage/swift/authurl', 'hack/storage/swift/password', 'hack/storage/swift/username']);
  await folders.getByRole('button', { name: 'Open folder storage' }).click();
  await folders.getByRole('button', { name: 'Show keys in hack/storage/swift/' }).waitFor();
  await folders.getByRole('button', { name: 'Show keys in hack/', exact: true }).click();

  const search = page.getByLabel('Search keys and values');
  await search.fill('keystone');
  await expect.poll(() => shownKeys(page)).toEqual(['hack/storage/swift/authurl']);
  await search.fill('swift pass');
  await expect.poll(() => shownKeys(page)).toEqual(['hack/storage/swift/password']);
  // A sealed value is never searched (the browser does not have it anyway).
  await search.fill(swiftPassword);
  await expect.poll(() => shownKeys(page)).toEqual([]);
  await search.fill('');
  await expect.poll(() => shownKeys(page)).toHaveLength(6);

  const history = page.getByRole('link', { name: 'History of hack/http/addr' });
  expect(await history.getAttribute('href')).toBe('/directories/hack/history?key=hack%2Fhttp%2Faddr');
  await screenshot(page, 'directory-keys');
  await history.click();
  expect(new URL(page.url()).pathname).toBe('/directories/hack/history');
  expect(new URL(page.url()).searchParams.get('key')).toBe('hack/http/addr');
  await expect
    .poll(() => page.getByRole('tab', { name: 'History' }).getAttribute('aria-selected'))
    .toBe('true');
  await context.close();
});

test('a new directory is made from the list with a description and a recipient, and opened', async () => {
  const { page, context } = await recordedContext(browser);
  await signIn(page, serve.url);
  await page.getByRole('table', { name: 'Directories' }).waitFor();
  await page.getByRole('button', { name: 'New directory' }).click();
  const dialog = page.getByRole('dialog', { name: 'New directory' });
  await dialog.getByLabel('Name').fill('bad/name');
  await dialog.getByText('a directory name is one segment: no "/"').waitFor();
  expect(await dialog.getByRole('button', { name: 'Make directory' }).isDisabled()).toBe(true);
  await dialog.getByLabel('Name').fill('team-a');
  await dialog.getByLabel('Description').fill("team A's Swift credentials");
  await dialog.getByLabel('Recipients').fill('registry-agent');
  await dialog.getByLabel('Recipients').press('Enter');
  await dialog.getByRole('button', { name: 'Make directory' }).click();
  await page.getByRole('heading', { level: 1, name: 'team-a/' }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/directories/team-a');
  await page.getByText("team A's Swift credentials").waitFor();
  await page.getByText(/Sealed to registry-agent/).waitFor();
  const made = await serve.admin.get('/api/v1/directories/team-a');
  expect(made.body).toMatchObject({
    description: "team A's Swift credentials",
    recipients: ['registry-agent'],
  });

  // Made twice: the server's refusal, as it says it.
  await page.goto(`${serve.url}/directories`);
  await page.getByRole('button', { name: 'New directory' }).click();
  await dialog.getByLabel('Name').fill('team-a');
  await dialog.getByRole('button', { name: 'Make directory' }).click();
  await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('DIRECTORY_EXISTS');
  await context.close();
});

test('a value edited in place (keyboard only) is staged, then published with a message', async () => {
  const { page, context } = await recordedContext(browser);
  await signIn(page, serve.url);
  await page.goto(`${serve.url}/directories/hack`);
  await page.getByRole('button', { name: 'Edit hack/log/level' }).focus();
  await page.keyboard.press('Enter');
  const input = page.getByLabel('New value of hack/log/level');
  await input.fill('warn');
  await input.press('Escape');
  await expect.poll(() => input.count()).toBe(0);
  // The keyboard is back on the value it left: Enter opens it again.
  await expect
    .poll(() => page.evaluate<string | null>("document.activeElement.getAttribute('aria-label')"))
    .toBe('Edit hack/log/level');
  await page.keyboard.press('Enter');
  await page.getByLabel('New value of hack/log/level').fill('debug');
  await page.getByLabel('New value of hack/log/level').press('Enter');
  const bar = page.getByRole('region', { name: 'Staged changes' });
  await expect.poll(() => bar.textContent()).toContain('1 staged change');
  const row = keyTable(page).locator('tr[data-key="hack/log/level"]');
  await expect.poll(() => row.textContent()).toContain('staged');
  // Staged, not published: the key is as it was.
  expect((await serve.admin.get('/api/v1/keys/hack/log/level')).body.value).toBe('info');

  await bar.getByRole('link', { name: 'Review & publish' }).click();
  expect(new URL(page.url()).pathname).toBe('/directories/hack/changes');
  const diff = page.getByRole('table', { name: 'What publishing will do' });
  await expect.poll(() => diff.textContent()).toContain('debug');
  expect(await diff.textContent()).toContain('info');
  await page.getByLabel('Message').fill('more logs while we look at the registry');
  await page.getByRole('button', { name: 'Publish' }).click();
  await expect.poll(() => page.getByRole('status').filter({ hasText: 'Published' }).count()).toBe(1);
  const key = await serve.admin.get('/api/v1/keys/hack/log/level');
  expect(key.body.value).toBe('debug');
  expect(key.body.setBy).toMatchObject({ user: 'admin', message: 'more logs while we look at the registry' });
  await page.getByRole('tab', { name: 'Keys' }).click();
  await expect
    .poll(() => keyTable(page).locator('tr[data-key="hack/log/level"]').textContent())
    .toContain('debug');
  expect(await page.getByRole('region', { name: 'Staged changes' }).count()).toBe(0);
  await context.close();
});

test('a sensitive value is set, shown sealed with who set it and when, and never reaches the browser', async () => {
  const { page, context, received } = await recordedContext(browser);
  await signIn(page, serve.url);
  await page.goto(`${serve.url}/directories/hack`);
  await page.getByRole('button', { name: 'Add key' }).click();
  await page.getByLabel('Key path').fill('registry/token');
  await page.getByRole('switch', { name: 'Sensitive' }).check();
  const value = page.getByLabel('New value of hack/registry/token');
  expect(await value.getAttribute('type')).toBe('password');
  await value.fill(newSecret);
  await value.press('Enter');
  // The sealed password is replaced through a password input, never filled with the old value.
  await page.getByRole('button', { name: 'Replace hack/storage/swift/password' }).click();
  const replacement = page.getByLabel('New value of hack/storage/swift/password (replaces the sealed one)');
  expect(await replacement.getAttribute('type')).toBe('password');
  expect(await replacement.inputValue()).toBe('');
  await replacement.fill(`${newSecret}-2`);
  await replacement.press('Enter');
  await expect
    .poll(() => page.getByRole('region', { name: 'Staged changes' }).textContent())
    .toContain('2 staged changes');
  await page.getByRole('link', { name: 'Review & publish' }).click();
  const diff = page.getByRole('table', { name: 'What publishing will do' });
  await expect.poll(() => diff.locator('tbody tr').count()).toBe(2);
  await page.getByLabel('Message').fill('rotate the registry secrets');
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByRole('status').filter({ hasText: 'Published' }).waitFor();

  await page.getByRole('tab', { name: 'Keys' }).click();
  const row = keyTable(page).locator('tr[data-key="hack/registry/token"]');
  await expect.poll(() => row.textContent()).toContain('sealed');
  expect(await row.textContent()).toMatch(/set by admin, /);
  expect(await row.textContent()).not.toContain(newSecret);
  const stored = await serve.admin.get('/api/v1/keys/hack/registry/token');
  expect(stored.body.sealed).toBe(true);

  // Every body and event the browser received, this context's: no secret in clear.
  const everything = await received();
  expect(everything.length).toBeGreaterThan(5);
  for (const { url, body } of everything) {
    for (const secret of [newSecret, swiftPassword]) {
      expect(body.includes(secret), `${url} holds a secret`).toBe(false);
    }
  }
  expect(
    await page.evaluate<string>('JSON.stringify(localStorage) + JSON.stringify(sessionStorage)'),
  ).not.toContain(newSecret);
  expect(page.url()).not.toContain(newSecret);
  await context.close();
});

test("a directory made from the registry template checks a value as it is typed, with the spec's description and pattern", async () => {
  const { page, context } = await recordedContext(browser);
  await signIn(page, serve.url);
  await page.goto(`${serve.url}/directories/reg`);
  await page.getByText('registry 2.8.1 · swift').waitFor();
  await page.getByLabel('Search keys and values').fill('authurl');
  await page.getByRole('button', { name: 'Edit reg/storage/swift/authurl' }).click();
  const input = page.getByLabel('New value of reg/storage/swift/authurl');
  await input.fill('ftp://swift.example.com');
  const check = page.getByRole('status', { name: 'Template check' });
  await expect.poll(() => check.textContent()).toContain('https?://[^\\s/?#@]+(/[^\\s]*)?');
  expect(await page.getByText(/does not match the pattern/).count()).toBeGreaterThan(0);
  expect(await check.textContent()).toMatch(/identity endpoint|auth/i);
  expect(await page.getByRole('button', { name: 'Stage', exact: true }).isDisabled()).toBe(true);
  // Enter does not stage a value the template refuses.
  await input.press('Enter');
  expect(await page.getByRole('region', { name: 'Staged changes' }).count()).toBe(0);

  await input.fill('https://keystone.example.com/v3');
  await expect.poll(() => check.count()).toBe(0);
  await input.press('Enter');
  await expect
    .poll(() => page.getByRole('region', { name: 'Staged changes' }).textContent())
    .toContain('1 staged change');

  // The template makes the password sensitive: its switch is on and cannot be turned off.
  await page.getByLabel('Search keys and values').fill('password');
  await page.getByRole('button', { name: 'Replace reg/storage/swift/password' }).click();
  const sensitive = page.getByRole('switch', { name: 'Sensitive' });
  expect(await sensitive.isChecked()).toBe(true);
  expect(await sensitive.isDisabled()).toBe(true);
  await context.close();
});

test('a change made through the API appears in an open page without a reload', async () => {
  const { page, context } = await recordedContext(browser);
  await signIn(page, serve.url);
  await page.goto(`${serve.url}/directories/hack`);
  const row = keyTable(page).locator('tr[data-key="hack/http/addr"]');
  await expect.poll(() => row.textContent()).toContain(':5000');
  let navigations = 0;
  page.on('framenavigated', () => {
    navigations += 1;
  });
  await put('hack/http/addr', ':6001');
  await expect.poll(() => row.textContent()).toContain(':6001');
  await put('hack/brand/new', 'hello');
  await expect.poll(() => shownKeys(page)).toContain('hack/brand/new');
  expect(navigations).toBe(0);
  await context.close();
});

test('a viewer sees the keys with no way to edit them, and why', async () => {
  const { page, context } = await recordedContext(browser);
  await signIn(page, serve.url, 'viewer-vera', 'vera password for tests');
  await page.goto(`${serve.url}/directories/hack`);
  await expect.poll(() => shownKeys(page)).toContain('hack/http/addr');
  await page.getByText(/write needs the editor role on hack\//).waitFor();
  expect(await page.getByRole('button', { name: /^(Edit|Replace|Delete) hack\// }).count()).toBe(0);
  expect(await page.getByRole('button', { name: 'Add key' }).count()).toBe(0);
  await page.goto(`${serve.url}/directories`);
  await page.getByRole('table', { name: 'Directories' }).waitFor();
  expect(await page.getByRole('button', { name: 'New directory' }).count()).toBe(0);
  await context.close();
});

test('at phone width the directory fits the screen: no horizontal page overflow, editing still works', async () => {
  const { page, context } = await recordedContext(browser, { width: 390, height: 844 });
  await signIn(page, serve.url);
  await page.goto(`${serve.url}/directories/hack`);
  await expect.poll(() => shownKeys(page)).toContain('hack/http/addr');
  const overflow = () => page.evaluate<number>('document.documentElement.scrollWidth - window.innerWidth');
  expect(await overflow()).toBeLessThanOrEqual(0);
  await screenshot(page, 'directory-keys-phone');
  await page.getByRole('button', { name: 'Edit hack/version' }).click();
  await page.getByLabel('New value of hack/version').waitFor();
  expect(await overflow()).toBeLessThanOrEqual(0);
  await page.getByLabel('New value of hack/version').press('Escape');
  await page.goto(`${serve.url}/directories`);
  await page.getByRole('table', { name: 'Directories' }).waitFor();
  expect(await overflow()).toBeLessThanOrEqual(0);
  await context.close();
});
