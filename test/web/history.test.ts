// History in the browser against a real `setpoint serve`: a directory's timeline with who, when and
// why, a key's history by its address, the diff between two points, restoring a key and a whole
// directory (previewed, then published as a new change), a viewer told why they cannot restore,
// sealed values never received in clear, and the page at phone width — all after etcd compacted
// every revision the tests look at.
import { Etcd3 } from 'etcd3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type Caller, caller } from '../support/api.js';
import { launchBrowser, recordedContext, screenshot, signIn } from '../support/browser.js';
import { type ServeUnderTest, startServe } from '../support/serve.js';
import { waitFor } from '../support/wait.js';

const SECRET = 'history-secret-3b9d71';
const PUBLISHER = { name: 'publisher-pat', password: 'pat password for tests' };
const VIEWER = { name: 'viewer-vic', password: 'vic password for tests' };

let serve: ServeUnderTest;
let browser: Browser;
/** The revision of each change the test made, by its message. */
const revisions: Record<string, number> = {};

async function userCaller(name: string, password: string, role: string): Promise<Caller> {
  const made = await serve.admin.post('/api/v1/users', {
    name,
    password,
    grants: [{ role, prefix: 'shop/' }],
  });
  expect(made.status, made.text).toBe(201);
  const login = await caller(serve.url, undefined).post('/api/v1/session', {
    user: name,
    password,
    token: { name: 'history tests' },
  });
  expect(login.status, login.text).toBe(200);
  return caller(serve.url, login.body.token);
}

async function put(who: Caller, key: string, body: Record<string, unknown>): Promise<void> {
  const answer = await who.put(`/api/v1/keys/shop/${key}`, body);
  expect(answer.status, answer.text).toBe(200);
}

async function keyHistory(key: string): Promise<{ revision: number; message?: string }[]> {
  const answer = await serve.admin.get(`/api/v1/history/shop/${key}`);
  expect(answer.status, answer.text).toBe(200);
  return answer.body.entries;
}

async function directoryHistory(): Promise<{ revision: number; message?: string }[]> {
  const answer = await serve.admin.get('/api/v1/history/shop/');
  expect(answer.status, answer.text).toBe(200);
  return answer.body.entries;
}

async function valueNow(key: string): Promise<string | undefined> {
  const answer = await serve.admin.get(`/api/v1/keys/shop/${key}`);
  return answer.status === 200 ? (answer.body.value as string) : undefined;
}

function timeline(page: Page, name = 'History of shop') {
  return page.getByRole('table', { name });
}

function rowOf(page: Page, message: string, name?: string) {
  return timeline(page, name).getByRole('row').filter({ hasText: message });
}

beforeAll(async () => {
  [serve, browser] = await Promise.all([startServe({ args: ['--no-backups'] }), launchBrowser()]);
  await serve.addRecipient('ops');
  const made = await serve.admin.post('/api/v1/directories', { name: 'shop', recipients: ['ops'] });
  expect(made.status, made.text).toBe(201);
  const pat = await userCaller(PUBLISHER.name, PUBLISHER.password, 'publisher');
  await userCaller(VIEWER.name, VIEWER.password, 'viewer');

  await put(serve.admin, 'http/addr', { value: ':5000', message: 'first port' });
  await put(serve.admin, 'log/level', { value: 'info', message: 'log level for launch' });
  await put(pat, 'http/addr', { value: ':5001', message: 'new port' });
  await put(pat, 'db/password', { value: SECRET, sensitive: true, message: 'db password' });
  const deleted = await serve.admin.delete('/api/v1/keys/shop/log/level?message=no%20more%20debug');
  expect(deleted.status, deleted.text).toBe(200);
  // The recorder copies each change a moment after it is published.
  await waitFor(async () => (await directoryHistory()).length === 5, {
    what: 'the history recorder to copy the five changes',
    timeoutMs: 10_000,
  });
  for (const entry of await directoryHistory()) revisions[entry.message ?? ''] = entry.revision;

  // etcd forgets every revision before now: what the pages below show and restore comes from the
  // history Setpoint keeps beyond compaction.
  const etcd = new Etcd3({ hosts: serve.etcdEndpoint });
  try {
    const now = (await etcd.get('shop/http/addr').exec()).header.revision;
    await etcd.kv.compact({ revision: now, physical: true });
    await expect(etcd.get('shop/http/addr').revision(String(revisions['first port'])).exec()).rejects.toThrow(
      /compacted/,
    );
  } finally {
    etcd.close();
  }
});
afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

test("the directory's timeline shows every change with who and why; sealed values marked, never received", async () => {
  const { page, context, received } = await recordedContext(browser);
  await signIn(page, serve.url);
  await page.goto(`${serve.url}/directories/shop/history`);
  await timeline(page).waitFor();
  await expect.poll(() => timeline(page).getByRole('row').count()).toBe(6);
  // Newest first.
  const rows = timeline(page).getByRole('row');
  expect(await rows.nth(1).textContent()).toContain('no more debug');
  expect(await rows.nth(5).textContent()).toContain('first port');
  expect(await rowOf(page, 'new port').textContent()).toContain(PUBLISHER.name);
  expect(await rowOf(page, 'new port').textContent()).toContain(String(revisions['new port']));
  expect(await rowOf(page, 'first port').textContent()).toContain('admin');
  await rowOf(page, 'db password').getByText('sealed').waitFor();
  await rowOf(page, 'no more debug').getByText('deleted').waitFor();
  await rowOf(page, 'db password').getByRole('link', { name: 'History of key db/password' }).waitFor();
  await screenshot(page, 'history');

  const everything = (await received()).map((r) => r.body).join('\n');
  expect(everything).not.toContain(SECRET);
  await context.close();
});

test("a key's history by its address, and the diff between two picked points", async () => {
  const { page, context, received } = await recordedContext(browser);
  await signIn(page, serve.url);
  await page.goto(`${serve.url}/directories/shop/history?key=http/addr`);
  const keyTimeline = timeline(page, 'History of key http/addr');
  await keyTimeline.waitFor();
  expect(await keyTimeline.getByRole('row').count()).toBe(3);
  await rowOf(page, 'new port', 'History of key http/addr').getByText(':5001').waitFor();
  await rowOf(page, 'first port', 'History of key http/addr').getByText(':5000').waitFor();

  // Two points of the key: what changed between them.
  const first = revisions['first port']!;
  const newPort = revisions['new port']!;
  await page.getByRole('checkbox', { name: `Compare revision ${first}` }).check();
  await page.getByRole('checkbox', { name: `Compare revision ${newPort}` }).check();
  const keyDiff = page.getByRole('table', {
    name: `Differences from revision ${first} to revision ${newPort}`,
  });
  await keyDiff.waitFor();
  const changed = keyDiff.getByRole('row').filter({ hasText: 'http/addr' });
  await changed.getByText(':5000').waitFor();
  await changed.getByText(':5001').waitFor();

  // Back to the whole directory, where two points span several keys.
  await page.getByRole('link', { name: "Whole directory's history" }).click();
  await timeline(page).waitFor();
  const launch = revisions['log level for launch']!;
  const password = revisions['db password']!;
  await page.getByRole('checkbox', { name: `Compare revision ${password}` }).check();
  await page.getByRole('checkbox', { name: `Compare revision ${launch}` }).check();
  const diff = page.getByRole('table', {
    name: `Differences from revision ${launch} to revision ${password}`,
  });
  await diff.waitFor();
  expect(await diff.getByRole('row').count()).toBe(3);
  await diff.locator('tr[data-change="changed"]').filter({ hasText: 'http/addr' }).waitFor();
  await diff
    .locator('tr[data-change="added"]')
    .filter({ hasText: 'db/password' })
    .getByText('sealed')
    .waitFor();
  await screenshot(page, 'history-diff');

  // One point picked: compared with now.
  await page.getByRole('checkbox', { name: `Compare revision ${password}` }).uncheck();
  const sinceLaunch = page.getByRole('table', { name: `Differences from revision ${launch} to now` });
  await sinceLaunch.locator('tr[data-change="removed"]').filter({ hasText: 'log/level' }).waitFor();

  // A revision's number: what that change alone did.
  await page.getByRole('button', { name: `Show what revision ${newPort} changed` }).click();
  const own = page.getByRole('table', {
    name: `Differences from revision ${newPort - 1} to revision ${newPort}`,
  });
  await own.waitFor();
  expect(await own.getByRole('row').count()).toBe(2);
  await own
    .locator('tr[data-change="changed"]')
    .filter({ hasText: 'http/addr' })
    .getByText(':5001')
    .waitFor();
  await page.getByRole('heading', { name: `What revision ${newPort} changed` }).waitFor();
  expect(await page.getByRole('checkbox', { name: `Compare revision ${launch}` }).isChecked()).toBe(false);

  const everything = (await received()).map((r) => r.body).join('\n');
  expect(everything).not.toContain(SECRET);
  await context.close();
});

test('a key is restored to an earlier version: previewed, then published as a new change', async () => {
  const { page, context } = await recordedContext(browser);
  await signIn(page, serve.url, PUBLISHER.name, PUBLISHER.password);
  const before = (await keyHistory('http/addr')).length;
  const first = revisions['first port']!;
  await page.goto(`${serve.url}/directories/shop/history?key=http/addr`);
  await page.getByRole('button', { name: `Restore this version: revision ${first}` }).click();
  const dialog = page.getByRole('dialog', { name: `Restore key shop/http/addr to revision ${first}` });
  const preview = dialog.getByRole('table', { name: 'What the restore will change' });
  await preview.waitFor();
  const row = preview.getByRole('row').filter({ hasText: 'http/addr' });
  await row.getByText(':5001').waitFor();
  await row.getByText(':5000').waitFor();
  // The preview wrote nothing.
  expect(await valueNow('http/addr')).toBe(':5001');

  await dialog.getByLabel('Message').fill('back to the first port');
  await screenshot(page, 'history-restore');
  await dialog.getByRole('button', { name: 'Publish restore' }).click();
  await dialog.getByRole('status').filter({ hasText: 'Restored' }).waitFor();
  expect(await valueNow('http/addr')).toBe(':5000');
  await expect.poll(async () => (await keyHistory('http/addr')).length, { timeout: 10_000 }).toBe(before + 1);
  expect((await keyHistory('http/addr'))[0]?.message).toBe('back to the first port');

  await dialog.getByRole('button', { name: 'Close' }).click();
  // The timeline catches up with the new change by itself.
  const restored = rowOf(page, 'back to the first port', 'History of key http/addr');
  await restored.waitFor();
  expect(await restored.textContent()).toContain(PUBLISHER.name);
  expect(await restored.textContent()).toContain('restore');
  expect(await timeline(page, 'History of key http/addr').getByRole('row').count()).toBe(before + 2);
  await context.close();
});

test('a whole directory is restored: deleted keys come back, later ones go, sealed values stay sealed', async () => {
  const { page, context, received } = await recordedContext(browser);
  await signIn(page, serve.url);
  const before = (await directoryHistory()).length;
  const launch = revisions['log level for launch']!;
  await page.goto(`${serve.url}/directories/shop/history`);
  await page.getByRole('button', { name: `Restore this version: revision ${launch}` }).click();
  const dialog = page.getByRole('dialog', { name: `Restore directory shop/ to revision ${launch}` });
  const preview = dialog.getByRole('table', { name: 'What the restore will change' });
  await preview.waitFor();
  await preview
    .locator('tr[data-change="added"]')
    .filter({ hasText: 'log/level' })
    .getByText('info')
    .waitFor();
  await preview
    .locator('tr[data-change="removed"]')
    .filter({ hasText: 'db/password' })
    .getByText('sealed')
    .waitFor();
  await dialog.getByRole('button', { name: 'Publish restore' }).click();
  await dialog.getByRole('status').filter({ hasText: 'Restored' }).waitFor();
  expect(await valueNow('log/level')).toBe('info');
  expect(await valueNow('db/password')).toBeUndefined();
  await expect.poll(async () => (await directoryHistory()).length, { timeout: 10_000 }).toBe(before + 1);
  // Without a message of its own, the change says what it did.
  expect((await directoryHistory())[0]?.message).toBe(`roll shop/ back to revision ${launch}`);
  await dialog.getByRole('button', { name: 'Close' }).click();
  await rowOf(page, `roll shop/ back to revision ${launch}`).waitFor();

  const everything = (await received()).map((r) => r.body).join('\n');
  expect(everything).not.toContain(SECRET);
  await context.close();
});

test('a viewer sees the history but cannot restore, and is told why', async () => {
  const { page, context } = await recordedContext(browser);
  await signIn(page, serve.url, VIEWER.name, VIEWER.password);
  await page.goto(`${serve.url}/directories/shop/history`);
  const restore = page.getByRole('button', {
    name: `Restore this version: revision ${revisions['new port']}`,
  });
  await restore.waitFor();
  expect(await restore.getAttribute('aria-disabled')).toBe('true');
  await restore.hover();
  await page.getByRole('tooltip').filter({ hasText: 'publish needs the publisher role on shop/' }).waitFor();
  // Pressed from the keyboard, it does nothing.
  await restore.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('checkbox', { name: `Compare revision ${revisions['new port']}` }).focus();
  expect(await page.getByRole('dialog').count()).toBe(0);
  await context.close();
});

test('a change published elsewhere appears in the open timeline by itself', async () => {
  const { page, context } = await recordedContext(browser);
  await signIn(page, serve.url);
  await page.goto(`${serve.url}/directories/shop/history`);
  await rowOf(page, 'first port').first().waitFor();
  const rows = await timeline(page).getByRole('row').count();
  await put(serve.admin, 'cache/size', { value: '64m', message: 'a bigger cache, from elsewhere' });
  const row = rowOf(page, 'a bigger cache, from elsewhere');
  await row.waitFor();
  expect(await row.getByRole('link', { name: 'History of key cache/size' }).count()).toBe(1);
  expect(await timeline(page).getByRole('row').count()).toBe(rows + 1);
  await context.close();
});

test('older changes come a page at a time; a value too large to keep says so', async () => {
  const made = await serve.admin.post('/api/v1/directories', { name: 'busy' });
  expect(made.status, made.text).toBe(201);
  for (let n = 1; n <= 55; n += 1) {
    const answer = await serve.admin.put('/api/v1/keys/busy/counter', {
      value: String(n),
      message: `count ${n}`,
    });
    expect(answer.status, answer.text).toBe(200);
  }
  // Sealed values may be up to 1 MiB; the history keeps at most 768 KiB of a value.
  const large = await serve.admin.put('/api/v1/keys/shop/blob', {
    value: 'x'.repeat(900 * 1024),
    sensitive: true,
    message: 'a large sealed blob',
  });
  expect(large.status, large.text).toBe(200);
  await waitFor(
    async () => (await serve.admin.get('/api/v1/history/busy/counter?limit=100')).body.entries.length === 55,
    {
      what: 'the recorder to copy 55 changes',
    },
  );

  const { page, context } = await recordedContext(browser);
  await signIn(page, serve.url);
  await page.goto(`${serve.url}/directories/busy/history?key=counter`);
  const counter = timeline(page, 'History of key counter');
  await counter.waitFor();
  expect(await counter.getByRole('row').count()).toBe(51);
  await page.getByRole('button', { name: 'Show older changes' }).click();
  await expect.poll(() => counter.getByRole('row').count()).toBe(56);
  // The oldest change last.
  expect(await counter.getByRole('row').last().getByText('count 1', { exact: true }).count()).toBe(1);
  expect(await page.getByRole('button', { name: 'Show older changes' }).count()).toBe(0);

  await page.goto(`${serve.url}/directories/shop/history?key=blob`);
  await rowOf(page, 'a large sealed blob', 'History of key blob').getByText('value not kept').waitFor();
  await context.close();
});

test('at phone width the history does not overflow sideways; the timeline scrolls in its own box', async () => {
  const { page, context } = await recordedContext(browser, { width: 390, height: 844 });
  await signIn(page, serve.url);
  await page.goto(`${serve.url}/directories/shop/history`);
  await rowOf(page, 'new port').waitFor();
  await page.getByRole('checkbox', { name: `Compare revision ${revisions['new port']}` }).check();
  await page.getByRole('table', { name: /^Differences from revision/ }).waitFor();
  // A string, evaluated in the page: the tests are compiled without the DOM's types.
  const overflow = Number(
    await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'),
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await context.close();
});
