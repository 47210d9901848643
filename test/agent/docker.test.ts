// The agent's container actions and Docker health gate against a real engine (podman's Docker API,
// no systemd, no Docker daemon): a config file bind-mounted alone into a running container sees
// every change without a restart, a reload signal reaches the container's process, and a change
// that makes the container's health check fail is rolled back.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Etcd3 } from 'etcd3';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { settingsFromEnvironment, startAgent, type UnitStatus } from '../../src/agent/index.js';
import { importProgramsImage, type Podman, startPodman } from '../support/podman.js';
import { tempFolder } from '../support/ports.js';
import { inspectContainerState } from '../support/registry.js';
import { type StoreUnderTest, startStore } from '../support/stores.js';
import { waitFor } from '../support/wait.js';
import { type AgentUnderTest, startTestAgent } from './agent-harness.js';

/** Where the service reads its config inside the container (bind-mounted alone from the host). */
const configInside = '/etc/app/app.yml';

// A service that loads its config at start and again on SIGHUP (as nginx or the registry's
// proxies do): it copies the file to /tmp/loaded.yml, what it "runs with", and notes each load in
// /tmp/loads. The shell waits on a background sleep so that the trap runs as soon as a signal comes.
const serviceScript = `
load() { cp ${configInside} /tmp/loaded.yml; echo "$1" >> /tmp/loads; }
trap 'load hup' HUP
trap 'exit 0' TERM
load start
sleep infinity &
while :; do wait $!; done
`;
/** The container's health check: the config the service runs with says `mode: serve`. */
const healthCommand = "grep -q '^mode: serve$' /tmp/loaded.yml";

let podman: Podman;
let store: StoreUnderTest;
let etcd: Etcd3;
let image: string;
let folder: { path: string; remove: () => Promise<void> } | undefined;
const running: Array<{ stop(): Promise<void> }> = [];

beforeAll(async () => {
  [podman, store] = await Promise.all([startPodman(), startStore('setpoint')]);
  etcd = new Etcd3({ hosts: store.endpoint });
  image = await importProgramsImage(podman, {
    name: 'localhost/a1-setpoint-reloading-service:latest',
    programs: ['/usr/bin/sh', '/usr/bin/cat', '/usr/bin/cp', '/usr/bin/grep', '/usr/bin/sleep'],
    folders: ['/etc/app'],
    files: [['/service.sh', serviceScript]],
    changes: ['CMD ["/usr/bin/sh", "/service.sh"]'],
  });
});
afterEach(async () => {
  for (const started of running.splice(0).reverse()) await started.stop();
  await folder?.remove();
  folder = undefined;
});
afterAll(async () => {
  etcd?.close();
  await Promise.all([podman?.stop(), store?.destroy()]);
});

/** Runs the service in a container named `name`, with `configFile` bind-mounted alone at /etc/app/app.yml. */
async function startService(name: string, configFile: string, healthCheck: boolean): Promise<void> {
  await podman.run([
    'run',
    '--detach',
    '--name',
    name,
    '--network',
    'none',
    ...podman.ulimitFlags,
    '--volume',
    `${configFile}:${configInside}`,
    ...(healthCheck
      ? ['--health-cmd', healthCommand, '--health-retries', '2', '--health-interval', '30s']
      : []),
    image,
  ]);
  running.push({ stop: async () => void (await podman.run(['rm', '--force', '--time', '0', name])) });
  await waitFor(async () => (await inside(name, '/tmp/loads').catch(() => '')) !== '', {
    what: `container ${name} to load its config`,
  });
}

async function inside(name: string, file: string): Promise<string> {
  return (await podman.run(['exec', name, 'cat', file])).stdout;
}

interface InspectedState {
  StartedAt: string;
  Running: boolean;
  Health?: { Status: string; Log: Array<{ Start: string; ExitCode: number }> | null };
}

function containerState(name: string): Promise<InspectedState> {
  return inspectContainerState<InspectedState>(podman, name);
}

async function put(directory: string, values: Record<string, string>): Promise<number> {
  let revision = 0;
  for (const [key, value] of Object.entries(values)) {
    revision = Number((await etcd.put(`${directory}/${key}`).value(value).exec()).header.revision);
  }
  return revision;
}

async function inode(file: string): Promise<number> {
  return (await stat(file)).ino;
}

test('signal-container (RELOAD_SIGNAL): the running container reads the new file through its single-file bind mount, gets the signal, and is not restarted', async () => {
  folder = await tempFolder('a1-docker');
  const configFile = join(folder.path, 'app.yml');
  const name = 'a1-reload-signal';
  const first = await put('a1reload', { mode: 'serve', workers: '2' });
  // The file as the agent renders a1reload/, in place before the container starts.
  await writeFile(configFile, 'mode: serve\nworkers: 2\n');
  await startService(name, configFile, false);
  const inodeBefore = await inode(configFile);

  // Started as the original watcher: environment variables only.
  const settings = settingsFromEnvironment({
    ETCD_HOST: store.endpoint,
    WATCH_ETCD_DIR: 'a1reload',
    CONFIG: configFile,
    SERVE_CONTAINER: name,
    RELOAD_SIGNAL: 'SIGHUP',
    DOCKER_HOST: podman.dockerHost,
    AGENT_NAME: 'a1-docker-test',
    AGENT_STATE_DIR: join(folder.path, 'state'),
    DEBOUNCE_MIN: '0ms',
    DEBOUNCE_MAX: '0ms',
  });
  expect(settings.units[0]?.action).toEqual({ type: 'signal-container', container: name, signal: 'SIGHUP' });
  const agent = await startAgent(
    settings,
    pino({ level: 'silent' }, new Writable({ write: (_c, _e, done) => done() })),
  );
  running.push(agent);
  const status = () => agent.statuses()[0]!;
  const until = (check: (s: UnitStatus) => boolean, what: string) =>
    waitFor(() => (check(status()) ? status() : undefined), { what: `${what}: ${JSON.stringify(status())}` });
  await until((s) => s.appliedRevision === first, 'the agent to find the file in place');
  const startedAt = (await containerState(name)).StartedAt;
  expect(await inside(name, '/tmp/loads')).toBe('start\n');

  const second = await put('a1reload', { workers: '8' });
  await until((s) => s.appliedRevision === second, 'the change applied');
  expect(status()).toMatchObject({ state: 'healthy', failedRevision: null });
  const written = await readFile(configFile, 'utf8');
  expect(written).toBe('mode: serve\nworkers: 8\n');
  // Written in place: the same inode, so the bind mount (which holds the inode, not the path)
  // shows the new bytes inside the running container; a rename would leave it the old file.
  expect(await inode(configFile)).toBe(inodeBefore);
  expect(await inside(name, configInside)).toBe(written);
  // The process got SIGHUP and reloaded the new file, and the container was not restarted.
  expect(await inside(name, '/tmp/loads')).toBe('start\nhup\n');
  expect(await inside(name, '/tmp/loaded.yml')).toBe(written);
  const after = await containerState(name);
  expect(after.Running).toBe(true);
  expect(after.StartedAt).toBe(startedAt);
});

test('the Docker health gate on podman: the container becomes healthy after a change, and a change that makes it unhealthy is rolled back, with and without a restart', async () => {
  folder = await tempFolder('a1-docker');
  const cases = [
    { name: 'a1-health-restart', action: { type: 'restart-container', timeout: '1s' }, loads: 'start' },
    { name: 'a1-health-signal', action: { type: 'signal-container', signal: 'SIGHUP' }, loads: 'hup' },
  ];
  for (const { name, action, loads } of cases) {
    const directory = name.replaceAll('-', '');
    const file = join(folder.path, `${name}.yml`);
    const first = await put(directory, { mode: 'serve' });
    await writeFile(file, 'mode: serve\n');
    await startService(name, file, true);
    // Podman without systemd never runs a container's health check on its own (it schedules them
    // as systemd timers, and says "unable to get systemd connection to add healthchecks"): the
    // container stays "starting" until someone runs the check. The agent's gate does, on podman.
    expect((await containerState(name)).Health).toMatchObject({ Status: 'starting', Log: null });
    const agent: AgentUnderTest = await startTestAgent({
      folder: folder.path,
      endpoints: store.endpoint,
      directory,
      file: `${name}.yml`,
      agent: { name: `a1-${name}`, docker: podman.dockerHost, stateDir: join(folder.path, `state-${name}`) },
      unit: {
        name,
        action: { ...action, container: name },
        health: { type: 'docker', settle: '500ms', timeout: '30s', interval: '100ms' },
      },
    });
    running.push(agent);
    await agent.until((s) => s.appliedRevision === first, `${name}: the agent to find the file in place`);
    const startedAt = (await containerState(name)).StartedAt;
    const inodeBefore = await inode(file);

    const good = await put(directory, { level: '2' });
    await agent.until((s) => s.appliedRevision === good, `${name}: the change applied`);
    expect(agent.status()).toMatchObject({ state: 'healthy', failedRevision: null });
    const healthy = await containerState(name);
    expect(healthy.Health?.Status).toBe('healthy');
    expect(healthy.Health?.Log?.at(-1)?.ExitCode).toBe(0);
    const goodFile = await readFile(file, 'utf8');
    expect(goodFile).toBe('mode: serve\nlevel: 2\n');

    const broken = await put(directory, { mode: 'maintenance' });
    const failed = await agent.until((s) => s.failedRevision === broken, `${name}: the rollback`);
    expect(failed).toMatchObject({ state: 'failed', appliedRevision: good, rolledBack: true });
    expect(failed.lastError).toBe(
      `unit '${name}': health check failed: container '${name}' is unhealthy: its last health check exited with 1`,
    );
    expect(await readFile(file, 'utf8')).toBe(goodFile);
    expect(await inode(file)).toBe(inodeBefore);
    expect(await inside(name, configInside)).toBe(goodFile);
    expect(await inside(name, '/tmp/loaded.yml')).toBe(goodFile);
    const after = await containerState(name);
    expect(after.Health?.Status).toBe('healthy');
    // Loaded at the start, then after the good change, the broken one and the rollback.
    expect(await inside(name, '/tmp/loads')).toBe(`start\n${loads}\n${loads}\n${loads}\n`);
    if (action.type === 'signal-container') expect(after.StartedAt).toBe(startedAt);
    else expect(after.StartedAt).not.toBe(startedAt);
  }
});
