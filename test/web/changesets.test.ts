// The Changes tab of a directory in the real Chromium against a real `setpoint serve`: staged edits
// shown as exactly what publishing will do, unstaged and discarded; a conflict between two browser
// sessions shown with both values and resolved per key (keep mine, take theirs), then published; a
// user who may not publish sees why.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser, recordedContext, screenshot, signIn } from '../support/browser.js';
import { type ServeUnderTest, startServe } from '../support/serve.js';

let serve: ServeUnderTest;
let browser: Browser;

async function put(key: string, value: string): Promise<void> {
  const answer = await serve.admin.put(`/api/v1/keys/${key}`, { value });
  expect(answer.status, answer.text).toBe(200);
}

async function value(key: string): Promise<string | undefined> {
  return (await serve.admin.get(`/api/v1/keys/${key}`)).body.value;
}

beforeAll(async () => {
  [serve, browser] = await Promise.all([startServe({ args: ['--no-backups'] }), launchBrowser()]);
  for (const [name, grants] of [
    ['paula', [{ role: 'publisher', prefix: 'shop/' }]],
    ['eddie', [{ role: 'editor', prefix: 'shop/' }]],
  ] as const) {
    const made = await serve.admin.post('/api/v1/users', {
      name,
      password: `${name} password for tests`,
      grants,
    });
    expect(made.status, made.text).toBe(201);
  }
  await put('shop/limits/max', '100');
  await put('shop/limits/min', '1');
  await put('shop/http/addr', ':8080');
  await put('shop/feature/beta', 'off');
  await put('shop/old/flag', 'yes');
  await serve.addRecipient('vault-agent');
  const vault = await serve.admin.post('/api/v1/directories', { name: 'vault', recipients: ['vault-agent'] });
  expect(vault.status, vault.text).toBe(201);
  const token = await serve.admin.put('/api/v1/keys/vault/token', {
    value: 'first-t0ken-secret',
    sensitive: true,
  });
  expect(token.status, token.text).toBe(200);
});
afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

async function edit(page: Page, key: string, text: string): Promise<void> {
  await page.getByRole('button', { name: `Edit ${key}` }).click();
  const input = page.getByLabel(`New value of ${key}`);
  await input.fill(text);
  await input.press('Enter');
  await expect.poll(() => input.count()).toBe(0);
}

function diffRows(page: Page) {
  return page
    .getByRole('table', { name: 'What publishing will do' })
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) => [...row.querySelectorAll('td')].slice(0, 4).map((cell) => cell.textContent?.trim())),
    );
}

test('staged edits are shown as what publishing will do; one is unstaged, the rest discarded, nothing written', async () => {
  const { page, context } = await recordedContext(browser);
  await signIn(page, serve.url);
  await page.goto(`${serve.url}/directories/shop`);
  await edit(page, 'shop/http/addr', ':9090');
  await page.getByRole('button', { name: 'Delete shop/old/flag' }).click();
  await page.getByRole('button', { name: 'Add key' }).click();
  await page.getByLabel('Key path').fill('feature/gamma');
  await page.getByLabel('New value of shop/feature/gamma').fill('on');
  await page.getByRole('button', { name: 'Stage new key' }).click();
  await expect
    .poll(() => page.getByRole('region', { name: 'Staged changes' }).textContent())
    .toContain('3 staged changes');
  await expect.poll(() => page.getByRole('tab', { name: /Changes/ }).textContent()).toContain('3');

  await page.getByRole('tab', { name: /Changes/ }).click();
  expect(new URL(page.url()).pathname).toBe('/directories/shop/changes');
  await expect
    .poll(() => diffRows(page))
    .toEqual([
      ['shop/feature/gamma', 'added', '—', 'on'],
      ['shop/http/addr', 'changed', ':8080', ':9090'],
      ['shop/old/flag', 'removed', 'yes', '—'],
    ]);
  await screenshot(page, 'change-set-diff');

  await page.getByRole('button', { name: 'Unstage shop/feature/gamma' }).click();
  await expect.poll(() => diffRows(page)).toHaveLength(2);
  await page.getByRole('button', { name: 'Discard…' }).click();
  await page.getByRole('button', { name: 'Discard 2 changes' }).click();
  await page.getByText(/Nothing is staged in shop\//).waitFor();
  expect(await value('shop/http/addr')).toBe(':8080');
  expect(await value('shop/old/flag')).toBe('yes');
  expect((await serve.admin.get('/api/v1/directories/shop/changesets')).body.changesets).toEqual([]);
  await context.close();
});

test('two sessions stage the same keys; the first publishes; the second sees both values, keeps one, takes the other, publishes', async () => {
  const first = await recordedContext(browser);
  const second = await recordedContext(browser);
  await signIn(first.page, serve.url);
  await signIn(second.page, serve.url, 'paula', 'paula password for tests');
  for (const { page } of [first, second]) await page.goto(`${serve.url}/directories/shop`);

  await edit(first.page, 'shop/limits/max', '200');
  await edit(first.page, 'shop/limits/min', '2');
  await edit(second.page, 'shop/limits/max', '300');
  await edit(second.page, 'shop/limits/min', '3');
  for (const { page } of [first, second])
    await expect
      .poll(() => page.getByRole('region', { name: 'Staged changes' }).textContent())
      .toContain('2 staged changes');

  // The second opens its change set before the first publishes: the conflict appears live.
  await second.page.getByRole('link', { name: 'Review & publish' }).click();
  await expect.poll(() => diffRows(second.page)).toHaveLength(2);

  await first.page.getByRole('link', { name: 'Review & publish' }).click();
  await first.page.getByLabel('Message').fill('raise the limits');
  await first.page.getByRole('button', { name: 'Publish' }).click();
  await first.page.getByRole('status').filter({ hasText: 'Published' }).waitFor();
  expect(await value('shop/limits/max')).toBe('200');

  const conflicts = second.page.getByRole('table', { name: 'Conflicts' });
  await conflicts.waitFor();
  const max = conflicts.locator('tr[data-conflict="shop/limits/max"]');
  await expect.poll(() => max.textContent()).toContain('200');
  expect(await max.textContent()).toContain('300');
  expect(await second.page.getByRole('button', { name: 'Publish' }).isDisabled()).toBe(true);
  await screenshot(second.page, 'change-set-conflict');

  await second.page.getByRole('button', { name: 'Keep mine for shop/limits/max' }).click();
  await expect.poll(() => max.count()).toBe(0);
  await second.page.getByRole('button', { name: 'Take theirs for shop/limits/min' }).click();
  await expect.poll(() => conflicts.count()).toBe(0);
  await expect.poll(() => diffRows(second.page)).toEqual([['shop/limits/max', 'changed', '200', '300']]);
  await second.page.getByLabel('Message').fill('the limit we agreed on');
  await second.page.getByRole('button', { name: 'Publish' }).click();
  await second.page.getByRole('status').filter({ hasText: 'Published' }).waitFor();
  expect(await value('shop/limits/max')).toBe('300');
  expect(await value('shop/limits/min')).toBe('2');
  const changes = await serve.admin.get('/api/v1/directories/shop/changes?limit=2');
  expect(changes.body.changes.map((c: { user: string; message: string }) => [c.user, c.message])).toEqual([
    ['paula', 'the limit we agreed on'],
    ['admin', 'raise the limits'],
  ]);
  await first.context.close();
  await second.context.close();
});

test('a publish refused because a key changed unseen (no live updates) shows the server message and both values', async () => {
  const { page, context } = await recordedContext(browser);
  // Without the events stream the page cannot learn of the change before publishing.
  await context.route('**/api/v1/events', (route) => route.abort());
  await signIn(page, serve.url, 'paula', 'paula password for tests');
  await page.goto(`${serve.url}/directories/shop`);
  await edit(page, 'shop/feature/beta', 'on');
  await page.getByRole('link', { name: 'Review & publish' }).click();
  await expect.poll(() => diffRows(page)).toEqual([['shop/feature/beta', 'changed', 'off', 'on']]);
  await put('shop/feature/beta', 'half');
  await page.getByRole('button', { name: 'Publish' }).click();
  const refusal = page.getByRole('alert').filter({ hasText: 'nothing was published' });
  await expect.poll(() => refusal.textContent()).toContain("'shop/feature/beta' changed meanwhile");
  expect(await refusal.textContent()).toContain('KEY_CHANGED');
  const conflicts = page.getByRole('table', { name: 'Conflicts' });
  await expect.poll(() => conflicts.textContent()).toContain('half');
  expect(await conflicts.textContent()).toContain('on');
  expect(await value('shop/feature/beta')).toBe('half');
  await page.getByRole('button', { name: 'Keep mine for shop/feature/beta' }).click();
  await expect.poll(() => conflicts.count()).toBe(0);
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByRole('status').filter({ hasText: 'Published' }).waitFor();
  expect(await value('shop/feature/beta')).toBe('on');
  await context.close();
});

test('an editor stages but may not publish, and is told why', async () => {
  const { page, context } = await recordedContext(browser);
  await signIn(page, serve.url, 'eddie', 'eddie password for tests');
  await page.goto(`${serve.url}/directories/shop`);
  await edit(page, 'shop/http/addr', ':7070');
  await page.getByRole('link', { name: 'Review & publish' }).click();
  await expect.poll(() => diffRows(page)).toHaveLength(1);
  expect(await page.getByRole('button', { name: 'Publish' }).isDisabled()).toBe(true);
  await page
    .getByText(/publish needs the publisher role on shop\/http\/addr/)
    .first()
    .waitFor();
  await context.close();
});

test('a conflict on a sealed key shows both as sealed; keeping mine asks for the value again; nothing in clear reaches the browser', async () => {
  const mine = 'mine-t0ken-secret';
  const theirs = 'their-t0ken-secret';
  const { page, context, received } = await recordedContext(browser);
  await signIn(page, serve.url);
  await page.goto(`${serve.url}/directories/vault`);
  await page.getByRole('button', { name: 'Replace vault/token' }).click();
  const input = page.getByLabel('New value of vault/token (replaces the sealed one)');
  await input.fill(mine);
  await input.press('Enter');
  await page.getByRole('link', { name: 'Review & publish' }).click();
  await expect.poll(() => diffRows(page)).toEqual([['vault/token', 'changed', 'sealed', 'sealed']]);
  const other = await serve.admin.put('/api/v1/keys/vault/token', { value: theirs, sensitive: true });
  expect(other.status, other.text).toBe(200);

  const conflict = page.getByRole('table', { name: 'Conflicts' }).locator('tr[data-conflict="vault/token"]');
  await expect.poll(() => conflict.textContent()).toMatch(/sealed.*sealed/);
  const keep = page.getByRole('button', { name: 'Keep mine for vault/token' });
  expect(await keep.isDisabled()).toBe(true);
  const again = page.getByLabel('Your value of vault/token again');
  expect(await again.getAttribute('type')).toBe('password');
  await again.fill(mine);
  await keep.click();
  await expect.poll(() => conflict.count()).toBe(0);
  await page.getByLabel('Message').fill('my token after all');
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByRole('status').filter({ hasText: 'Published' }).waitFor();
  const stored = await serve.admin.get('/api/v1/keys/vault/token');
  expect(stored.body).toMatchObject({
    sealed: true,
    setBy: { user: 'admin', message: 'my token after all' },
  });
  expect(stored.body.modRevision).toBeGreaterThan(other.body.revision);

  for (const { url, body } of await received()) {
    for (const secret of [mine, theirs, 'first-t0ken-secret']) {
      expect(body.includes(secret), `${url} holds a secret`).toBe(false);
    }
  }
  await context.close();
});

test('a value of several lines is edited in a text area (Ctrl+Enter stages) and published with its line breaks', async () => {
  await put('shop/banner/text', 'line one\nline two');
  const { page, context } = await recordedContext(browser);
  await signIn(page, serve.url);
  await page.goto(`${serve.url}/directories/shop`);
  await page.getByRole('button', { name: 'Edit shop/banner/text' }).click();
  const area = page.getByRole('textbox', { name: 'New value of shop/banner/text' });
  expect(await area.evaluate((element) => element.tagName)).toBe('TEXTAREA');
  expect(await area.inputValue()).toBe('line one\nline two');
  await area.press('Control+End');
  await area.press('Enter');
  await area.pressSequentially('line three');
  await area.press('Control+Enter');
  await page.getByRole('link', { name: 'Review & publish' }).click();
  await expect.poll(() => diffRows(page)).toHaveLength(1);
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByRole('status').filter({ hasText: 'Published' }).waitFor();
  expect(await value('shop/banner/text')).toBe('line one\nline two\nline three');
  await context.close();
});
