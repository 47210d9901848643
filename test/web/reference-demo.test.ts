// The reference demo of MISSION.md in the browser: the registry runs in a podman container, its
// config.yml rendered by the agent from hack/, its storage in the all-in-one Swift. Its Swift
// password is wrong; someone signs in to the web UI, opens hack/, replaces the sealed password,
// publishes; the Agents page shows the registry's agent applied that revision and is healthy; a blob
// push to the registry then succeeds. Nothing the browser received, nor serve's log, nor etcd, holds
// the password in clear.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launchBrowser, recordedContext, screenshot, signIn } from '../support/browser.js';
import { runSetpointText } from '../support/cli.js';
import { type Podman, startPodman } from '../support/podman.js';
import { freePort, tempFolder } from '../support/ports.js';
import { type RunningProcess, startProcess } from '../support/process.js';
import {
  buildRegistryImage,
  containerState,
  pushBlob,
  type RegistryContainer,
  readBlob,
  registryConfig,
  startRegistryContainer,
} from '../support/registry.js';
import { type ServeUnderTest, startServe } from '../support/serve.js';
import { setpointCommand } from '../support/stores.js';
import { type Swift, startSwift } from '../support/swift.js';
import { waitFor } from '../support/wait.js';

const swiftKey = `r1ght-${randomBytes(12).toString('hex')}`;
const wrongPassword = `wr0ng-${randomBytes(12).toString('hex')}`;

let serve: ServeUnderTest;
let browser: Browser;
let podman: Podman;
let swift: Swift;
let folder: { path: string; remove: () => Promise<void> };
let image: string;
let registry: RegistryContainer | undefined;
let agent: RunningProcess | undefined;
let etcd: Etcd3 | undefined;

beforeAll(async () => {
  [serve, browser, podman, swift, folder] = await Promise.all([
    startServe({ args: ['--no-backups'] }),
    launchBrowser(),
    startPodman(),
    startSwift({ users: [{ user: 'demo:registry', key: swiftKey, admin: true }] }),
    tempFolder('web-reference-demo'),
  ]);
  image = await buildRegistryImage(podman);
});
afterAll(async () => {
  await agent?.stop();
  await registry?.stop();
  etcd?.close();
  await browser?.close();
  await Promise.all([serve?.stop(), podman?.stop(), swift?.stop()]);
  await folder?.remove();
});

interface AgentUnit {
  agent: string;
  unit: string;
  state: string;
  appliedRevision: number | null;
}

/** The registry agent's unit as GET /api/v1/agents shows it, once `check` holds. */
function untilUnit(check: (unit: AgentUnit) => boolean, what: string): Promise<AgentUnit> {
  return waitFor(
    async () => {
      const answer = await serve.admin.get<{ agents: AgentUnit[] }>('/api/v1/agents');
      const unit = answer.body.agents?.find((u) => u.agent === 'registry-host' && u.unit === 'hack');
      return unit !== undefined && check(unit) ? unit : undefined;
    },
    { what: `${what}\n--- agent output ---\n${agent?.output() ?? ''}`, timeoutMs: 90_000, intervalMs: 100 },
  );
}

test('sign in, replace hack/storage/swift/password as a sealed value, publish: the agent applies it and the registry takes a push', async () => {
  // hack/ as an operator would have set it up: the agent's public key registered and made the
  // directory's recipient, the registry's configuration imported, its Swift password wrong.
  execFileSync('/usr/bin/ssh-keygen', ['-q', '-t', 'rsa', '-b', '3072', '-N', '', '-f', 'id_rsa'], {
    cwd: folder.path,
  });
  const added = runSetpointText(
    ['keys', 'add', 'registry-agent', 'id_rsa.pub', '--endpoints', serve.etcdEndpoint],
    {
      cwd: folder.path,
    },
  );
  expect(added.status, added.stderr).toBe(0);
  const created = await serve.admin.post('/api/v1/directories', {
    name: 'hack',
    description: 'the registry on hack',
    recipients: ['registry-agent'],
  });
  expect(created.status, created.text).toBe(201);
  const port = await freePort();
  const document = registryConfig({
    port,
    debugPort: await freePort(),
    storage: {
      swift: { authurl: swift.authUrl, username: swift.user, password: 'x', container: 'registry' },
    },
  }).replace('    password: x\n', '');
  const imported = await serve.admin.post('/api/v1/directories/hack/import', {
    format: 'yaml',
    content: document,
  });
  expect(imported.status, imported.text).toBe(200);
  const wrong = await serve.admin.put('/api/v1/keys/hack/storage/swift/password', {
    value: wrongPassword,
    sensitive: true,
  });
  expect(wrong.status, wrong.text).toBe(200);

  // The registry's agent, started as the original watcher was; the registry cannot start yet.
  const configFile = join(folder.path, 'config.yml');
  const agentEnv = {
    ETCD_HOST: serve.etcdEndpoint,
    WATCH_ETCD_DIR: 'hack',
    CONFIG: configFile,
    PRIVATE_KEY: join(folder.path, 'id_rsa'),
    DOCKER_HOST: podman.dockerHost,
    AGENT_NAME: 'registry-host',
    AGENT_STATE_DIR: join(folder.path, 'agent-state'),
  };
  const once = runSetpointText(['agent', '--once'], { cwd: folder.path, env: agentEnv });
  expect(once.status, once.stderr).toBe(0);
  registry = await startRegistryContainer({ podman, image, configFile, name: 'registry', wait: false });
  const container = registry.name;
  await waitFor(async () => !(await containerState(podman, container)).running, {
    what: 'the registry to give up on the wrong password',
  });
  const [command, args] = setpointCommand(['agent']);
  agent = startProcess(command, args, { ...agentEnv, SERVE_CONTAINER: container });
  await untilUnit((unit) => unit.appliedRevision === wrong.body.revision, 'the agent to start on hack/');

  // In the browser: sign in, open hack/, replace the sealed password, publish with a message.
  const { page, context, received } = await recordedContext(browser);
  await signIn(page, serve.url);
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Directories' }).click();
  await page.getByRole('link', { name: 'hack/' }).click();
  await page.getByRole('button', { name: 'Replace hack/storage/swift/password' }).click();
  const replacement = page.getByLabel('New value of hack/storage/swift/password (replaces the sealed one)');
  await replacement.fill(swiftKey);
  await replacement.press('Enter');
  await page.getByRole('link', { name: 'Review & publish' }).click();
  await page.getByLabel('Message').fill('the right Swift password for the registry');
  await page.getByRole('button', { name: 'Publish' }).click();
  await page.getByRole('status').filter({ hasText: 'Published' }).waitFor();
  const published = await serve.admin.get('/api/v1/keys/hack/storage/swift/password');
  expect(published.body).toMatchObject({ sealed: true, setBy: { user: 'admin' } });
  const revision: number = published.body.modRevision;
  expect(revision).toBeGreaterThan(wrong.body.revision);

  // The Agents page shows the registry's agent applied that revision and is healthy, live.
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Agents' }).click();
  const row = page.getByRole('row', { name: 'registry-host hack' });
  await expect
    .poll(() => row.getByTestId('applied-revision').textContent(), { timeout: 90_000 })
    .toBe(String(revision));
  await expect.poll(() => row.getByTestId('state').textContent()).toBe('healthy');
  await screenshot(page, 'reference-demo-agents');

  // The registry restarted with the new file and takes a push.
  expect((await containerState(podman, container)).running).toBe(true);
  await registry.waitUntilAnswering();
  const blob = randomBytes(64 * 1024);
  const digest = await pushBlob(registry.url, 'demo/app', blob);
  expect((await readBlob(registry.url, 'demo/app', digest)).equals(blob)).toBe(true);

  // No password in clear in anything the browser received, serve's output, or etcd.
  const everything = await received();
  etcd = new Etcd3({ hosts: serve.etcdEndpoint });
  const stored = Object.values(await etcd.getAll().strings());
  for (const secret of [swiftKey, wrongPassword]) {
    for (const { url, body } of everything)
      expect(body.includes(secret), `${url} holds a password`).toBe(false);
    expect(serve.output()).not.toContain(secret);
    expect(stored.some((value) => value.includes(secret))).toBe(false);
  }
  await context.close();
}, 300_000);
