// What the agent writes and how it tells the service, on the embedded store: sealed values opened
// with the agent's key (and refused without it, writing nothing), other formats and a template,
// a process it supervises, a process signalled through its pid file, and /healthz, /readyz, /metrics.
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { generateKeyPair, seal, writeKeyPair } from '../../src/crypto/index.js';
import { freePort, tempFolder } from '../support/ports.js';
import { type StoreUnderTest, startStore } from '../support/stores.js';
import { waitFor } from '../support/wait.js';
import { type AgentUnderTest, startTestAgent } from './agent-harness.js';

let store: StoreUnderTest;
let etcd: Etcd3;
let folder: { path: string; remove: () => Promise<void> };
let agent: AgentUnderTest | undefined;
let counter = 0;

beforeAll(async () => {
  store = await startStore('setpoint');
  etcd = new Etcd3({ hosts: store.endpoint });
});
afterAll(async () => {
  etcd?.close();
  await store?.destroy();
});
afterEach(async () => {
  await agent?.stop();
  agent = undefined;
  await folder?.remove();
});

/** A fresh directory with `values`; returns its name and the last put's revision. */
async function fresh(values: Record<string, string>): Promise<{ directory: string; revision: number }> {
  const directory = `out${++counter}`;
  folder = await tempFolder('agent-outputs');
  let revision = 0;
  for (const [key, value] of Object.entries(values)) {
    revision = Number((await etcd.put(`${directory}/${key}`).value(value).exec()).header.revision);
  }
  return { directory, revision };
}

describe('sealed values', () => {
  const password = 'Sw1ft-s3cret-never-in-clear';

  test('are opened with the private key into a file only its owner reads, and appear nowhere else', async () => {
    folder = await tempFolder('agent-sealed');
    const pair = await generateKeyPair('x25519');
    const { privatePath } = await writeKeyPair(join(folder.path, 'agent.key'), pair);
    const directory = `sealed${++counter}`;
    await etcd.put(`${directory}/storage/swift/username`).value('registry').exec();
    const sealed = await seal(password, {
      key: `${directory}/storage/swift/password`,
      recipients: [pair.publicKey],
    });
    const revision = Number(
      (await etcd.put(`${directory}/storage/swift/password`).value(sealed).exec()).header.revision,
    );

    agent = await startTestAgent({
      folder: folder.path,
      endpoints: store.endpoint,
      directory,
      agent: { privateKey: privatePath },
      unit: { check: `grep -q '${password}' {file}` },
    });
    const status = await agent.until((s) => s.appliedRevision === revision, 'the sealed value applied');
    expect(await readFile(agent.output, 'utf8')).toBe(
      `storage:\n  swift:\n    password: ${password}\n    username: registry\n`,
    );
    expect((await stat(agent.output)).mode & 0o777).toBe(0o600);

    // A check command that prints the file: its output is redacted from the reason.
    await agent.stop();
    const echoed = Number(
      (await etcd.put(`${directory}/storage/swift/username`).value('other').exec()).header.revision,
    );
    agent = await startTestAgent({
      folder: folder.path,
      endpoints: store.endpoint,
      directory,
      agent: { privateKey: privatePath },
      unit: { check: 'grep password {file}; exit 3' },
    });
    const refused = await agent.until((s) => s.failedRevision === echoed, 'the refused revision');
    expect(refused.lastError).toBe(
      "unit 'app': the check command exited with status 3: password: [sealed value]",
    );

    const everywhere = [
      agent.logs(),
      JSON.stringify(status),
      JSON.stringify(refused),
      ...Object.values(await etcd.getAll().prefix('_setpoint/').strings()),
      await readFile(join(folder.path, 'state', 'app.json'), 'utf8'),
    ].join('\n');
    expect(everywhere).not.toContain(password);
  });

  test('that the agent cannot open fail the unit without writing', async () => {
    const { directory, revision: first } = await fresh({ user: 'registry' });
    const stranger = await generateKeyPair('x25519');
    const mine = await generateKeyPair('x25519');
    const { privatePath } = await writeKeyPair(join(folder.path, 'agent.key'), mine);
    agent = await startTestAgent({
      folder: folder.path,
      endpoints: store.endpoint,
      directory,
      agent: { privateKey: privatePath },
    });
    await agent.until((s) => s.appliedRevision === first, 'the first apply');
    const sealed = await seal(password, { key: `${directory}/password`, recipients: [stranger.publicKey] });
    const revision = Number((await etcd.put(`${directory}/password`).value(sealed).exec()).header.revision);
    const status = await agent.until((s) => s.failedRevision === revision, 'the unreadable value refused');
    expect(status.lastError).toBe(
      `unit 'app': cannot open the sealed value of '${directory}/password' with the agent's key ${mine.publicKey.keyId} ` +
        `(it is sealed to recipients ${stranger.publicKey.keyId}); add the agent's public key to the directory's ` +
        "recipients and run 'setpoint secrets rewrap', or put the value again",
    );
    expect(await readFile(agent.output, 'utf8')).toBe('user: registry\n');
    expect(await agent.actions()).toBe(1);
  });
});

describe('outputs', () => {
  test.each([
    ['app.json', { format: 'json' }, '{\n  "http": {\n    "port": 8080\n  },\n  "name": "web"\n}\n'],
    ['app.toml', {}, 'name = "web"\n\n[http]\nport = 8080\n'],
    ['app.env', {}, 'HTTP_PORT=8080\nNAME=web\n'],
    ['app.properties', {}, 'http.port=8080\nname=web\n'],
  ])('writes %s', async (file, unit, expected) => {
    const { directory, revision } = await fresh({ 'http/port': '8080', name: 'web' });
    agent = await startTestAgent({ folder: folder.path, endpoints: store.endpoint, directory, file, unit });
    await agent.until((s) => s.appliedRevision === revision, 'the apply');
    expect(await readFile(agent.output, 'utf8')).toBe(expected);
  });

  test('fills in a Handlebars template, and refuses a revision the template cannot render', async () => {
    const { directory, revision } = await fresh({
      'http/port': '8080',
      'upstreams/0': 'a:80',
      'upstreams/1': 'b:80',
    });
    const template = join(folder.path, 'nginx.conf.hbs');
    await writeFile(template, 'listen {{http.port}};\n{{#each upstreams}}server {{this}};\n{{/each}}');
    agent = await startTestAgent({
      folder: folder.path,
      endpoints: store.endpoint,
      directory,
      file: 'nginx.conf',
      unit: { template },
    });
    await agent.until((s) => s.appliedRevision === revision, 'the apply');
    expect(await readFile(agent.output, 'utf8')).toBe('listen 8080;\nserver a:80;\nserver b:80;\n');
    const missing = Number((await etcd.delete().key(`${directory}/http/port`).exec()).header.revision);
    const status = await agent.until((s) => s.failedRevision === missing, 'the refused revision');
    expect(status.lastError).toMatch(/http\.port/);
    expect(await readFile(agent.output, 'utf8')).toBe('listen 8080;\nserver a:80;\nserver b:80;\n');
  });
});

describe('actions', () => {
  /** A small service: writes its pid and the config it read at start; counts SIGHUPs. */
  const serviceScript = (dir: string) =>
    [
      "const fs = require('node:fs');",
      `const dir = ${JSON.stringify(dir)};`,
      "fs.writeFileSync(dir + '/service.pid', String(process.pid));",
      "fs.writeFileSync(dir + '/seen-' + process.pid, fs.readFileSync(dir + '/app.yml'));",
      // On SIGHUP it reads the file again, as a service that reloads its config does.
      "let hups = 0; process.on('SIGHUP', () => { hups++; fs.writeFileSync(dir + '/reloaded-' + process.pid + '-' + hups, fs.readFileSync(dir + '/app.yml')); fs.writeFileSync(dir + '/hups', String(hups)); });",
      "require('node:net').createServer().listen(Number(process.env.PORT), '127.0.0.1');",
    ].join('\n');

  /** The service above as a supervised process of a unit on `directory`; healthy once it listens. */
  async function supervisedService(directory: string, reload?: string) {
    const script = join(folder.path, 'service.cjs');
    await writeFile(script, serviceScript(folder.path));
    const port = await freePort();
    return () =>
      startTestAgent({
        folder: folder.path,
        endpoints: store.endpoint,
        directory,
        unit: {
          action: {
            type: 'supervise',
            command: ['/usr/bin/env', `PORT=${port}`, process.execPath, script],
            ...(reload !== undefined ? { reload } : {}),
          },
          health: { type: 'tcp', address: `127.0.0.1:${port}`, timeout: '10s', interval: '50ms' },
        },
      });
  }

  test('supervises a process: starts it with the first file, restarts it on each change', async () => {
    const { directory, revision } = await fresh({ greeting: 'hello' });
    const startSupervising = await supervisedService(directory);
    agent = await startSupervising();
    await agent.until((s) => s.appliedRevision === revision && s.state === 'healthy', 'the supervised start');
    const firstPid = (await readFile(join(folder.path, 'service.pid'), 'utf8')).trim();
    expect(await readFile(join(folder.path, `seen-${firstPid}`), 'utf8')).toBe('greeting: hello\n');

    const change = Number((await etcd.put(`${directory}/greeting`).value('bonjour').exec()).header.revision);
    await agent.until((s) => s.appliedRevision === change && s.state === 'healthy', 'the restart');
    const secondPid = (await readFile(join(folder.path, 'service.pid'), 'utf8')).trim();
    expect(secondPid).not.toBe(firstPid);
    expect(await readFile(join(folder.path, `seen-${secondPid}`), 'utf8')).toBe('greeting: bonjour\n');
    await agent.stop();
    agent = undefined;
    expect(() => process.kill(Number(secondPid), 0)).toThrow();

    // A new agent finds the file in place: it writes nothing, but starts the process.
    agent = await startSupervising();
    await agent.until(
      (s) => s.appliedRevision === change && s.state === 'healthy',
      'the start with the file in place',
    );
    const thirdPid = (await readFile(join(folder.path, 'service.pid'), 'utf8')).trim();
    expect(thirdPid).not.toBe(secondPid);
    expect(() => process.kill(Number(thirdPid), 0)).not.toThrow();
  });

  test('supervises a process it reloads by a signal: the same process reads each new file', async () => {
    const { directory, revision } = await fresh({ greeting: 'hello' });
    agent = await (await supervisedService(directory, 'SIGHUP'))();
    await agent.until((s) => s.appliedRevision === revision && s.state === 'healthy', 'the supervised start');
    const pid = (await readFile(join(folder.path, 'service.pid'), 'utf8')).trim();
    expect(await readFile(join(folder.path, `seen-${pid}`), 'utf8')).toBe('greeting: hello\n');

    for (const [hups, greeting] of [
      [1, 'bonjour'],
      [2, 'hallo'],
    ] as const) {
      const change = Number((await etcd.put(`${directory}/greeting`).value(greeting).exec()).header.revision);
      await agent.until((s) => s.appliedRevision === change && s.state === 'healthy', `the reload ${hups}`);
      const reloaded = await waitFor(
        async () =>
          await readFile(join(folder.path, `reloaded-${pid}-${hups}`), 'utf8').catch(() => undefined),
        { what: `SIGHUP ${hups}` },
      );
      expect(reloaded).toBe(`greeting: ${greeting}\n`);
    }
    // Signalled, never restarted: the first process is still the one running, and got two signals.
    expect((await readFile(join(folder.path, 'service.pid'), 'utf8')).trim()).toBe(pid);
    expect(await readFile(join(folder.path, 'hups'), 'utf8')).toBe('2');
    expect(() => process.kill(Number(pid), 0)).not.toThrow();
    await agent.stop();
    agent = undefined;
    expect(() => process.kill(Number(pid), 0)).toThrow();
  });

  test('signals a process through its pid file', async () => {
    const { directory, revision } = await fresh({ greeting: 'hello' });
    await writeFile(join(folder.path, 'app.yml'), 'greeting: hello\n');
    const script = join(folder.path, 'service.cjs');
    await writeFile(script, serviceScript(folder.path));
    const { spawn } = await import('node:child_process');
    const service = spawn(process.execPath, [script], {
      env: { ...process.env, PORT: '0' },
      stdio: 'ignore',
    });
    try {
      await waitFor(
        async () => (await readFile(join(folder.path, 'service.pid'), 'utf8').catch(() => '')) !== '',
        {
          what: 'the service to start',
        },
      );
      agent = await startTestAgent({
        folder: folder.path,
        endpoints: store.endpoint,
        directory,
        unit: { action: { type: 'signal', pidFile: join(folder.path, 'service.pid'), signal: 'SIGHUP' } },
      });
      await agent.until((s) => s.appliedRevision === revision, 'the file found in place');
      const change = Number((await etcd.put(`${directory}/greeting`).value('hi').exec()).header.revision);
      await agent.until((s) => s.appliedRevision === change, 'the change');
      await waitFor(async () => (await readFile(join(folder.path, 'hups'), 'utf8').catch(() => '')) === '1', {
        what: 'one SIGHUP',
      });
    } finally {
      service.kill();
    }
  });
});

test('serves /healthz, /readyz and /metrics when given an address', async () => {
  const { directory, revision } = await fresh({ a: '1' });
  agent = await startTestAgent({
    folder: folder.path,
    endpoints: store.endpoint,
    directory,
    agent: { listen: '127.0.0.1:0' },
  });
  await agent.until((s) => s.appliedRevision === revision, 'the apply');
  const address = agent.agent.address;
  const base = `http://${address?.host}:${address?.port}`;
  const healthz = await fetch(`${base}/healthz`);
  expect(healthz.status).toBe(200);
  expect(((await healthz.json()) as { units: unknown[] }).units[0]).toMatchObject({
    unit: 'app',
    appliedRevision: revision,
    state: 'healthy',
  });
  expect((await fetch(`${base}/readyz`)).status).toBe(200);
  const metrics = await (await fetch(`${base}/metrics`)).text();
  expect(metrics).toContain(`setpoint_agent_applied_revision{unit="app"} ${revision}`);
  expect(metrics).toContain('setpoint_agent_applies_total{unit="app",result="applied"} 1');
  expect(metrics).toContain('setpoint_agent_etcd_connected{unit="app"} 1');
  expect((await fetch(`${base}/nothing`)).status).toBe(404);
});
