// Compare & promote in the browser against a real `setpoint serve`: two directories linked by
// ?from=&to=, a copy of picked keys and of all after a preview, sealed values skipped and never
// received in clear, a viewer told why they cannot copy, and the page at phone width.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser, recordedContext, screenshot, signIn } from '../support/browser.js';
import { type ServeUnderTest, startServe } from '../support/serve.js';

const SECRET = 'promote-secret-8f1c2e';
const VIEWER = { name: 'viewer-vic', password: 'vic password for tests' };

let serve: ServeUnderTest;
let browser: Browser;

async function put(key: string, body: Record<string, unknown>): Promise<void> {
  const answer = await serve.admin.put(`/api/v1/keys/${key}`, body);
  expect(answer.status, answer.text).toBe(200);
}

async function valueNow(key: string): Promise<string | undefined> {
  const answer = await serve.admin.get(`/api/v1/keys/${key}`);
  return answer.status === 200 ? (answer.body.value as string) : undefined;
}

/** Two directories as a release is promoted: test ahead of production. */
async function makeDirectories(test: string, production: string): Promise<void> {
  for (const name of [test, production]) {
    const made = await serve.admin.post('/api/v1/directories', { name, recipients: ['ops'] });
    expect(made.status, made.text).toBe(201);
  }
  await put(`${test}/http/addr`, { value: ':5000' });
  await put(`${test}/log/level`, { value: 'debug' });
  await put(`${test}/storage/swift/container`, { value: 'registry-images' });
  await put(`${test}/storage/swift/password`, { value: SECRET, sensitive: true });
  await put(`${production}/http/addr`, { value: ':443' });
  await put(`${production}/old`, { value: 'x' });
}

function compareUrl(from: string, to: string): string {
  return `${serve.url}/compare?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
}

function comparison(page: Page, from: string, to: string) {
  return page.getByRole('table', { name: `How ${to} differs from ${from}` });
}

beforeAll(async () => {
  [serve, browser] = await Promise.all([startServe({ args: ['--no-backups'] }), launchBrowser()]);
  await serve.addRecipient('ops');
  await makeDirectories('registry-test', 'registry-production-1.0');
  await makeDirectories('shop-test', 'shop-production');
  const made = await serve.admin.post('/api/v1/users', {
    name: VIEWER.name,
    password: VIEWER.password,
    grants: [{ role: 'viewer', prefix: '' }],
  });
  expect(made.status, made.text).toBe(201);
});
afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

test('a link with ?from=&to= compares them; picked keys are copied after a preview, the rest left alone', async () => {
  const { page, context, received } = await recordedContext(browser);
  await signIn(page, serve.url);
  await page.goto(compareUrl('registry-test', 'registry-production-1.0'));
  const table = comparison(page, 'registry-test', 'registry-production-1.0');
  await table.waitFor();
  expect(await table.getByRole('row').count()).toBe(6); // header + 5 differences
  // The sealed value is not copyable, and says why.
  const sealedRow = table.getByRole('row').filter({ hasText: 'storage/swift/password' });
  expect(await sealedRow.getByText('sealed').count()).toBeGreaterThan(0);
  expect(await sealedRow.getByRole('checkbox').count()).toBe(0);
  await sealedRow.getByLabel(/storage\/swift\/password is not copied: sealed in registry-test/).waitFor();

  await page.getByRole('checkbox', { name: 'Copy log/level' }).check();
  await page.getByRole('checkbox', { name: 'Copy storage/swift/container' }).check();
  await screenshot(page, 'compare-promote');
  await page.getByRole('button', { name: 'Preview copy of 2 picked keys' }).click();

  const dialog = page.getByRole('dialog', { name: 'Copy registry-test into registry-production-1.0' });
  const preview = dialog.getByRole('table', { name: 'What the copy will change' });
  await preview.waitFor();
  expect(await preview.getByRole('row').count()).toBe(3);
  await preview.getByRole('row').filter({ hasText: 'log/level' }).getByText('debug').waitFor();
  // A dry run wrote nothing.
  expect(await valueNow('registry-production-1.0/log/level')).toBeUndefined();

  await dialog.getByLabel('Message').fill('promote the log level and the container');
  await dialog.getByRole('button', { name: 'Copy 2 keys into registry-production-1.0' }).click();
  await dialog.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
  expect(await valueNow('registry-production-1.0/log/level')).toBe('debug');
  expect(await valueNow('registry-production-1.0/storage/swift/container')).toBe('registry-images');
  expect(await valueNow('registry-production-1.0/http/addr')).toBe(':443');
  expect(await valueNow('registry-production-1.0/old')).toBe('x');
  const changes = await serve.admin.get('/api/v1/directories/registry-production-1.0/changes');
  expect(JSON.stringify(changes.body)).toContain('promote the log level and the container');

  await dialog.getByRole('button', { name: 'Close' }).click();
  // The comparison follows: the copied keys no longer differ.
  await expect.poll(() => table.getByRole('row').count()).toBe(4);
  expect(await page.getByRole('checkbox', { name: 'Copy log/level' }).count()).toBe(0);

  const everything = (await received()).map((r) => r.body).join('\n');
  expect(everything).not.toContain(SECRET);
  await context.close();
});

test('copy all picked through the directory pickers, deleting keys only in the target; the sealed value is skipped with why', async () => {
  const { page, context, received } = await recordedContext(browser);
  await signIn(page, serve.url);
  await page
    .getByRole('navigation', { name: 'Sections' })
    .getByRole('link', { name: 'Compare & promote' })
    .click();
  await page.getByRole('combobox', { name: 'From (source)' }).click();
  await page.getByRole('option', { name: 'shop-test' }).click();
  await page.getByRole('combobox', { name: 'To (target)' }).click();
  await page.getByRole('option', { name: 'shop-production' }).click();
  // The address names the pair, so it can be linked.
  await expect.poll(() => page.url()).toBe(compareUrl('shop-test', 'shop-production'));
  await comparison(page, 'shop-test', 'shop-production').waitFor();

  await page.getByRole('switch', { name: 'Also delete the keys only in shop-production' }).check();
  await page.getByRole('button', { name: 'Preview copy of all' }).click();
  const dialog = page.getByRole('dialog', { name: 'Copy shop-test into shop-production' });
  const preview = dialog.getByRole('table', { name: 'What the copy will change' });
  await preview.waitFor();
  // http/addr, log/level, storage/swift/container and the deletion of old.
  expect(await preview.getByRole('row').count()).toBe(5);
  await preview.locator('tr[data-change="removed"]').filter({ hasText: 'old' }).waitFor();
  const skipped = dialog.getByRole('note').filter({ hasText: 'Not copied: sealed values' });
  await skipped.getByText('storage/swift/password').waitFor();
  expect(await skipped.textContent()).toContain(
    "set 'shop-production/storage/swift/password' with a new sensitive value",
  );

  await dialog.getByRole('button', { name: 'Copy 4 keys into shop-production' }).click();
  await dialog.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
  expect(await valueNow('shop-production/http/addr')).toBe(':5000');
  expect(await valueNow('shop-production/log/level')).toBe('debug');
  expect(await valueNow('shop-production/old')).toBeUndefined();
  expect(await valueNow('shop-production/storage/swift/password')).toBeUndefined();
  await dialog.getByRole('button', { name: 'Close' }).click();
  // Only the sealed value still differs.
  const table = comparison(page, 'shop-test', 'shop-production');
  await expect.poll(() => table.getByRole('row').count()).toBe(2);

  const everything = (await received()).map((r) => r.body).join('\n');
  expect(everything).not.toContain(SECRET);
  await context.close();
});

test('a change published elsewhere, in the source or the target, shows in the open comparison; a picked key only in the target is deleted', async () => {
  const { page, context } = await recordedContext(browser);
  await signIn(page, serve.url);
  await page.goto(compareUrl('registry-test', 'registry-production-1.0'));
  await comparison(page, 'registry-test', 'registry-production-1.0').waitFor();
  await put('registry-test/feature/flag', { value: 'on' });
  await page.getByRole('checkbox', { name: 'Copy feature/flag' }).waitFor();
  await put('registry-production-1.0/only/here', { value: 'prod' });
  // Picked, a key only in the target is deleted — and no other such key.
  await page.getByRole('checkbox', { name: 'Delete only/here from registry-production-1.0' }).check();
  await page.getByRole('button', { name: 'Preview copy of 1 picked key' }).click();
  const dialog = page.getByRole('dialog', { name: 'Copy registry-test into registry-production-1.0' });
  const preview = dialog.getByRole('table', { name: 'What the copy will change' });
  await preview.locator('tr[data-change="removed"]').filter({ hasText: 'only/here' }).waitFor();
  expect(await preview.getByRole('row').count()).toBe(2);
  await dialog.getByRole('button', { name: 'Copy 1 key into registry-production-1.0' }).click();
  await dialog.getByRole('status').filter({ hasText: 'Copied' }).waitFor();
  expect(await valueNow('registry-production-1.0/only/here')).toBeUndefined();
  expect(await valueNow('registry-production-1.0/old')).toBe('x');
  await context.close();
});

test('a viewer compares but cannot copy, and is told why', async () => {
  const { page, context } = await recordedContext(browser);
  await signIn(page, serve.url, VIEWER.name, VIEWER.password);
  await page.goto(compareUrl('registry-test', 'registry-production-1.0'));
  await comparison(page, 'registry-test', 'registry-production-1.0').waitFor();
  const copyAll = page.getByRole('button', { name: 'Preview copy of all' });
  expect(await copyAll.getAttribute('aria-disabled')).toBe('true');
  await copyAll.hover();
  await page
    .getByRole('tooltip')
    .filter({ hasText: 'publish needs the publisher role on registry-production-1.0/' })
    .waitFor();
  // It cannot be pressed either (Playwright will not click what says it is disabled; a key will).
  await copyAll.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Preview copy of 0 picked keys' }).focus();
  expect(await page.getByRole('dialog').count()).toBe(0);
  await context.close();
});

test('at phone width the page does not overflow sideways; the comparison scrolls in its own box', async () => {
  const { page, context } = await recordedContext(browser, { width: 390, height: 844 });
  await signIn(page, serve.url);
  await page.goto(compareUrl('registry-test', 'registry-production-1.0'));
  await comparison(page, 'registry-test', 'registry-production-1.0').waitFor();
  // A string, evaluated in the page: the tests are compiled without the DOM's types.
  const overflow = Number(
    await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'),
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await context.close();
});
