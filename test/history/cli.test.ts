// `setpoint history` as a user runs it: a key's and a directory's changes, values hidden unless asked,
// sealed values never shown, the value at a compacted revision, and the recorder in the foreground.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { generateKeyPair, seal } from '../../src/crypto/index.js';
import { connect, type EtcdClient } from '../../src/etcd/index.js';
import { readKeyHistory } from '../../src/server/history/index.js';
import { startProcess } from '../support/process.js';
import { type StoreKind, type StoreUnderTest, startStore } from '../support/stores.js';
import { waitFor } from '../support/wait.js';
import { type RecorderUnderTest, startTestRecorder } from './recorder-harness.js';

const program = fileURLToPath(new URL('./history-cli.ts', import.meta.url));
const tsx = import.meta.resolve('tsx');

describe.each<StoreKind>(['etcd', 'setpoint'])('setpoint history on %s', (kind) => {
  let store: StoreUnderTest;
  let etcd: Etcd3;
  let client: EtcdClient;
  let recorder: RecorderUnderTest;
  const plaintext = 'Sw1ft-s3cret-never-in-clear';
  let sealed: string;
  const revisions: number[] = [];

  function history(...args: string[]) {
    const run = spawnSync(
      process.execPath,
      ['--import', tsx, program, 'history', ...args, '--endpoints', store.endpoint],
      {
        timeout: 60_000,
      },
    );
    return { status: run.status, stdout: run.stdout.toString('utf8'), stderr: run.stderr.toString('utf8') };
  }
  async function put(key: string, value: string): Promise<number> {
    const revision = Number((await etcd.put(key).value(value).exec()).header.revision);
    revisions.push(revision);
    return revision;
  }

  beforeAll(async () => {
    store = await startStore(kind);
    etcd = new Etcd3({ hosts: store.endpoint });
    client = await connect({ endpoints: store.endpoint });
    recorder = await startTestRecorder(store.endpoint);
    await recorder.until(1);
    await put('hack/http/addr', ':5000');
    await put('hack/http/addr', ':5001');
    const pair = await generateKeyPair('x25519');
    sealed = await seal(plaintext, { key: 'hack/storage/swift/password', recipients: [pair.publicKey] });
    await put('hack/storage/swift/password', sealed);
    const last = Number((await etcd.delete().key('hack/http/addr').exec()).header.revision);
    revisions.push(last);
    await recorder.until(last);
    await etcd.kv.compact({ revision: last, physical: true });
  });
  afterAll(async () => {
    await recorder?.stop();
    await client?.close();
    etcd?.close();
    await store?.destroy();
  });

  test('shows a key newest first, with sizes and hashes but not values unless asked', () => {
    const shown = history('hack/http/addr');
    expect(shown.status, shown.stderr).toBe(0);
    const lines = shown.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^REVISION\s+RECORDED\s+CHANGE\s+VERSION\s+VALUE$/);
    expect(lines.slice(1).map((line) => line.split(/\s+/)[0])).toEqual(
      [revisions[3], revisions[1], revisions[0]].map(String),
    );
    expect(lines[1]).toMatch(/\sdelete\s+0\s+\(deleted\)$/);
    expect(lines[2]).toMatch(/\sput\s+2\s+5 bytes sha256:[0-9a-f]{12}$/);
    expect(shown.stdout).not.toContain(':5001');

    const values = history('hack/http/addr', '--show-values', '--limit', '2');
    expect(
      values.stdout
        .trimEnd()
        .split('\n')
        .slice(1)
        .map((line) => line.split(/\s+/).at(-1)),
    ).toEqual(['(deleted)', ':5001']);
  });

  test('never prints a sealed value, even with --show-values or --json', () => {
    for (const args of [[], ['--show-values'], ['--json', '--show-values']]) {
      const shown = history('hack/storage/swift/password', ...args);
      expect(shown.status, shown.stderr).toBe(0);
      expect(shown.stdout).not.toContain(plaintext);
      expect(shown.stdout).not.toContain(sealed.slice(0, 40));
    }
    expect(history('hack/storage/swift/password').stdout).toContain('sealed (1 recipient)');
    const json = JSON.parse(history('hack/storage/swift/password', '--json').stdout);
    expect(json.entries[0]).toMatchObject({ kind: 'put', sealed: { recipients: 1 }, revision: revisions[2] });
  });

  test('shows a directory with its keys, as text and as JSON', () => {
    const shown = history('hack/');
    expect(shown.status, shown.stderr).toBe(0);
    expect(shown.stdout.split('\n')[0]).toMatch(/\sKEY\s+VALUE$/);
    expect(shown.stdout).toContain('hack/storage/swift/password');
    const json = JSON.parse(history('hack', '--directory', '--json', '--limit', '2').stdout);
    expect(json.directory).toBe('hack');
    expect(json.entries.map((e: { revision: number }) => e.revision)).toEqual([revisions[3], revisions[2]]);
    expect(json.nextBeforeRevision).toBe(revisions[2]);
  });

  test('shows the value a key had at a revision etcd compacted', () => {
    const shown = history('hack/http/addr', '--at', String(revisions[0]), '--show-values');
    expect(shown.status, shown.stderr).toBe(0);
    expect(shown.stdout).toBe(
      `'hack/http/addr' at revision ${revisions[0]}: :5000 (set at revision ${revisions[0]})\n`,
    );
    const gone = history('hack/http/addr', '--at', String(revisions[3]));
    expect(gone.stdout).toBe(`'hack/http/addr' did not exist at revision ${revisions[3]}\n`);
  });

  test('refuses a bad key name or flag with exit status 2', () => {
    expect(history('hack//addr').status).toBe(2);
    expect(history('hack/http/addr', '--limit', 'many').status).toBe(2);
  });

  test("'history record' records in the foreground until SIGTERM", async () => {
    await recorder.stop();
    const running = startProcess(
      process.execPath,
      [
        '--import',
        tsx,
        program,
        'history',
        'record',
        '--endpoints',
        store.endpoint,
        '--flush-interval',
        '10',
      ],
      { SETPOINT_LOG_LEVEL: 'info' },
    );
    try {
      await waitFor(() => running.output().includes('history recorder following etcd'), {
        what: 'the recorder to start',
      });
      const revision = await put('hack/log/level', 'debug');
      const [entry] = await waitFor(
        async () => {
          const entries = await readKeyHistory(client, 'hack/log/level');
          return entries.length > 0 ? entries : undefined;
        },
        { what: 'the foreground recorder to record a change' },
      );
      expect(entry?.revision).toBe(revision);
    } finally {
      await running.stop();
    }
    expect(await running.exited, running.output()).toBe(0);
  });
});
