// The Agents screens in the real Chromium against a real `setpoint serve` and real `setpoint agent`
// processes on its embedded etcd: an agent rendering a directory to a file shows healthy with its
// applied revision, a change published through the API moves that revision without a reload, an
// agent whose check command fails shows its last error, and a directory's Agents tab lists its agents.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser, recordedContext, screenshot, signIn } from '../support/browser.js';
import { tempFolder } from '../support/ports.js';
import { type RunningProcess, startProcess } from '../support/process.js';
import { type ServeUnderTest, startServe } from '../support/serve.js';
import { setpointCommand } from '../support/stores.js';
import { waitFor } from '../support/wait.js';

let serve: ServeUnderTest;
let browser: Browser;
let folder: { path: string; remove: () => Promise<void> };
const agents: RunningProcess[] = [];

async function put(key: string, value: string): Promise<number> {
  const answer = await serve.admin.put(`/api/v1/keys/${key}`, { value });
  expect(answer.status, answer.text).toBe(200);
  return answer.body.revision as number;
}

function startAgent(name: string, directory: string, env: NodeJS.ProcessEnv = {}): RunningProcess {
  const [command, args] = setpointCommand(['agent']);
  const running = startProcess(command, args, {
    ETCD_HOST: serve.etcdEndpoint,
    WATCH_ETCD_DIR: directory,
    CONFIG: join(folder.path, `${directory}.yml`),
    AGENT_NAME: name,
    AGENT_STATE_DIR: join(folder.path, `state-${name}`),
    AGENT_STATUS_TTL: '2s',
    DEBOUNCE_MIN: '0',
    DEBOUNCE_MAX: '0',
    ...env,
  });
  agents.push(running);
  return running;
}

/** The unit's status as the API lists it, once `check` holds. */
async function statusOf(agent: string, check: (unit: Record<string, unknown>) => boolean) {
  return waitFor(
    async () => {
      const { body } = await serve.admin.get('/api/v1/agents');
      const unit = (body.agents as Record<string, unknown>[]).find((candidate) => candidate.agent === agent);
      return unit !== undefined && check(unit) ? unit : undefined;
    },
    {
      what: `agent ${agent}'s status\n${agents.map((running) => running.output()).join('\n')}`,
      timeoutMs: 30_000,
    },
  );
}

let demoRevision: number;
let brokenAgent: RunningProcess;

beforeAll(async () => {
  [serve, browser, folder] = await Promise.all([
    startServe({ args: ['--no-backups'] }),
    launchBrowser(),
    tempFolder('web-agents'),
  ]);
  await put('demo/http/addr', ':5000');
  demoRevision = await put('demo/log/level', 'info');
  await put('broken/http/addr', ':5001');
  startAgent('web-agent', 'demo');
  brokenAgent = startAgent('web-agent-broken', 'broken', {
    CHECK_COMMAND: "echo 'the check refuses {file}' >&2; exit 3",
  });
  await statusOf('web-agent', (unit) => unit.appliedRevision === demoRevision && unit.state === 'healthy');
  await statusOf('web-agent-broken', (unit) => unit.state === 'failed');
});
afterAll(async () => {
  await Promise.all(agents.map((running) => running.stop()));
  await browser?.close();
  await serve?.stop();
  await folder?.remove();
});

test('a running agent shows healthy with its applied revision; a published change moves it without a reload', async () => {
  const { page, context } = await recordedContext(browser);
  await signIn(page, serve.url);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Agents' }).click();
  let loads = 0;
  page.on('load', () => {
    loads += 1;
  });
  const row = page.getByRole('row', { name: 'web-agent demo' });
  await row.waitFor();
  expect(await row.getByTestId('state').textContent()).toBe('healthy');
  await expect.poll(() => row.getByTestId('applied-revision').textContent()).toBe(String(demoRevision));
  await expect.poll(() => row.getByTestId('freshness').textContent()).toBe('up to date');

  const broken = page.getByRole('row', { name: 'web-agent-broken broken' });
  await broken.getByTestId('last-error').waitFor();
  await screenshot(page, 'agents');

  const published = await put('demo/log/level', 'debug');
  expect(published).toBeGreaterThan(demoRevision);
  await expect.poll(() => row.getByTestId('applied-revision').textContent()).toBe(String(published));
  await expect.poll(() => row.getByTestId('freshness').textContent()).toBe('up to date');
  expect(await readFile(join(folder.path, 'demo.yml'), 'utf8')).toContain('level: debug');
  expect(loads).toBe(0);
  await context.close();
});

test('an agent whose check command fails shows failed, behind, with its last error', async () => {
  const unit = await statusOf('web-agent-broken', (candidate) => candidate.lastError !== null);
  const { page, context } = await recordedContext(browser);
  await signIn(page, serve.url);
  await page.goto(`${serve.url}/agents`);
  const row = page.getByRole('row', { name: 'web-agent-broken broken' });
  await row.waitFor();
  expect(await row.getByTestId('state').textContent()).toBe('failed');
  await expect.poll(() => row.getByTestId('freshness').textContent()).toBe('behind');
  const error = await row.getByTestId('last-error').textContent();
  expect(error).toContain(unit.lastError as string);
  expect(error).toContain(`revision ${unit.failedRevision}`);
  await context.close();
});

test("a directory's Agents tab lists the agents following it and whether each applied its latest revision", async () => {
  const { page, context } = await recordedContext(browser);
  await signIn(page, serve.url);
  await page.goto(`${serve.url}/directories/demo/agents`);
  const table = page.getByRole('table', { name: 'Agents following demo' });
  const row = table.getByRole('row', { name: 'web-agent demo' });
  await row.waitFor();
  await expect.poll(() => row.getByTestId('freshness').textContent()).toBe('up to date');
  expect(await table.getByRole('row', { name: 'web-agent-broken broken' }).count()).toBe(0);
  await expect
    .poll(() => page.getByTestId('following-summary').textContent())
    .toMatch(/^The agent applied the latest revision, \d+$/);

  await page.goto(`${serve.url}/directories/broken/agents`);
  await expect
    .poll(() => page.getByTestId('following-summary').textContent())
    .toMatch(/^The agent has not applied the latest revision, \d+, yet$/);

  await page.goto(`${serve.url}/directories/nobody-follows/agents`);
  await page.getByText('No running agent follows nobody-follows.').waitFor();
  await context.close();
});

test('the Agents page fits a phone: the table scrolls inside its frame, not the page', async () => {
  const { page, context } = await recordedContext(browser, { width: 390, height: 844 });
  await signIn(page, serve.url);
  await page.goto(`${serve.url}/agents`);
  await page.getByRole('row', { name: 'web-agent demo' }).waitFor();
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  await context.close();
});

test('an agent that stops leaves the page at once, without a reload', async () => {
  const { page, context } = await recordedContext(browser);
  await signIn(page, serve.url);
  await page.goto(`${serve.url}/agents`);
  const row = page.getByRole('row', { name: 'web-agent-broken broken' });
  await row.waitFor();
  let loads = 0;
  page.on('load', () => {
    loads += 1;
  });
  await brokenAgent.stop();
  await row.waitFor({ state: 'detached' });
  await page.getByRole('row', { name: 'web-agent demo' }).waitFor();
  expect(loads).toBe(0);
  await context.close();
});
