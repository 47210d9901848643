// The Templates screens in the real Chromium against a real `setpoint serve`: the built-in registry
// chart browsed (logo fallback, readme rendered, both flavors, every value), a directory made from the
// swift flavor through the form (a pattern violation shown as you type, then fixed; the password sealed
// and never received by the browser), and a directory's template upgraded 2.8.1 -> 2.8.2 after a
// preview.
import { execFileSync } from 'node:child_process';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser, recordedContext, screenshot, signIn } from '../support/browser.js';
import { tempFolder } from '../support/ports.js';
import { type ServeUnderTest, startServe } from '../support/serve.js';
import { repoRoot } from '../support/stores.js';

const swiftPassword = 'Sw1ft-web-form-passw0rd';
const authurlPattern = 'https?://[^\\s/?#@]+(/[^\\s]*)?';

let serve: ServeUnderTest;
let browser: Browser;

beforeAll(async () => {
  [serve, browser] = await Promise.all([startServe({ args: ['--no-backups'] }), launchBrowser()]);
  await serve.addRecipient('registry-agent');
  const made = await serve.admin.post('/api/v1/users', {
    name: 'viewer-tess',
    password: 'tess password for tests',
    grants: [{ role: 'viewer', prefix: '' }],
  });
  expect(made.status, made.text).toBe(201);
});
afterAll(async () => {
  await browser?.close();
  await serve?.stop();
});

test('the catalogue shows the built-in registry chart; its page renders each flavor readme and every value', async () => {
  const { page, context } = await recordedContext(browser);
  await signIn(page, serve.url);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Templates' }).click();
  const card = page.getByRole('article', { name: 'chart registry' });
  await card.waitFor();
  await expect.poll(() => card.textContent()).toContain('The Docker registry');
  for (const version of ['2.8.1', '2.8.2']) await card.getByText(version, { exact: true }).waitFor();
  for (const flavor of ['filesystem', 'swift']) await card.getByText(flavor, { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Import a folder…' }).waitFor();
  // The logo's address is outside what the content policy allows: the initials stand in for it.
  await card.getByText('RE', { exact: true }).waitFor();
  expect(await card.locator('img').count()).toBe(0);
  await screenshot(page, 'templates');

  await card.getByRole('link', { name: 'registry' }).click();
  await page.getByRole('heading', { level: 1, name: 'registry' }).waitFor();
  await expect.poll(() => page.getByRole('combobox', { name: 'Version' }).inputValue()).toBe('2.8.2');
  const readme = page.getByRole('region', { name: 'Readme of filesystem' });
  await readme.getByRole('heading').first().waitFor();
  expect(await readme.locator('h1, h2').count()).toBeGreaterThan(0);

  await page.getByRole('combobox', { name: 'Flavor' }).click();
  await page.getByRole('option', { name: 'swift' }).click();
  const swiftReadme = page.getByRole('region', { name: 'Readme of swift' });
  await expect.poll(() => swiftReadme.textContent()).toMatch(/Swift/);
  expect(new URL(page.url()).searchParams.get('flavor')).toBe('swift');

  // The tabs work from the keyboard: the arrow keys move between them.
  await page.getByRole('tab', { name: 'Readme' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect
    .poll(() => page.getByRole('tab', { name: 'Values' }).getAttribute('aria-selected'))
    .toBe('true');
  const values = page.getByRole('table', { name: 'Values of registry 2.8.2 (swift)' });
  const authurl = values.locator('tr[data-path="storage/swift/authurl"]');
  await authurl.waitFor();
  expect(await authurl.textContent()).toContain(authurlPattern);
  expect(await authurl.textContent()).toContain('OpenStack identity endpoint');
  expect(await values.locator('tr[data-path="storage/swift/password"]').textContent()).toContain('sensitive');
  await screenshot(page, 'template-values');
  await context.close();
});

test('a directory made from the swift flavor: a pattern violation shown as you type and fixed, the password sealed', async () => {
  const { page, context, received } = await recordedContext(browser);
  await signIn(page, serve.url);
  await page.goto(`${serve.url}/templates/registry?version=2.8.1&flavor=swift&tab=create`);
  const form = page.getByRole('form', { name: 'Create a directory from registry 2.8.1 (swift)' });
  await form.getByLabel('Directory name').fill('hack-web');
  await form.getByLabel('Recipients').fill('registry-agent');
  await form.getByLabel('Recipients').press('Enter');

  // Defaults and the flavor's values are filled in.
  await expect.poll(() => form.getByLabel('Container').inputValue()).toBe('docker-registry');

  const authurl = form.getByLabel('Auth URL');
  await authurl.fill('ftp://x');
  await expect.poll(() => authurl.getAttribute('aria-invalid')).toBe('true');
  const violation = form.getByText(`"ftp://x" does not match the pattern ${authurlPattern} (as a whole)`);
  await violation.waitFor();
  await form.getByLabel('User name').fill('demo:registry');
  await form.getByLabel(/^Password/).fill(swiftPassword);
  await screenshot(page, 'template-create');

  // Sending with a wrong value does not leave the browser: it names what needs attention.
  await form.getByRole('button', { name: 'Create directory' }).click();
  await form.getByRole('alert').getByText('Auth URL').waitFor();
  expect((await serve.admin.get('/api/v1/directories/hack-web/template')).status).toBe(404);

  await authurl.fill('https://swift.example.com/auth/v1.0');
  await violation.waitFor({ state: 'detached' });
  await expect.poll(() => authurl.getAttribute('aria-invalid')).not.toBe('true');

  await form.getByRole('button', { name: 'Preview' }).click();
  const preview = form.getByRole('table', { name: 'What creating hack-web will write' });
  await preview.locator('tr[data-change="added"]').first().waitFor();
  expect(await preview.textContent()).toContain('hack-web/storage/swift/authurl');

  // Enter in a field sends the form, as the Create directory button does.
  await form.getByLabel('Message').fill('hack-web from the catalogue');
  await form.getByLabel('Message').press('Enter');
  await page.waitForURL(`${serve.url}/directories/hack-web`);

  const template = await serve.admin.get('/api/v1/directories/hack-web/template');
  expect(template.status, template.text).toBe(200);
  expect(template.body.template).toEqual({ chart: 'registry', version: '2.8.1', flavor: 'swift' });
  const changes = await serve.admin.get('/api/v1/directories/hack-web/changes');
  expect(changes.body.changes[0]).toMatchObject({
    source: 'template',
    message: 'hack-web from the catalogue',
  });
  const authurlKey = await serve.admin.get('/api/v1/keys/hack-web/storage/swift/authurl');
  expect(authurlKey.body.value).toBe('https://swift.example.com/auth/v1.0');
  const password = await serve.admin.get('/api/v1/keys/hack-web/storage/swift/password');
  expect(password.body.sealed).toBe(true);
  expect(password.body.value).toBeUndefined();

  const everything = await received();
  expect(everything.length).toBeGreaterThan(0);
  for (const { url, body } of everything) expect(body.includes(swiftPassword), url).toBe(false);
  await context.close();
});

test("the server's refusal is shown in its words: a directory that follows a template already", async () => {
  const made = await serve.admin.post('/api/v1/directories/taken/template', {
    chart: 'registry',
    version: '2.8.2',
    flavor: 'filesystem',
    recipients: ['registry-agent'],
  });
  expect(made.status, made.text).toBe(200);
  const again = await serve.admin.post('/api/v1/directories/taken/template', {
    chart: 'registry',
    version: '2.8.2',
    flavor: 'filesystem',
  });
  expect(again.status).toBe(409);
  expect(again.body.error.code).toBe('DIRECTORY_HAS_TEMPLATE');

  const { page, context } = await recordedContext(browser);
  await signIn(page, serve.url);
  await page.goto(`${serve.url}/templates/registry?version=2.8.2&flavor=filesystem&tab=create`);
  const form = page.getByRole('form', { name: 'Create a directory from registry 2.8.2 (filesystem)' });
  await form.getByLabel('Directory name').fill('taken');
  await form.getByRole('button', { name: 'Create directory' }).click();
  const refusal = form.getByRole('alert').filter({ hasText: 'code DIRECTORY_HAS_TEMPLATE' });
  await refusal.waitFor();
  expect(await refusal.textContent()).toContain(again.body.error.message);
  expect(page.url()).toContain('/templates/registry');
  await context.close();
});

test('a directory not made from a template says so on its Template tab', async () => {
  expect((await serve.admin.put('/api/v1/keys/plain/http/addr', { value: ':5000' })).status).toBe(200);
  const { page, context } = await recordedContext(browser);
  await signIn(page, serve.url);
  await page.goto(`${serve.url}/directories/plain/template`);
  await page.getByText('plain was not made from a template').waitFor();
  await page.getByRole('link', { name: 'Browse the templates' }).click();
  await page.getByRole('article', { name: 'chart registry' }).waitFor();
  await context.close();
});

test('a viewer browses the catalogue but is told why they cannot create a directory', async () => {
  const { page, context } = await recordedContext(browser);
  await signIn(page, serve.url, 'viewer-tess', 'tess password for tests');
  await page.goto(`${serve.url}/templates`);
  await page.getByRole('article', { name: 'chart registry' }).waitFor();
  expect(await page.getByRole('button', { name: 'Import a folder…' }).count()).toBe(0);
  await page.goto(`${serve.url}/templates/registry?flavor=filesystem&tab=create`);
  const form = page.getByRole('form', { name: /Create a directory from registry/ });
  await form.getByLabel('Directory name').fill('mine');
  const create = form.getByRole('button', { name: 'Create directory' });
  await expect.poll(() => create.getAttribute('aria-disabled')).toBe('true');
  await create.hover();
  await page.getByText('publish needs the publisher role on mine/').waitFor();

  // The template of a directory they may read, but not its upgrade.
  await page.goto(`${serve.url}/directories/taken/template`);
  await page.getByRole('link', { name: 'registry 2.8.2' }).waitFor();
  const previewUpgrade = page.getByRole('button', { name: 'Preview upgrade' });
  expect(await previewUpgrade.getAttribute('aria-disabled')).toBe('true');
  await previewUpgrade.hover();
  await page.getByText('publish needs the publisher role on taken/').waitFor();
  await context.close();
});

test("a directory's template is upgraded 2.8.1 -> 2.8.2 after a preview that keeps what the user set", async () => {
  const made = await serve.admin.post('/api/v1/directories/hack-up/template', {
    chart: 'registry',
    version: '2.8.1',
    flavor: 'swift',
    set: [
      'storage.swift.username=demo:registry',
      `storage.swift.password=${swiftPassword}`,
      'log.level=debug',
    ],
    recipients: ['registry-agent'],
  });
  expect(made.status, made.text).toBe(200);
  const { page, context, received } = await recordedContext(browser);
  await signIn(page, serve.url);
  await page.goto(`${serve.url}/directories/hack-up/template`);
  await page.getByRole('link', { name: 'registry 2.8.1' }).waitFor();
  await page.getByRole('button', { name: 'Readme of registry 2.8.1 (swift)' }).click();
  await page.getByRole('region', { name: 'Readme of swift' }).getByRole('heading').first().waitFor();
  await expect
    .poll(() => page.getByRole('combobox', { name: 'Version to move to' }).inputValue())
    .toBe('2.8.2');
  const apply = page.getByRole('button', { name: 'Apply upgrade' });
  expect(await apply.getAttribute('aria-disabled')).toBe('true');

  await page.getByRole('button', { name: 'Preview upgrade' }).click();
  const defaults = page.getByRole('table', { name: 'Defaults that differ between the versions' });
  await defaults.locator('tr').nth(1).waitFor();
  const kept = page.getByRole('table', { name: 'Values kept as they are' });
  await expect.poll(() => kept.textContent()).toContain('log.level');
  expect(await kept.textContent()).toContain('storage.swift.password');
  await page.getByRole('table', { name: 'What the upgrade writes' }).waitFor();
  await screenshot(page, 'template-upgrade');

  await expect.poll(() => apply.getAttribute('aria-disabled')).toBe('false');
  await apply.click();
  await page.getByRole('status').filter({ hasText: 'Upgraded' }).waitFor();
  await page.getByRole('link', { name: 'registry 2.8.2' }).waitFor();

  const template = await serve.admin.get('/api/v1/directories/hack-up/template');
  expect(template.body.template.version).toBe('2.8.2');
  expect((await serve.admin.get('/api/v1/keys/hack-up/log/level')).body.value).toBe('debug');
  for (const { url, body } of await received()) expect(body.includes(swiftPassword), url).toBe(false);
  await context.close();
});

test('the chart page fits a phone: readme, values and form scroll inside their frames, not the page', async () => {
  const { page, context } = await recordedContext(browser, { width: 390, height: 844 });
  await signIn(page, serve.url);
  const pageWidth = () => page.evaluate<number>('document.documentElement.scrollWidth');
  await page.goto(`${serve.url}/templates`);
  await page.getByRole('article', { name: 'chart registry' }).waitFor();
  expect(await pageWidth()).toBeLessThanOrEqual(390);
  await page.goto(`${serve.url}/templates/registry?flavor=swift`);
  await page.getByRole('region', { name: 'Readme of swift' }).getByRole('heading').first().waitFor();
  expect(await pageWidth()).toBeLessThanOrEqual(390);
  await page.getByRole('tab', { name: 'Values' }).click();
  await page.getByRole('table', { name: /^Values of registry/ }).waitFor();
  expect(await pageWidth()).toBeLessThanOrEqual(390);
  await page.getByRole('tab', { name: 'Create a directory' }).click();
  await page.getByLabel('Auth URL').waitFor();
  expect(await pageWidth()).toBeLessThanOrEqual(390);
  await context.close();
});

/** A copy of the built-in registry repository named `name`, changed by `edit` (path -> new text). */
async function registryCopy(folder: string, name: string, edit: (path: string, text: string) => string) {
  const root = join(folder, name);
  await cp(join(repoRoot, 'catalog', 'registry'), root, { recursive: true });
  for (const path of [
    'metadata.json',
    'versions/2.8.2/swift-config.json',
    'versions/2.8.2/swift-readme.md',
  ]) {
    await writeFile(join(root, path), edit(path, await readFile(join(root, path), 'utf8')));
  }
  return root;
}

test('an admin imports a chart from a folder, and a broken .tar.gz is refused with every issue listed', async () => {
  const folder = await tempFolder('web-import');
  try {
    const renamed = (path: string, text: string) =>
      path === 'metadata.json'
        ? text.replaceAll('"registry"', '"registry-mirror"')
        : path.endsWith('readme.md')
          ? `${text}\n\n<b id="raw-html">raw HTML</b>\n\n<img src="x" onerror="document.title='ran'">\n`
          : text;
    const mirror = await registryCopy(folder.path, 'registry-mirror', renamed);
    const broken = await registryCopy(folder.path, 'registry-broken', (path, text) =>
      path === 'metadata.json'
        ? text.replaceAll('"registry"', '"registry-broken"')
        : text.replace('"[A-Za-z0-9._-]+"', '"(a+)+"'),
    );
    const archive = join(folder.path, 'registry-broken.tar.gz');
    execFileSync('tar', ['czf', archive, '-C', broken, '.']);

    const { page, context } = await recordedContext(browser);
    await signIn(page, serve.url);
    await page.goto(`${serve.url}/templates`);
    await page.getByLabel('Template repository folder').setInputFiles(mirror);
    await page.getByRole('status').filter({ hasText: 'Imported registry-mirror' }).waitFor();
    await page.getByRole('article', { name: 'chart registry-mirror' }).waitFor();
    expect((await serve.admin.get('/api/v1/catalog/registry-mirror')).status).toBe(200);
    // Raw HTML in an imported readme is left out, never rendered.
    await page.goto(`${serve.url}/templates/registry-mirror?version=2.8.2&flavor=swift`);
    const readme = page.getByRole('region', { name: 'Readme of swift' });
    await readme.getByRole('heading').first().waitFor();
    expect(await readme.locator('#raw-html, img').count()).toBe(0);
    expect(await page.title()).not.toBe('ran');
    await page.goto(`${serve.url}/templates`);

    await page.getByLabel('Template repository archive').setInputFiles(archive);
    const issues = page.getByRole('table', { name: 'Import issues' });
    await issues.waitFor();
    expect(await issues.textContent()).toContain('versions/2.8.2/swift-config.json');
    expect(await issues.textContent()).toContain('exponential time');
    await page.getByRole('alert').filter({ hasText: 'code CATALOG_INVALID' }).waitFor();
    expect((await serve.admin.get('/api/v1/catalog/registry-broken')).status).toBe(404);
    await context.close();
  } finally {
    await folder.remove();
  }
});
