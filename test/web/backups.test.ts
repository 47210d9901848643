// Backups in the browser against a real `setpoint serve` backing up to a folder under its data
// dir: back up now with live progress, the new backup listed with its key count and revision; a
// key changed afterwards restored after a dry-run diff naming it and a confirmation; schedule and
// retention saved, a bad cron refused in the server's words; a server without backups says so.
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

/** Values no page, script or event would hold by chance: the secrecy scan looks for them. */
const ADDR_BACKED_UP = 'addr-in-the-backup-5a1c';
const ADDR_CHANGED = 'addr-after-the-backup-9e07';
const LEVEL_BACKED_UP = 'level-in-the-backup-33d2';
const LEVEL_FIRST = 'level-first-change-8b14';
const LEVEL_SECOND = 'level-second-change-c6f0';
const VALUES = [ADDR_BACKED_UP, ADDR_CHANGED, LEVEL_BACKED_UP, LEVEL_FIRST, LEVEL_SECOND];

let serve: ServeUnderTest;
let browser: Browser;
let admin: RecordedContext;
/** The backup the first test makes. */
let backupId: string;

beforeAll(async () => {
  [serve, browser] = await Promise.all([startServe({ args: ['--delta-interval', '1s'] }), launchBrowser()]);
  expect((await serve.admin.put('/api/v1/keys/hack/http/addr', { value: ADDR_BACKED_UP })).status).toBe(200);
  expect((await serve.admin.put('/api/v1/keys/hack/log/level', { value: LEVEL_BACKED_UP })).status).toBe(200);
  admin = await recordedContext(browser);
  await signIn(admin.page, serve.url);
});
afterAll(async () => {
  await admin?.context.close();
  await browser?.close();
  await serve?.stop();
});

test('back up now: progress is shown live, then the new backup is listed with its key count and revision', async () => {
  const { page } = admin;
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Backups' }).click();
  await page.getByRole('form', { name: 'Backup settings' }).waitFor();
  await expect.poll(() => page.getByTestId('live-status').textContent()).toContain('live');
  await page.getByRole('button', { name: 'Back up now' }).click();
  const progress = page.getByRole('region', { name: 'Backup progress' });
  await expect
    .poll(() => progress.textContent(), { timeout: 30_000 })
    .toMatch(/Backup \S+ finished: \d+ keys/);
  const made = page.getByRole('status').filter({ hasText: 'Backup made' });
  backupId = ((await made.locator('code').first().textContent()) ?? '').trim();
  expect(backupId).toMatch(/^\d{8}T\d{6}Z-r\d+$/);

  // The progress came from the backup events while it ran, not only at the end.
  const frames = (await admin.received()).filter((item) => item.url === 'event-stream:backup');
  const reports = frames.map(
    (frame) => JSON.parse(frame.body) as { done: boolean; phase: string; backup: string | null },
  );
  expect(reports.some((report) => !report.done && report.phase !== 'finished')).toBe(true);
  expect(reports.some((report) => report.done && report.backup === backupId)).toBe(true);

  const listed = (await serve.admin.get('/api/v1/backups')).body.backups.find(
    (backup: { id: string }) => backup.id === backupId,
  );
  expect(listed).toMatchObject({ usable: true });
  const row = page.getByRole('table', { name: 'Backups' }).getByRole('row').filter({ hasText: backupId });
  const cells = row.getByRole('cell');
  await expect.poll(() => cells.nth(2).textContent()).toBe(String(listed.revision));
  expect(await cells.nth(3).textContent()).toBe(String(listed.keyCount));
  expect(await cells.nth(5).textContent()).toContain('usable');

  await row.getByRole('button', { name: `Details of ${backupId}` }).click();
  const details = page.getByRole('dialog', { name: `Backup ${backupId}` });
  await details
    .getByRole('table', { name: 'Manifest' })
    .getByText(listed.sha256 ?? 'SHA-256')
    .first()
    .waitFor();
  await details.getByRole('button', { name: 'Verify backup' }).click();
  await expect.poll(() => details.getByRole('status').textContent()).toContain('Every byte matches');
  await page.keyboard.press('Escape');
  await details.waitFor({ state: 'hidden' });
  await expect.poll(() => cells.nth(5).textContent()).toContain('verified');
  await screenshot(page, 'backups');
});

test('restore: the dry run names the key changed since, the confirmation too, and the old value is back', async () => {
  const { page } = admin;
  expect((await serve.admin.put('/api/v1/keys/hack/http/addr', { value: ADDR_CHANGED })).status).toBe(200);
  await page
    .getByRole('table', { name: 'Backups' })
    .getByRole('button', { name: `Restore from ${backupId}` })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Restore' });
  expect(await dialog.getByLabel('Restore from').inputValue()).toBe(backupId);
  const prefixes = dialog.getByLabel('Only these directories or prefixes');
  await prefixes.fill('hack/');
  await prefixes.press('Enter');
  await dialog.getByRole('button', { name: 'Preview restore' }).click();
  const diff = dialog.getByRole('table', { name: /What the restore would change/ });
  const changed = diff.getByRole('row').filter({ hasText: 'hack/http/addr' });
  await expect.poll(() => changed.textContent()).toContain('changed');
  // The unchanged key is not in the plan.
  expect(await diff.getByRole('row').filter({ hasText: 'hack/log/level' }).count()).toBe(0);
  // Nothing written by the dry run.
  expect((await serve.admin.get('/api/v1/keys/hack/http/addr')).body.value).toBe(ADDR_CHANGED);
  await screenshot(page, 'backup-restore');

  await dialog.getByRole('button', { name: 'Restore…' }).click();
  const confirm = dialog.getByRole('alertdialog', { name: 'Confirm the restore' });
  expect(await confirm.textContent()).toContain('overwrite 1 key (hack/http/addr)');
  await confirm.getByRole('button', { name: 'Restore now' }).click();
  await expect.poll(() => dialog.getByRole('status').textContent()).toContain('1 keys written');
  expect((await serve.admin.get('/api/v1/keys/hack/http/addr')).body.value).toBe(ADDR_BACKED_UP);
  await page.keyboard.press('Escape');
});

test('restore to a point in time: a revision between two changes, reached through the delta segments', async () => {
  const { page } = admin;
  const first = await serve.admin.put('/api/v1/keys/hack/log/level', { value: LEVEL_FIRST });
  const second = await serve.admin.put('/api/v1/keys/hack/log/level', { value: LEVEL_SECOND });
  expect([first.status, second.status]).toEqual([200, 200]);
  await expect
    .poll(async () => (await serve.admin.get('/api/v1/backups')).body.deltas.toRevision ?? 0, {
      timeout: 20_000,
    })
    .toBeGreaterThanOrEqual(second.body.revision);
  await page.getByRole('button', { name: 'Restore…' }).first().click();
  const dialog = page.getByRole('dialog', { name: 'Restore' });
  await dialog
    .getByLabel('Restore from')
    .selectOption({ label: 'a point in time (backups and delta segments)' });
  await dialog.getByLabel(/^Point in time/).fill(String(first.body.revision));
  const prefixes = dialog.getByLabel('Only these directories or prefixes');
  await prefixes.fill('hack/');
  await prefixes.press('Enter');
  await dialog.getByRole('button', { name: 'Preview restore' }).click();
  const diff = dialog.getByRole('table', { name: /What the restore would change/ });
  await expect.poll(() => diff.getByRole('row').filter({ hasText: 'hack/log/level' }).count()).toBe(1);
  await dialog.getByRole('button', { name: 'Restore…' }).click();
  await dialog
    .getByRole('alertdialog', { name: 'Confirm the restore' })
    .getByRole('button', { name: 'Restore now' })
    .click();
  await dialog.getByRole('status').filter({ hasText: 'keys written' }).waitFor();
  expect((await serve.admin.get('/api/v1/keys/hack/log/level')).body.value).toBe(LEVEL_FIRST);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
});

test('schedule and retention are saved; a bad cron is refused with the server’s message at the field', async () => {
  const { page } = admin;
  const settings = page.getByRole('form', { name: 'Backup settings' });
  await settings.getByLabel(/^Schedule/).fill('30 4 * * MON');
  await settings.getByLabel('Keep last').fill('3');
  await settings.getByLabel('Daily').fill('5');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect.poll(() => settings.getByRole('status').textContent()).toContain('Saved');
  const stored = (await serve.admin.get('/api/v1/backups/settings')).body;
  expect(stored).toMatchObject({ source: 'stored', schedule: '30 4 * * MON' });
  expect(stored.retention).toContain('keep-last=3');
  expect(stored.retention).toContain('keep-daily=5');

  // Someone else saves meanwhile: this page's save is refused (If-Match), then made knowingly.
  const other = await serve.admin.put('/api/v1/backups/settings', {
    schedule: '0 5 * * *',
    retention: 'keep-last=9',
  });
  expect(other.status).toBe(200);
  await settings.getByLabel('Daily').fill('6');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect.poll(() => settings.getByRole('alert').textContent()).toContain('BACKUP_SETTINGS_CHANGED');
  expect((await serve.admin.get('/api/v1/backups/settings')).body.schedule).toBe('0 5 * * *');
  await expect
    .poll(() => page.getByRole('region', { name: 'Schedule and retention' }).textContent())
    .toContain('0 5 * * *');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect
    .poll(async () => (await serve.admin.get('/api/v1/backups/settings')).body.schedule)
    .toBe('30 4 * * MON');
  expect((await serve.admin.get('/api/v1/backups/settings')).body.retention).toContain('keep-daily=6');

  const refused = await serve.admin.put('/api/v1/backups/settings', {
    schedule: 'every tuesday',
    retention: 'keep-daily=5',
  });
  expect(refused.status).toBe(400);
  await settings.getByLabel(/^Schedule/).fill('every tuesday');
  await settings.getByRole('button', { name: 'Save settings' }).click();
  await expect.poll(() => settings.textContent()).toContain(refused.body.error.message);
  expect((await serve.admin.get('/api/v1/backups/settings')).body.schedule).toBe('30 4 * * MON');
});

test('the backups page and the restore dialog fit a phone: no horizontal page overflow', async () => {
  const phone = await recordedContext(browser, { width: 390, height: 844 });
  try {
    const { page } = phone;
    await signIn(page, serve.url);
    await page.goto(`${serve.url}/backups`);
    await page.getByRole('table', { name: 'Backups' }).getByText(backupId).waitFor();
    await page.getByRole('form', { name: 'Backup settings' }).waitFor();
    const overflow = async () =>
      Number(
        await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'),
      );
    expect(await overflow()).toBeLessThanOrEqual(0);
    await page.getByRole('button', { name: `Restore from ${backupId}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Restore' });
    await dialog.getByRole('button', { name: 'Preview restore' }).click();
    await dialog.getByRole('region', { name: 'Restore preview' }).waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
  } finally {
    await phone.context.close();
  }
});

test('the backups screens never receive a value: plans, manifests, progress and events name keys only', async () => {
  const received = await admin.received();
  expect(received.some((item) => item.url.endsWith('/api/v1/restore'))).toBe(true);
  for (const value of VALUES) {
    expect(received.filter((item) => item.body.includes(value)).map((item) => item.url)).toEqual([]);
  }
});

test('a server running with --no-backups says backups are off, not that something broke', async () => {
  const off = await startServe({ args: ['--no-backups'] });
  const { page, context } = await recordedContext(browser);
  try {
    await signIn(page, off.url);
    await page.goto(`${off.url}/backups`);
    await page.getByText('Backups are off on this server').waitFor();
    expect(await page.getByRole('main').textContent()).toContain('--no-backups');
    expect(await page.getByText('Something went wrong').count()).toBe(0);
  } finally {
    await context.close();
    await off.stop();
  }
});
