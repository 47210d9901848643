// The real Chromium from Debian, driven by playwright-core, for the web UI tests: a browser per test
// file, a context per user, everything the browser received kept for the secrecy scan, screenshots.
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { ADMIN_PASSWORD } from './api.js';
import { repoRoot } from './stores.js';

/** The flags ARCHITECTURE.md names for this machine's Chromium. */
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'];

/**
 * Launches /usr/bin/chromium (CHROMIUM_PATH overrides).
 *
 * @example
 * const browser = await launchBrowser();
 */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_FLAGS,
  });
}

/** A browser context (one user's cookies and storage) that keeps everything it received. */
export interface RecordedContext {
  readonly context: BrowserContext;
  readonly page: Page;
  /**
   * Every response body and server-sent event the context received so far (URL and text), once
   * the bodies being read are in.
   */
  received(): Promise<readonly Received[]>;
}

export interface Received {
  readonly url: string;
  readonly body: string;
}

/**
 * Opens a context at 1280x800 (or `viewport`) with one page, recording every response body and
 * every server-sent event frame (through the DevTools protocol: an event stream never ends, so
 * its body is never complete).
 *
 * @example
 * const { page, received } = await recordedContext(browser);
 */
export async function recordedContext(
  browser: Browser,
  viewport = { width: 1280, height: 800 },
): Promise<RecordedContext> {
  const context = await browser.newContext({ viewport });
  const bodies: Received[] = [];
  const pending = new Set<Promise<void>>();
  context.on('response', (response) => {
    if ((response.headers()['content-type'] ?? '').startsWith('text/event-stream')) return;
    const read: Promise<void> = response
      .body()
      .then((body) => {
        bodies.push({ url: response.url(), body: body.toString('utf8') });
      })
      // Redirects and aborted requests have no body.
      .catch(() => undefined)
      .finally(() => pending.delete(read));
    pending.add(read);
  });
  const page = await context.newPage();
  const devtools = await context.newCDPSession(page);
  devtools.on('Network.eventSourceMessageReceived', (event) => {
    bodies.push({ url: `event-stream:${event.eventName}`, body: event.data });
  });
  await devtools.send('Network.enable');
  return {
    context,
    page,
    async received() {
      await Promise.all([...pending]);
      return bodies;
    },
  };
}

/**
 * Signs in through the form as `user` (admin by default) and waits for the shell.
 *
 * @example
 * await signIn(page, serve.url);
 */
export async function signIn(
  page: Page,
  url: string,
  user = 'admin',
  password = ADMIN_PASSWORD,
): Promise<void> {
  await page.goto(url);
  await page.getByLabel('User name').fill(user);
  await page.getByLabel(/^Password/).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/**
 * Saves a screenshot of the page as NAME.png: into docs/screenshots (the README and docs/web show
 * them) when SETPOINT_SCREENSHOTS=1 (`npm run screenshots`), else into a temporary folder, so a test
 * run leaves the working tree as it was.
 *
 * @example
 * await screenshot(page, 'directory-keys');
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const folder =
    process.env.SETPOINT_SCREENSHOTS === '1'
      ? join(repoRoot, 'docs', 'screenshots')
      : join(tmpdir(), 'setpoint-screenshots');
  await mkdir(folder, { recursive: true });
  await page.screenshot({ path: join(folder, `${name}.png`) });
}
