// The apply pipeline against real etcd and the embedded store: render, write, act, health gate,
// rollback, the failed revision, debounce, the status record on a lease, and no restart when the
// file is already right.
import { chown, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { UnitStatus } from '../../src/agent/index.js';
import { tempFolder } from '../support/ports.js';
import { type StoreKind, type StoreUnderTest, startStore } from '../support/stores.js';
import { waitFor } from '../support/wait.js';
import { type AgentUnderTest, startTestAgent } from './agent-harness.js';

describe.each<StoreKind>(['etcd', 'setpoint'])('the agent on %s', (kind) => {
  let store: StoreUnderTest;
  let etcd: Etcd3;
  let folder: { path: string; remove: () => Promise<void> };
  let agent: AgentUnderTest | undefined;
  let directory: string;
  let counter = 0;

  beforeAll(async () => {
    store = await startStore(kind);
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

  /** A fresh directory and folder per test, so tests do not see each other's keys. */
  async function fresh(values: Record<string, string>): Promise<number> {
    directory = `app${++counter}`;
    folder = await tempFolder('agent');
    return put(values);
  }

  async function put(values: Record<string, string>): Promise<number> {
    let revision = 0;
    for (const [key, value] of Object.entries(values)) {
      revision = Number((await etcd.put(`${directory}/${key}`).value(value).exec()).header.revision);
    }
    return revision;
  }

  async function start(unit: Record<string, unknown> = {}, agentOptions: Record<string, unknown> = {}) {
    agent = await startTestAgent({
      folder: folder.path,
      endpoints: store.endpoint,
      directory,
      unit,
      agent: agentOptions,
    });
    return agent;
  }

  const applied = (revision: number) => (s: UnitStatus) =>
    s.state === 'healthy' && (s.appliedRevision ?? 0) >= revision;
  const fileDocument = async (a: AgentUnderTest) => parseYaml(await readFile(a.output, 'utf8'));

  test('renders the directory, follows each change, and records it on a lease', async () => {
    const first = await fresh({ 'http/addr': ':5000', 'log/level': 'info', 'storage/swift/retries': '3' });
    const a = await start();
    await a.until(applied(first), 'the first apply');
    expect(await fileDocument(a)).toEqual({
      http: { addr: ':5000' },
      log: { level: 'info' },
      storage: { swift: { retries: 3 } },
    });
    expect(await a.actions()).toBe(1);

    const second = await put({ 'log/level': 'debug' });
    const status = await a.until(applied(second), 'the change applied');
    expect((await fileDocument(a)).log.level).toBe('debug');
    expect(await a.actions()).toBe(2);
    expect(status).toMatchObject({
      agent: 'test-agent',
      unit: 'app',
      directory,
      failedRevision: null,
      lastError: null,
    });
    expect(status.contentHash).toMatch(/^sha256:[0-9a-f]{64}$/);

    const record = await waitFor(
      async () => {
        const text = await etcd.get('_setpoint/agents/test-agent/app').string();
        const parsed = text === null ? undefined : (JSON.parse(text) as UnitStatus);
        return parsed?.appliedRevision === second ? parsed : undefined;
      },
      { what: 'the status record in etcd' },
    );
    expect(record.state).toBe('healthy');
    const lease = (await etcd.get('_setpoint/agents/test-agent/app').exec()).kvs[0]?.lease;
    expect(lease).not.toBe('0');

    await a.stop();
    agent = undefined;
    expect(await etcd.get('_setpoint/agents/test-agent/app').string()).toBeNull();
  });

  test('writes nothing and acts on nothing when the file already holds the rendered bytes', async () => {
    const revision = await fresh({ a: '1' });
    const first = await start();
    await first.until(applied(revision), 'the first apply');
    const before = await stat(first.output);
    await first.stop();

    agent = await startTestAgent({ folder: folder.path, endpoints: store.endpoint, directory });
    await agent.until((s) => s.appliedRevision === revision && s.state === 'healthy', 'the restarted agent');
    expect(await agent.actions()).toBe(1);
    expect((await stat(agent.output)).mtimeMs).toBe(before.mtimeMs);

    // A put that changes nothing in the file does not restart the service either.
    const same = await put({ a: '1' });
    await agent.until((s) => s.appliedRevision === same, 'the unchanged revision');
    expect(await agent.actions()).toBe(1);
  });

  test('coalesces a burst of changes into one action', async () => {
    await fresh({ n: '0' });
    const a = await start({ debounce: { min: '1s', max: '10s' } });
    await a.until((s) => s.state === 'healthy', 'the first apply');
    const burst: Promise<unknown>[] = [];
    for (let i = 1; i <= 20; i++) burst.push(etcd.put(`${directory}/k${i}`).value(String(i)).exec());
    await Promise.all(burst);
    const last = Number((await etcd.get(`${directory}/k20`).exec()).header.revision);
    await a.until(applied(last), 'the burst applied');
    expect(Object.keys(await fileDocument(a))).toHaveLength(21);
    expect(await a.actions()).toBe(2);
  });

  test('refuses a revision its check command rejects, without writing or acting', async () => {
    const good = await fresh({ mode: 'safe' });
    const a = await start({ check: '! grep -q forbidden {file}' });
    await a.until(applied(good), 'the first apply');
    const bad = await put({ mode: 'forbidden' });
    const failed = await a.until((s) => s.failedRevision === bad, 'the refused revision');
    expect(failed.state).toBe('failed');
    expect(failed.appliedRevision).toBe(good);
    expect(failed.lastError).toBe("unit 'app': the check command exited with status 1");
    expect((await fileDocument(a)).mode).toBe('safe');
    expect(await a.actions()).toBe(1);

    const fixed = await put({ mode: 'fast' });
    const status = await a.until(applied(fixed), 'the fixed revision');
    expect(status.failedRevision).toBeNull();
    expect((await fileDocument(a)).mode).toBe('fast');
  });

  test('puts the previous file back when the service fails its health check', async () => {
    const good = await fresh({ healthy: 'true', port: '8080' });
    const output = join(folder.path, 'app.yml');
    const a = await start({
      health: {
        type: 'command',
        command: `grep -q 'healthy: true' '${output}'`,
        timeout: '3s',
        interval: '50ms',
      },
    });
    await a.until(applied(good), 'the first apply');
    const healthyFile = await readFile(output, 'utf8');

    const bad = await put({ healthy: 'false' });
    const status = await a.until((s) => s.failedRevision === bad, 'the rollback');
    expect(status).toMatchObject({ state: 'failed', appliedRevision: good, rolledBack: true });
    expect(status.lastError).toMatch(
      /^unit 'app': health check failed: not healthy within 3000 ms: the health command exited with status 1/,
    );
    expect(await readFile(output, 'utf8')).toBe(healthyFile);
    // Acted for the new file and again for the old one.
    expect(await a.actions()).toBe(3);

    // The failed revision is not tried again when the agent restarts...
    await a.stop();
    agent = await startTestAgent({
      folder: folder.path,
      endpoints: store.endpoint,
      directory,
      unit: { health: { type: 'command', command: `grep -q 'healthy: true' '${output}'`, timeout: '3s' } },
    });
    const again = await agent.until(
      (s) => s.failedRevision === bad && s.state === 'failed',
      'the restarted agent',
    );
    expect(again.appliedRevision).toBe(good);
    expect(await agent.actions()).toBe(3);
    // ...but the next change is.
    const next = await put({ healthy: 'true', port: '9090' });
    await agent.until(applied(next), 'the next change');
    expect((await fileDocument(agent)).port).toBe(9090);
  });

  test('never writes an empty file when the directory is emptied', async () => {
    const revision = await fresh({ a: '1', b: '2' });
    const a = await start();
    await a.until(applied(revision), 'the first apply');
    await etcd.delete().prefix(`${directory}/`).exec();
    const status = await a.until((s) => s.state === 'failed', 'the refused empty directory');
    expect(status.lastError).toMatch(/holds no keys; the agent keeps the file as it is/);
    expect(await fileDocument(a)).toEqual({ a: 1, b: 2 });
  });

  // The tests run as root, so the agent may give a file any owner.
  test('keeps the mode and owner of the existing file', async () => {
    const revision = await fresh({ a: '1' });
    const output = join(folder.path, 'app.yml');
    await writeFile(output, 'a: 0\n', { mode: 0o640 });
    await chown(output, 65534, 65534);
    const a = await start();
    await a.until(applied(revision), 'the first apply');
    const after = await stat(output);
    expect(after.mode & 0o777).toBe(0o640);
    expect({ uid: after.uid, gid: after.gid }).toEqual({ uid: 65534, gid: 65534 });
    expect(await readFile(output, 'utf8')).toBe('a: 1\n');

    // And on every later rewrite, in place as well as by rename.
    const second = await put({ a: '2' });
    await a.until(applied(second), 'the second apply');
    const again = await stat(output);
    expect({ uid: again.uid, gid: again.gid, mode: again.mode & 0o777 }).toEqual({
      uid: 65534,
      gid: 65534,
      mode: 0o640,
    });
  });

  test.each(['rename', 'in-place'])('gives the file the configured owner and mode (%s)', async (write) => {
    const revision = await fresh({ a: '1' });
    const output = join(folder.path, 'app.yml');
    await writeFile(output, 'a: 0\n', { mode: 0o644 });
    await chown(output, 65534, 65534);
    const a = await start({ owner: '4321:8765', mode: '0604', write });
    await a.until(applied(revision), 'the first apply');
    const after = await stat(output);
    expect({ uid: after.uid, gid: after.gid, mode: after.mode & 0o777 }).toEqual({
      uid: 4321,
      gid: 8765,
      mode: 0o604,
    });
    expect(await readFile(output, 'utf8')).toBe('a: 1\n');
  });
});
