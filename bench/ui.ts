// `bench ui`: the web UI in the real Chromium against a real `setpoint serve` — how long a directory
// of 10,000 keys takes to become interactive, how fast the search answers in it, and how long a
// change published in one browser takes to appear in another.

import { execFileSync } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, signIn } from '../test/support/browser.js';
import { type ServeUnderTest, startServe } from '../test/support/serve.js';
import { median } from './load/stats.js';
import { describeMachineBasics, type MachineBasics } from './machine.js';
import { readBenchOptions } from './read-options.js';
import { figure, table } from './text-table.js';

// ---------------------------------------------------------------------------------------------
// Options

interface UiBenchOptions {
  keys: number;
  /** Page loads measured (each a fresh page). */
  rounds: number;
  /** Changes published in browser 1 and watched in browser 2. */
  changes: number;
  json: boolean;
}

const INTERACTIVE_TARGET_MS = 1000;
const PROPAGATION_TARGET_MS = 300;
/** Keys per import: a change holds at most 120 keys. */
const KEYS_PER_IMPORT = 120;
const DIRECTORY = 'bench';
const WATCHED_KEY = `${DIRECTORY}/svc-0000/option-0000`;

const usage = `usage: bench ui [options]

Builds the web UI, starts 'setpoint serve' (embedded store) and the Chromium of this machine, puts
--keys keys in directory ${DIRECTORY}/ through the API (imports of ${KEYS_PER_IMPORT} keys), then measures:

  (a) directory interactive: from navigation start (performance.timeOrigin) of /directories/${DIRECTORY}
      to the moment the key table has rows and the search box is there and enabled (a
      MutationObserver in the page, performance.now()); then the search's answer, from the input
      event to the table showing the one matching key. Target: interactive < ${INTERACTIVE_TARGET_MS} ms.
  (b) live propagation: browser 1 (admin) edits ${WATCHED_KEY} in place and publishes it;
      browser 2 (another user, another context) shows the directory. From the moment the publish
      answer reaches browser 1's fetch to the moment browser 2's table shows the new value, both as
      performance.timeOrigin + performance.now() of one Chromium process (one clock).
      Target: < ${PROPAGATION_TARGET_MS} ms.

  --keys N       keys in the directory (default 10000)
  --rounds R     page loads measured for (a) (default 5)
  --changes C    changes published for (b) (default 10)
  --json         print the results as JSON
  --help         print this help`;

function wholeNumber(name: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`--${name} wants a whole number of at least ${min}, not "${text}"`);
  return value;
}

function parseOptions(argv: string[]): UiBenchOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      keys: { type: 'string' },
      rounds: { type: 'string' },
      changes: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return undefined;
  return {
    keys: wholeNumber('keys', values.keys, 10_000, 1),
    rounds: wholeNumber('rounds', values.rounds, 5, 1),
    changes: wholeNumber('changes', values.changes, 10, 1),
    json: values.json ?? false,
  };
}

// ---------------------------------------------------------------------------------------------
// In the page (plain scripts: the bench is compiled without the DOM's types)

/**
 * Installed before any script of every page: notes when the keys table is interactive, when a
 * publish answer arrives (wrapping fetch before the app's client takes it), and when a watched
 * row shows a watched text.
 */
const PAGE_PROBE = `
(() => {
  const probe = { interactiveAt: undefined, publishedAt: [], watch: undefined, seenAt: undefined };
  window.__setpointBench = probe;
  const searchBox = () => {
    for (const label of document.querySelectorAll('label')) {
      if (label.textContent === 'Search keys and values' && label.htmlFor) return document.getElementById(label.htmlFor);
    }
    return null;
  };
  probe.searchBox = searchBox;
  const look = () => {
    if (probe.interactiveAt === undefined && probe.watch === undefined) {
      const rows = document.querySelectorAll('table[aria-label="Keys of ${DIRECTORY}/"] tbody tr');
      const box = searchBox();
      if (rows.length > 0 && box !== null && !box.disabled) probe.interactiveAt = performance.now();
    }
    if (probe.watch !== undefined && probe.seenAt === undefined) {
      const row = document.querySelector(probe.watch.selector);
      if (row !== null && (row.textContent ?? '').includes(probe.watch.text))
        probe.seenAt = performance.timeOrigin + performance.now();
    }
  };
  new MutationObserver(look).observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
  const fetchBefore = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const response = await fetchBefore(input, init);
    const url = input instanceof Request ? input.url : String(input);
    if (url.endsWith('/publish') && response.ok) probe.publishedAt.push(performance.timeOrigin + performance.now());
    return response;
  };
})();
`;

/** Types `text` in the search box and answers how long until the table shows `rows` rows. */
const searchScript = (text: string, rows: number) => `
new Promise((resolve) => {
  const probe = window.__setpointBench;
  const box = probe.searchBox();
  const count = () => document.querySelectorAll('table[aria-label="Keys of ${DIRECTORY}/"] tbody tr').length;
  const start = performance.now();
  const observer = new MutationObserver(() => {
    if (count() === ${rows}) { observer.disconnect(); resolve(performance.now() - start); }
  });
  setTimeout(() => { observer.disconnect(); resolve(Number.NaN); }, 10000);
  observer.observe(document, { childList: true, subtree: true });
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
  setValue.call(box, ${JSON.stringify(text)});
  box.dispatchEvent(new Event('input', { bubbles: true }));
})`;

// ---------------------------------------------------------------------------------------------
// Measuring

interface Summary {
  median: number;
  min: number;
  max: number;
  samples: number[];
}

function summarise(samples: number[]): Summary {
  return { median: median(samples), min: Math.min(...samples), max: Math.max(...samples), samples };
}

interface UiBenchReport {
  benchmark: 'ui';
  machine: MachineBasics;
  options: UiBenchOptions;
  seconds: number;
  seedSeconds: number;
  /** GET /api/v1/keys/bench/ from Node, the answer's size and time (the page waits for it). */
  keysAnswer: { ms: Summary; bytes: number };
  interactive: Summary;
  keysResponseEnd: Summary;
  search: Summary;
  propagation: Summary;
  targets: { target: string; median: number; limit: number; result: 'PASS' | 'MISS' }[];
}

function buildUi(): string {
  const outDir = join(tmpdir(), `setpoint-bench-ui-${process.pid}`);
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules/vite/bin/vite.js'),
      'build',
      '--logLevel',
      'error',
      '--outDir',
      outDir,
      '--emptyOutDir',
    ],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return outDir;
}

/** Key `i` of the directory: folder and name (100 keys a folder). */
function keyPathOf(i: number): [string, string] {
  return [
    `svc-${String(Math.floor(i / 100)).padStart(4, '0')}`,
    `option-${String(i % 100).padStart(4, '0')}`,
  ];
}

async function seed(serve: ServeUnderTest, keys: number, log: (text: string) => void): Promise<void> {
  const made = await serve.admin.post('/api/v1/directories', { name: DIRECTORY, description: 'bench ui' });
  if (made.status !== 201) throw new Error(`cannot make directory ${DIRECTORY}: ${made.status} ${made.text}`);
  // 100 keys per folder: svc-0000/option-0000 ... svc-0099/option-0099 for 10,000.
  const paths = Array.from({ length: keys }, (_, i) => keyPathOf(i));
  for (let start = 0; start < paths.length; start += KEYS_PER_IMPORT) {
    const document: Record<string, Record<string, string>> = {};
    for (const [folder, name] of paths.slice(start, start + KEYS_PER_IMPORT)) {
      document[folder] ??= {};
      document[folder]![name] = `value of ${folder}/${name}`;
    }
    const imported = await serve.admin.post(`/api/v1/directories/${DIRECTORY}/import`, {
      format: 'json',
      content: JSON.stringify(document),
      message: `bench ui: keys ${start} to ${start + KEYS_PER_IMPORT - 1}`,
    });
    if (imported.status !== 200) throw new Error(`import failed: ${imported.status} ${imported.text}`);
    if (start % (KEYS_PER_IMPORT * 20) === 0)
      log(`  ${Math.min(start + KEYS_PER_IMPORT, keys)} / ${keys} keys`);
  }
}

/**
 * Waits until `expression` is true in the page, asking every 20 ms (the times measured are taken in
 * the page; this only notices them). page.waitForFunction would evaluate a string, which the UI's
 * content security policy refuses.
 */
async function waitInPage(page: Page, expression: string, timeoutMs = 60_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await page.evaluate<boolean>(`Boolean(${expression})`))) {
    if (performance.now() > deadline) throw new Error(`waited ${timeoutMs} ms in vain for ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function signedInContext(browser: Browser, url: string, user?: string, password?: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(PAGE_PROBE);
  const page = await context.newPage();
  await signIn(page, url, user, password);
  return { context, page };
}

/** The path of the last key `seed` puts: the search looks for it. */
function lastKeyPath(keys: number): string {
  const [folder, name] = keyPathOf(keys - 1);
  return `${folder}/${name}`;
}

async function measureInteractive(
  context: BrowserContext,
  url: string,
  keys: number,
  rounds: number,
  log: (text: string) => void,
): Promise<{ interactive: number[]; responseEnd: number[]; search: number[] }> {
  const interactive: number[] = [];
  const responseEnd: number[] = [];
  const search: number[] = [];
  // One unmeasured load first: the first visit also loads the scripts; a user opening a directory
  // has the app loaded already (the measured loads still parse and run it: a full navigation).
  for (let round = -1; round < rounds; round += 1) {
    const page = await context.newPage();
    await page.goto(`${url}/directories/${DIRECTORY}`);
    await waitInPage(page, 'window.__setpointBench.interactiveAt !== undefined');
    const at = await page.evaluate<number>('window.__setpointBench.interactiveAt');
    const keysEnd = await page.evaluate<number>(
      `performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/v1/keys/${DIRECTORY}/')).map((e) => e.responseEnd)[0] ?? NaN`,
    );
    const searched = await page.evaluate<number>(searchScript(lastKeyPath(keys), 1));
    if (round >= 0) {
      interactive.push(at);
      responseEnd.push(keysEnd);
      search.push(searched);
      log(
        `  load ${round + 1}: interactive ${figure(at)} ms (keys answer in at ${figure(keysEnd)} ms), search ${figure(searched)} ms`,
      );
    }
    await page.close();
  }
  return { interactive, responseEnd, search };
}

async function measurePropagation(
  publisher: Page,
  watcher: Page,
  url: string,
  changes: number,
  log: (text: string) => void,
): Promise<number[]> {
  const samples: number[] = [];
  const rowSelector = `tr[data-key="${WATCHED_KEY}"]`;
  await publisher.goto(`${url}/directories/${DIRECTORY}`);
  await watcher.goto(`${url}/directories/${DIRECTORY}`);
  await watcher.locator(rowSelector).waitFor({ timeout: 60_000 });
  for (let round = 0; round < changes; round += 1) {
    const value = `published ${Date.now()} #${round}`;
    await publisher.getByRole('button', { name: `Edit ${WATCHED_KEY}` }).click();
    const input = publisher.getByLabel(`New value of ${WATCHED_KEY}`);
    await input.fill(value);
    await input.press('Enter');
    await publisher.getByRole('link', { name: 'Review & publish' }).click();
    await publisher.getByRole('table', { name: 'What publishing will do' }).waitFor();
    await watcher.evaluate(
      `(() => { const p = window.__setpointBench; p.seenAt = undefined; p.watch = ${JSON.stringify({ selector: rowSelector, text: value })}; })()`,
    );
    const published = await publisher.evaluate<number>('window.__setpointBench.publishedAt.length');
    await publisher.getByRole('button', { name: 'Publish' }).click();
    await waitInPage(publisher, `window.__setpointBench.publishedAt.length > ${published}`);
    await waitInPage(watcher, 'window.__setpointBench.seenAt !== undefined', 30_000);
    const publishedAt = await publisher.evaluate<number>('window.__setpointBench.publishedAt.at(-1)');
    const seenAt = await watcher.evaluate<number>('window.__setpointBench.seenAt');
    samples.push(seenAt - publishedAt);
    log(
      `  change ${round + 1}: seen in browser 2 ${figure(seenAt - publishedAt)} ms after the publish answer`,
    );
    await publisher.getByRole('tab', { name: 'Keys' }).click();
    // The next edit starts from the value published (else it is staged on the old revision).
    await publisher.locator(rowSelector).filter({ hasText: value }).waitFor();
  }
  return samples;
}

async function timeKeysAnswer(serve: ServeUnderTest): Promise<{ ms: number[]; bytes: number }> {
  const ms: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 5; i += 1) {
    const start = performance.now();
    const answer = await serve.admin.get(`/api/v1/keys/${DIRECTORY}/`);
    ms.push(performance.now() - start);
    bytes = answer.text.length;
  }
  return { ms, bytes };
}

function formatReport(report: UiBenchReport): string {
  const row = (name: string, s: Summary) => [
    name,
    figure(s.median),
    figure(s.min),
    figure(s.max),
    String(s.samples.length),
  ];
  const m = report.machine;
  return [
    `bench ui — ${report.options.keys} keys in ${DIRECTORY}/, ${m.cores} cores (${m.cpuModel}), node ${m.node}, load ${m.loadAverage.map((l) => l.toFixed(2)).join(' ')}`,
    `seeded in ${figure(report.seedSeconds)} s; GET /api/v1/keys/${DIRECTORY}/ answers ${(report.keysAnswer.bytes / 1024).toFixed(0)} KiB`,
    '',
    table(
      ['figure (ms)', 'median', 'min', 'max', 'runs'],
      [
        row('(a) navigation start -> key table interactive', report.interactive),
        row('    of which: keys answer received (responseEnd)', report.keysResponseEnd),
        row(`    GET /api/v1/keys/${DIRECTORY}/ from Node`, report.keysAnswer.ms),
        row('    search typed -> table filtered', report.search),
        row('(b) publish answered (browser 1) -> shown (browser 2)', report.propagation),
      ],
    ),
    '',
    table(
      ['target', 'median', 'limit', 'result'],
      report.targets.map((t) => [t.target, `${figure(t.median)} ms`, `${t.limit} ms`, t.result]),
    ),
    '',
    `${figure(report.seconds)} s in all`,
  ].join('\n');
}

export async function run(argv: string[]): Promise<number> {
  const read = readBenchOptions(argv, parseOptions, usage);
  if ('exit' in read) return read.exit;
  const { options } = read;
  const log = (text: string) => {
    if (!options.json) process.stderr.write(`${text}\n`);
  };
  const started = performance.now();
  log('building the web UI');
  const webDir = buildUi();
  let serve: ServeUnderTest | undefined;
  let browser: Browser | undefined;
  try {
    [serve, browser] = await Promise.all([
      startServe({ args: ['--no-backups'], env: { SETPOINT_WEB_DIR: webDir, SETPOINT_LOG_LEVEL: 'error' } }),
      launchBrowser(),
    ]);
    const watcherUser = await serve.admin.post('/api/v1/users', {
      name: 'watcher',
      password: 'watcher password for the bench',
      grants: [{ role: 'viewer', prefix: `${DIRECTORY}/` }],
    });
    if (watcherUser.status !== 201) throw new Error(`cannot make the watcher: ${watcherUser.text}`);
    log(`putting ${options.keys} keys in ${DIRECTORY}/`);
    const seedStart = performance.now();
    await seed(serve, options.keys, log);
    const seedSeconds = (performance.now() - seedStart) / 1000;
    const keysAnswer = await timeKeysAnswer(serve);

    log('(a) opening the directory');
    const first = await signedInContext(browser, serve.url);
    const loads = await measureInteractive(first.context, serve.url, options.keys, options.rounds, log);

    log('(b) publishing in browser 1, watching in browser 2');
    const second = await signedInContext(browser, serve.url, 'watcher', 'watcher password for the bench');
    const propagation = await measurePropagation(first.page, second.page, serve.url, options.changes, log);

    const interactive = summarise(loads.interactive);
    const propagated = summarise(propagation);
    const verdict = (value: number, limit: number) => (value < limit ? 'PASS' : 'MISS') as 'PASS' | 'MISS';
    const report: UiBenchReport = {
      benchmark: 'ui',
      machine: describeMachineBasics(),
      options,
      seconds: (performance.now() - started) / 1000,
      seedSeconds,
      keysAnswer: { ms: summarise(keysAnswer.ms), bytes: keysAnswer.bytes },
      interactive,
      keysResponseEnd: summarise(loads.responseEnd),
      search: summarise(loads.search),
      propagation: propagated,
      targets: [
        {
          target: `directory of ${options.keys} keys interactive`,
          median: interactive.median,
          limit: INTERACTIVE_TARGET_MS,
          result: verdict(interactive.median, INTERACTIVE_TARGET_MS),
        },
        {
          target: 'change in browser 1 shown in browser 2',
          median: propagated.median,
          limit: PROPAGATION_TARGET_MS,
          result: verdict(propagated.median, PROPAGATION_TARGET_MS),
        },
      ],
    };
    console.log(options.json ? JSON.stringify(report, null, 2) : formatReport(report));
    // A benchmark informs; a missed target is reported, not an error.
    return 0;
  } catch (error) {
    console.error(`bench ui could not measure: ${(error as Error).message}`);
    if (serve !== undefined) console.error(serve.output().slice(-4000));
    return 1;
  } finally {
    await browser?.close();
    await serve?.stop();
    await rm(webDir, { recursive: true, force: true });
  }
}
