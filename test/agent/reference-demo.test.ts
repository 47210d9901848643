// The reference demo of MISSION.md, for real: the distribution registry in a podman container,
// its config.yml bind-mounted alone and rendered by the agent from etcd directory `hack/`, its
// storage in the all-in-one Swift. The agent is started with the original environment variables.
// The Swift password in etcd is first wrong (the registry cannot start, a push fails); the sealed
// right one is put; the agent restarts the container and a blob pushes and reads back. Then a
// change that breaks the registry is rolled back on its own.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { UnitStatus } from '../../src/agent/index.js';
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
  registryConfigPath,
  startRegistryContainer,
} from '../support/registry.js';
import { type StoreUnderTest, setpointCommand, startStore } from '../support/stores.js';
import { type Swift, startSwift } from '../support/swift.js';
import { waitFor } from '../support/wait.js';

const swiftKey = `r1ght-${randomBytes(12).toString('hex')}`;
const wrongPassword = 'wr0ng-Sw1ft-passw0rd';
const brokenPassword = 'br0ken-Sw1ft-passw0rd';

let podman: Podman;
let swift: Swift;
let store: StoreUnderTest;
let etcd: Etcd3;
let folder: { path: string; remove: () => Promise<void> };
let image: string;
let registry: RegistryContainer | undefined;
let agent: RunningProcess | undefined;
const printed: string[] = [];

beforeAll(async () => {
  [podman, swift, store, folder] = await Promise.all([
    startPodman(),
    startSwift({ users: [{ user: 'demo:registry', key: swiftKey, admin: true }] }),
    startStore('setpoint'),
    tempFolder('reference-demo'),
  ]);
  image = await buildRegistryImage(podman);
  etcd = new Etcd3({ hosts: store.endpoint });
});
afterAll(async () => {
  await agent?.stop();
  await registry?.stop();
  etcd?.close();
  await Promise.all([podman?.stop(), swift?.stop(), store?.destroy()]);
  await folder?.remove();
});

function setpoint(args: string[], input?: string, env?: NodeJS.ProcessEnv) {
  const run = runSetpointText([...args], { cwd: folder.path, input, env });
  printed.push(run.stdout, run.stderr);
  expect(run.status, `setpoint ${args.join(' ')}\n${run.stderr}`).toBe(0);
  return run;
}

async function agentStatus(): Promise<UnitStatus | undefined> {
  const text = await etcd.get('_setpoint/agents/registry-host/hack').string();
  return text === null ? undefined : (JSON.parse(text) as UnitStatus);
}

function untilStatus(check: (s: UnitStatus) => boolean, what: string): Promise<UnitStatus> {
  return waitFor(
    async () => {
      const status = await agentStatus();
      return status !== undefined && check(status) ? status : undefined;
    },
    { what: `${what}\n--- agent output ---\n${agent?.output() ?? ''}`, timeoutMs: 60_000, intervalMs: 100 },
  );
}

async function putSecret(password: string): Promise<number> {
  const { stdout } = setpoint(
    ['put', 'hack/storage/swift/password', '--secret', '--json', '--endpoints', store.endpoint],
    password,
  );
  return (JSON.parse(stdout) as { revision: number }).revision;
}

test('the agent renders hack/ into the registry config, restarts it on a new password, and rolls back a bad change', async () => {
  const configFile = join(folder.path, 'config.yml');
  const port = await freePort();
  const debugPort = await freePort();

  // The agent's key, as the original agent was given one: an id_rsa from ssh-keygen.
  execFileSync('/usr/bin/ssh-keygen', ['-q', '-t', 'rsa', '-b', '3072', '-N', '', '-f', 'id_rsa'], {
    cwd: folder.path,
  });
  setpoint(['keys', 'add', 'registry-agent', 'id_rsa.pub', '--endpoints', store.endpoint]);
  setpoint(['keys', 'use', 'hack', 'registry-agent', '--endpoints', store.endpoint]);

  // hack/ holds the registry's configuration, its Swift password sealed (and first wrong).
  const document = registryConfig({
    port,
    debugPort,
    storage: {
      swift: { authurl: swift.authUrl, username: swift.user, password: 'placeholder', container: 'registry' },
    },
  });
  await writeFile(join(folder.path, 'registry.yml'), document.replace('    password: placeholder\n', ''));
  setpoint(['import', 'hack', 'registry.yml', '--endpoints', store.endpoint]);
  const wrongRevision = await putSecret(wrongPassword);
  expect(await etcd.get('hack/storage/swift/password').string()).toMatch(/^setpoint:sealed:v1:/);

  const agentEnv = {
    ETCD_HOST: store.endpoint,
    WATCH_ETCD_DIR: 'hack',
    CONFIG: configFile,
    PRIVATE_KEY: join(folder.path, 'id_rsa'),
    DOCKER_HOST: podman.dockerHost,
    AGENT_NAME: 'registry-host',
    AGENT_STATE_DIR: join(folder.path, 'agent-state'),
  };
  // The file the registry is deployed with: rendered once from hack/, as an init step would.
  setpoint(['agent', '--once'], undefined, agentEnv);
  expect(await readFile(configFile, 'utf8')).toContain(`password: ${wrongPassword}`);

  registry = await startRegistryContainer({ podman, image, configFile, name: 'registry', wait: false });
  // The container bind-mounts the file alone, which holds its inode: every change after this must
  // rewrite that inode (a rename would leave the container the old file until it is re-created).
  const inode = (await stat(configFile)).ino;
  const container = registry.name;
  await waitFor(async () => !(await containerState(podman, container)).running, {
    what: 'the registry to give up on the wrong password',
  });
  await expect(pushBlob(registry.url, 'demo/app', Buffer.from('refused'))).rejects.toThrow();

  // The agent, started as the original: the file already holds what hack/ renders, so nothing restarts.
  const [command, args] = setpointCommand(['agent']);
  agent = startProcess(command, args, {
    ...agentEnv,
    SERVE_CONTAINER: container,
    SETPOINT_LOG_LEVEL: 'debug',
  });
  await untilStatus((s) => s.appliedRevision === wrongRevision, 'the agent to find the file in place');
  const before = await containerState(podman, container);
  expect(before.running).toBe(false);

  // Someone publishes the right password, sealed.
  const rightRevision = await putSecret(swiftKey);
  const applied = await untilStatus((s) => s.appliedRevision === rightRevision, 'the new password applied');
  expect(applied).toMatchObject({ state: 'healthy', failedRevision: null, directory: 'hack' });
  const after = await containerState(podman, container);
  expect(after.running).toBe(true);
  expect(after.startedAt).not.toBe(before.startedAt);
  // The container sees the new file through its single-file bind mount, the same inode.
  expect((await stat(configFile)).ino).toBe(inode);
  const inside = (await podman.run(['exec', container, 'cat', registryConfigPath])).stdout;
  expect(inside).toBe(await readFile(configFile, 'utf8'));
  await registry.waitUntilAnswering();
  const blob = randomBytes(256 * 1024);
  const digest = await pushBlob(registry.url, 'demo/app', blob);
  expect((await readBlob(registry.url, 'demo/app', digest)).equals(blob)).toBe(true);

  // A change that breaks the registry (it cannot start) is rolled back by the agent on its own.
  const goodFile = await readFile(configFile, 'utf8');
  const startedBeforeBreak = (await containerState(podman, container)).startedAt;
  const brokenRevision = await putSecret(brokenPassword);
  const failed = await untilStatus((s) => s.failedRevision === brokenRevision, 'the rollback');
  expect(failed).toMatchObject({ state: 'failed', appliedRevision: rightRevision, rolledBack: true });
  expect(failed.lastError).toMatch(/health check failed: container 'registry' stopped with exit code 2/);
  expect(await readFile(configFile, 'utf8')).toBe(goodFile);
  expect((await stat(configFile)).ino).toBe(inode);
  expect((await podman.run(['exec', container, 'cat', registryConfigPath])).stdout).toBe(goodFile);
  const afterRollback = await containerState(podman, container);
  expect(afterRollback.running).toBe(true);
  expect(afterRollback.startedAt).not.toBe(startedBeforeBreak);
  await registry.waitUntilAnswering();
  expect((await readBlob(registry.url, 'demo/app', digest)).equals(blob)).toBe(true);

  // The agent restarted: the file is as it should be, so the registry is not restarted, and the
  // failed revision is not tried again.
  const startedBeforeAgentRestart = (await containerState(podman, container)).startedAt;
  await agent.stop();
  printed.push(agent.output());
  await etcd.delete().key('_setpoint/agents/registry-host/hack').exec();
  agent = startProcess(command, args, {
    ...agentEnv,
    SERVE_CONTAINER: container,
    SETPOINT_LOG_LEVEL: 'debug',
  });
  const restarted = await untilStatus(
    (s) => s.pid === agent?.child.pid && s.state === 'failed',
    'the restarted agent',
  );
  expect(restarted).toMatchObject({ appliedRevision: rightRevision, failedRevision: brokenRevision });
  expect((await containerState(podman, container)).startedAt).toBe(startedBeforeAgentRestart);

  // No password in clear anywhere but the rendered file: not in etcd, the agent's logs and state,
  // nor anything the CLI printed.
  const everything = [
    agent.output(),
    ...printed,
    ...Object.values(await etcd.getAll().strings()),
    ...(await Promise.all(
      (
        await readdir(agentEnv.AGENT_STATE_DIR)
      ).map((name) => readFile(join(agentEnv.AGENT_STATE_DIR, name), 'utf8')),
    )),
  ].join('\n');
  for (const secret of [wrongPassword, brokenPassword, swiftKey]) expect(everything).not.toContain(secret);
});
