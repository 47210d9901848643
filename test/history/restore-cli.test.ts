// `setpoint history restore KEY --revision R`: a value older than etcd keeps is put back as a new
// change (sealed values as they were), a key that did not exist then is deleted, a dry run writes
// nothing, and a key changed meanwhile is not overwritten.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type StoreKind, type StoreUnderTest, startStore } from '../support/stores.js';
import { type RecorderUnderTest, startTestRecorder } from './recorder-harness.js';

const program = fileURLToPath(new URL('./history-cli.ts', import.meta.url));
const tsx = import.meta.resolve('tsx');

describe.each<StoreKind>(['etcd', 'setpoint'])('setpoint history restore on %s', (kind) => {
  let store: StoreUnderTest;
  let etcd: Etcd3;
  let recorder: RecorderUnderTest;

  const restore = (...args: string[]) => {
    const run = spawnSync(
      process.execPath,
      ['--import', tsx, program, 'history', 'restore', ...args, '--endpoints', store.endpoint],
      { timeout: 60_000 },
    );
    return { status: run.status, stdout: run.stdout.toString('utf8'), stderr: run.stderr.toString('utf8') };
  };
  const put = async (key: string, value: string) =>
    Number((await etcd.put(key).value(value).exec()).header.revision);

  beforeAll(async () => {
    store = await startStore(kind);
    etcd = new Etcd3({ hosts: store.endpoint });
    recorder = await startTestRecorder(store.endpoint);
    await recorder.until(1);
  });
  afterAll(async () => {
    await recorder?.stop();
    etcd?.close();
    await store?.destroy();
  });

  test('puts back a value etcd compacted away, as a new change; a dry run writes nothing', async () => {
    const old = await put('rs/http/addr', ':5000');
    const last = await put('rs/http/addr', ':6000');
    await recorder.until(last);
    await etcd.kv.compact({ revision: last, physical: true });

    const dry = restore('rs/http/addr', '--revision', String(old), '--dry-run');
    expect(dry).toMatchObject({ status: 0, stderr: '' });
    expect(dry.stdout).toBe(`would put back the value 'rs/http/addr' had at revision ${old} (5 bytes)\n`);
    expect(await etcd.get('rs/http/addr').string()).toBe(':6000');

    const done = restore('rs/http/addr', '--revision', String(old), '--json');
    expect(done.status).toBe(0);
    const report = JSON.parse(done.stdout) as { action: string; newRevision: number };
    expect(report.action).toBe('put');
    expect(await etcd.get('rs/http/addr').string()).toBe(':5000');
    expect(Number((await etcd.get('rs/http/addr').exec()).kvs[0]?.mod_revision)).toBe(report.newRevision);
    expect(restore('rs/http/addr', '--revision', String(old)).stdout).toContain('nothing written');
  });

  test('deletes a key that did not exist at the revision, and refuses bad input with status 2', async () => {
    const before = await put('rs/other', 'x');
    const created = await put('rs/new', 'y');
    await recorder.until(created);
    expect(restore('rs/new', '--revision', String(before)).status).toBe(0);
    expect(await etcd.get('rs/new').string()).toBeNull();
    expect(restore('rs/../x', '--revision', '1').status).toBe(2);
    expect(restore('rs/new', '--revision', 'soon').status).toBe(2);
  });
});
