// `setpoint agent` as a user runs it, in its own process: `--config agent.yaml` with several units
// (different directories, formats, actions), the original watcher's environment with etcd given as
// URLs, and `--once` (an init step) against an etcd that answers and one that never does.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { freePort, tempFolder } from '../support/ports.js';
import { type RunningProcess, startProcess } from '../support/process.js';
import { type StoreUnderTest, setpointCommand, startStore } from '../support/stores.js';
import { waitFor } from '../support/wait.js';

let store: StoreUnderTest;
let etcd: Etcd3;
let folder: { path: string; remove: () => Promise<void> } | undefined;
let running: RunningProcess | undefined;

beforeAll(async () => {
  store = await startStore('setpoint');
  etcd = new Etcd3({ hosts: store.endpoint });
});
afterAll(async () => {
  etcd?.close();
  await store?.destroy();
});
afterEach(async () => {
  await running?.stop();
  running = undefined;
  await folder?.remove();
  folder = undefined;
});

async function put(key: string, value: string): Promise<number> {
  return Number((await etcd.put(key).value(value).exec()).header.revision);
}

async function statusRecord(agent: string, unit: string): Promise<Record<string, unknown> | undefined> {
  const text = await etcd.get(`_setpoint/agents/${agent}/${unit}`).string();
  return text === null ? undefined : (JSON.parse(text) as Record<string, unknown>);
}

const agentCommand = (args: string[], env: NodeJS.ProcessEnv) => {
  const [command, commandArgs] = setpointCommand(['agent', ...args]);
  return startProcess(command, commandArgs, { SETPOINT_LOG_LEVEL: 'info', ...env });
};

test('--config agent.yaml runs several units: each its directory, format or template, and action', async () => {
  folder = await tempFolder('agent-config');
  const dir = folder.path;
  const web = await put('cfgweb/http/port', '8080');
  await put('cfgworker/queue/name', 'jobs');
  const worker = await put('cfgworker/queue/size', '10');
  // The worker: a process the agent supervises; it records its pid and the file it read at start.
  await writeFile(
    join(dir, 'worker.cjs'),
    [
      "const fs = require('node:fs');",
      `const dir = ${JSON.stringify(dir)};`,
      "fs.writeFileSync(dir + '/worker-' + process.pid, fs.readFileSync(dir + '/worker.conf'));",
      "fs.writeFileSync(dir + '/worker.pid', String(process.pid));",
      'setInterval(() => {}, 1 << 30);',
    ].join('\n'),
  );
  await writeFile(join(dir, 'worker.conf.hbs'), 'queue {{queue.name}} size {{queue.size}}\n');
  await writeFile(
    join(dir, 'agent.yaml'),
    [
      'name: config-file-agent',
      `etcd: { endpoints: "${store.endpoint}" }`,
      'stateDir: state',
      'statusTtl: 2s',
      'units:',
      '  - name: web',
      '    directory: cfgweb',
      '    output: web.json',
      '    mode: "0640"',
      '    owner: "65534:65534"',
      '    check: grep -q 8 {file}',
      `    action: { type: exec, command: 'echo run >> ${dir}/web-actions.log' }`,
      `    health: { type: command, command: 'test -s ${dir}/web.json' }`,
      '    debounce: { min: 0, max: 0 }',
      '  - name: worker',
      '    directory: cfgworker',
      '    output: worker.conf',
      '    template: worker.conf.hbs',
      `    action: { type: supervise, command: ["${process.execPath}", "${dir}/worker.cjs"], stopTimeout: 2s }`,
      '    debounce: { min: 10ms, max: 100ms }',
    ].join('\n'),
  );
  running = agentCommand(['--config', join(dir, 'agent.yaml')], {});
  const agent = running;

  const applied = (unit: string, revision: number) =>
    waitFor(
      async () => {
        const record = await statusRecord('config-file-agent', unit);
        return record?.state === 'healthy' && record.appliedRevision === revision ? record : undefined;
      },
      { what: `unit ${unit} to apply revision ${revision}\n${agent.output()}`, timeoutMs: 30_000 },
    );
  const webStatus = await applied('web', web);
  expect(webStatus).toMatchObject({ directory: 'cfgweb', output: join(dir, 'web.json') });
  await applied('worker', worker);

  expect(JSON.parse(await readFile(join(dir, 'web.json'), 'utf8'))).toEqual({ http: { port: 8080 } });
  const webFile = await stat(join(dir, 'web.json'));
  expect({ mode: webFile.mode & 0o777, uid: webFile.uid, gid: webFile.gid }).toEqual({
    mode: 0o640,
    uid: 65534,
    gid: 65534,
  });
  expect(await readFile(join(dir, 'worker.conf'), 'utf8')).toBe('queue jobs size 10\n');
  // The worker has no health check: it counts as started once spawned, and writes its pid soon after.
  const firstPid = await waitFor(
    async () => (await readFile(join(dir, 'worker.pid'), 'utf8').catch(() => '')).trim() || undefined,
    { what: 'the worker to start' },
  );
  expect(await readFile(join(dir, `worker-${firstPid}`), 'utf8')).toBe('queue jobs size 10\n');

  // A change in one directory moves that unit only.
  const resized = await put('cfgworker/queue/size', '20');
  await applied('worker', resized);
  const secondPid = await waitFor(
    async () => {
      const pid = (await readFile(join(dir, 'worker.pid'), 'utf8')).trim();
      return pid !== firstPid ? pid : undefined;
    },
    { what: 'the worker restarted' },
  );
  expect(await readFile(join(dir, `worker-${secondPid}`), 'utf8')).toBe('queue jobs size 20\n');
  expect((await readFile(join(dir, 'web-actions.log'), 'utf8')).trim().split('\n')).toHaveLength(1);

  // The check command refuses a web revision; the worker is untouched.
  const refused = await put('cfgweb/http/port', '9090');
  const failed = await waitFor(
    async () => {
      const record = await statusRecord('config-file-agent', 'web');
      return record?.failedRevision === refused ? record : undefined;
    },
    { what: `the refused web revision\n${agent.output()}` },
  );
  expect(failed).toMatchObject({ state: 'failed', appliedRevision: web });
  expect(JSON.parse(await readFile(join(dir, 'web.json'), 'utf8'))).toEqual({ http: { port: 8080 } });
  expect(await statusRecord('config-file-agent', 'worker')).toMatchObject({
    state: 'healthy',
    appliedRevision: resized,
  });

  await agent.stop();
  expect(await agent.exited).toBe(0);
  // Stopping the agent stops its supervised worker and revokes its statuses.
  expect(() => process.kill(Number(secondPid), 0)).toThrow();
  expect(await statusRecord('config-file-agent', 'web')).toBeUndefined();
});

test('takes etcd as a list of URLs and the owner from the environment (the original watcher)', async () => {
  folder = await tempFolder('agent-env');
  const dead = await freePort();
  const revision = await put('envdir/greeting', 'hello');
  const config = join(folder.path, 'config.yml');
  running = agentCommand([], {
    // One member that does not answer, then the store: the agent must reach the one that does.
    ETCD_HOST: `http://127.0.0.1:${dead},http://${store.endpoint}`,
    WATCH_ETCD_DIR: 'envdir',
    CONFIG: config,
    CONFIG_OWNER: '65534:65534',
    AGENT_NAME: 'env-agent',
    AGENT_STATE_DIR: join(folder.path, 'state'),
    AGENT_STATUS_TTL: '2s',
  });
  const agent = running;
  await waitFor(async () => (await statusRecord('env-agent', 'envdir'))?.appliedRevision === revision, {
    what: `the environment's unit applied\n${agent.output()}`,
    timeoutMs: 30_000,
  });
  expect(await readFile(config, 'utf8')).toBe('greeting: hello\n');
  const info = await stat(config);
  expect({ uid: info.uid, gid: info.gid }).toEqual({ uid: 65534, gid: 65534 });
  const change = await put('envdir/greeting', 'bonjour');
  await waitFor(async () => (await statusRecord('env-agent', 'envdir'))?.appliedRevision === change, {
    what: `the change applied\n${agent.output()}`,
  });
  expect(await readFile(config, 'utf8')).toBe('greeting: bonjour\n');
});

test('--once applies every unit and exits 0', async () => {
  folder = await tempFolder('agent-once');
  await put('oncedir/a', '1');
  const config = join(folder.path, 'config.yml');
  running = agentCommand(['--once'], {
    ETCD_HOST: `http://${store.endpoint}`,
    WATCH_ETCD_DIR: 'oncedir',
    CONFIG: config,
    AGENT_STATE_DIR: join(folder.path, 'state'),
  });
  const code = await running.exited;
  expect(code, running.output()).toBe(0);
  expect(await readFile(config, 'utf8')).toBe('a: 1\n');
});

test('--once gives up when etcd never answers: a clear error, exit status 1, the file untouched', async () => {
  folder = await tempFolder('agent-once-down');
  const dead = await freePort();
  const config = join(folder.path, 'config.yml');
  await writeFile(config, 'a: 0\n');
  running = agentCommand(['--once', '--once-timeout', '1s'], {
    ETCD_HOST: `127.0.0.1:${dead}`,
    WATCH_ETCD_DIR: 'oncedown',
    CONFIG: config,
    AGENT_STATE_DIR: join(folder.path, 'state'),
  });
  const agent = running;
  const code = await waitFor(() => agent.child.exitCode ?? undefined, {
    what: `the agent to give up\n${agent.output()}`,
    timeoutMs: 30_000,
  });
  expect(code).toBe(1);
  expect(agent.output()).toContain(
    "setpoint agent --once: gave up after 1 s: unit 'oncedown': etcd cannot be reached; the files were left as they were. " +
      'Check that etcd answers at ETCD_HOST (or etcd.endpoints), or wait longer with --once-timeout',
  );
  expect(await readFile(config, 'utf8')).toBe('a: 0\n');
});

test('refuses a --once-timeout that is not a duration, with exit status 2', async () => {
  running = agentCommand(['--once', '--once-timeout', 'soon'], { WATCH_ETCD_DIR: 'x', CONFIG: '/tmp/x.yml' });
  expect(await running.exited).toBe(2);
  expect(running.output()).toContain("--once-timeout 'soon' is not a duration");
});
