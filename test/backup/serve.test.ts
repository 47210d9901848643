// `setpoint serve` runs the history recorder and the backups: full backups on its schedule, pruned
// by its retention policy, delta segments between them, a clean stop that writes what is pending,
// and, with several serve processes on one etcd, the backups run by one of them at a time.
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { listBackups, listDeltas } from '../../src/backup/inventory.js';
import { restore } from '../../src/backup/restore/restore.js';
import { readBackupServiceStatus } from '../../src/backup/schedule/service-status.js';
import { fileTarget } from '../../src/backup/target/file-target.js';
import { connect, currentLeader, type EtcdClient } from '../../src/etcd/index.js';
import { readKeyHistory } from '../../src/server/history/index.js';
import { freePort, tempFolder } from '../support/ports.js';
import { type RunningProcess, startProcess } from '../support/process.js';
import { setpointCommand, startEtcd } from '../support/stores.js';
import { waitFor } from '../support/wait.js';

let folder: { path: string; remove: () => Promise<void> };
let serve: RunningProcess;
let client: EtcdClient;

/** Starts `setpoint serve` on its own port, storing in `folder`, with extra flags. */
async function startServe(extra: string[]): Promise<{ serve: RunningProcess; client: EtcdClient }> {
  const port = await freePort();
  const [command, args] = setpointCommand([
    'serve',
    '--data-dir',
    join(folder.path, `store-${port}`),
    '--listen-client-urls',
    `http://127.0.0.1:${port}`,
    // Each serve its own HTTP port: two run at once here, and other suites may use the default.
    '--http-listen',
    `127.0.0.1:${await freePort()}`,
    ...extra,
  ]);
  const started = startProcess(command, args);
  await waitFor(() => started.output().includes('Setpoint is running'), {
    what: 'serve to start',
    timeoutMs: 30_000,
  });
  return { serve: started, client: await connect({ endpoints: `127.0.0.1:${port}` }) };
}

beforeAll(async () => {
  folder = await tempFolder('serve');
  ({ serve, client } = await startServe([
    '--backup-target',
    `file:${join(folder.path, 'backups')}`,
    '--backup-schedule',
    '* * * * * *',
    '--backup-retention',
    'keep-last=2',
    '--delta-interval',
    '200ms',
  ]));
});
afterAll(async () => {
  await client?.close();
  await serve?.stop();
  await folder?.remove();
});

test('serve makes full backups on its schedule, keeps what its policy says, and records deltas and history', async () => {
  const target = fileTarget(join(folder.path, 'backups'));
  const seen = new Set<string>();
  await waitFor(
    async () => {
      const usable = (await listBackups(target)).filter((entry) => entry.status === 'usable');
      for (const entry of usable) seen.add(entry.id);
      return seen.size >= 3 && usable.length === 2;
    },
    { what: 'three scheduled backups, pruned to the last two', timeoutMs: 30_000 },
  );
  const revision = Number((await client.etcd.put('svc/port').value('8080').exec()).header.revision);
  await client.etcd.put('svc/port').value('9090').exec();
  await waitFor(async () => ((await listDeltas(target)).at(-1)?.to ?? 0) >= revision, {
    what: 'a delta segment with the change',
  });
  const history = await waitFor(
    async () => {
      const entries = await readKeyHistory(client, 'svc/port');
      return entries.length === 2 && entries;
    },
    { what: 'the history recorder to record both values' },
  );
  expect(history.map((entry) => entry.value?.toString())).toEqual(['9090', '8080']);
});

test('a stop writes the changes not yet in a delta segment, then exits 0', async () => {
  const backups = join(folder.path, 'quiet-backups');
  const quiet = await startServe([
    '--backup-target',
    `file:${backups}`,
    '--backup-schedule',
    '0 0 1 1 *',
    '--delta-interval',
    '1h',
  ]);
  const target = fileTarget(backups);
  await waitFor(async () => (await listBackups(target)).length === 1, { what: 'the first full backup' });
  const last = Number((await quiet.client.etcd.put('svc/last').value('x').exec()).header.revision);
  await quiet.client.close();
  expect(await listDeltas(target)).toEqual([]);
  quiet.serve.child.kill('SIGTERM');
  expect(await quiet.serve.exited).toBe(0);
  expect((await listDeltas(target)).at(-1)?.to).toBeGreaterThanOrEqual(last);
});

test('two serve processes on one etcd: one runs the backups; killed, the other takes over where it stopped, with no hole', async () => {
  const etcd = await startEtcd();
  const shared = await connect({ endpoints: etcd.endpoint });
  const serves: RunningProcess[] = [];
  try {
    const backups = join(folder.path, 'shared-backups');
    const target = fileTarget(backups);
    for (let i = 0; i < 2; i++) {
      const [command, args] = setpointCommand([
        'serve',
        '--etcd',
        etcd.url,
        '--http-listen',
        `127.0.0.1:${await freePort()}`,
        '--backup-target',
        `file:${backups}`,
        '--backup-schedule',
        '0 0 1 1 *',
        // Nothing is written before a stop: what the killed one held must come back from etcd.
        '--delta-interval',
        '1h',
      ]);
      // At info, each says when it starts the backups ('backups scheduled').
      serves.push(startProcess(command, args, { SETPOINT_LOG_LEVEL: 'info' }));
    }
    for (const serve of serves) {
      await waitFor(() => serve.output().includes('Setpoint is running'), {
        what: 'serve to start',
        timeoutMs: 60_000,
      });
    }
    const candidates = serves.map((serve) => `${hostname()}/${serve.child.pid}`);
    const leader = await waitFor(
      async () => {
        const current = await currentLeader(shared, 'backups');
        return current !== undefined && candidates.includes(current) && current;
      },
      { what: 'a backups leader among the two', timeoutMs: 30_000 },
    );
    const leading = serves[candidates.indexOf(leader)]!;
    const other = serves.find((serve) => serve !== leading)!;
    const status = await waitFor(async () => await readBackupServiceStatus(shared), {
      what: 'the backup service to publish its status',
    });
    expect(status.pid).toBe(leading.child.pid);
    const base = await waitFor(
      async () => {
        const entries = await listBackups(target);
        return entries.length === 1 && entries[0]!.status === 'usable' && entries[0]!.manifest;
      },
      { what: 'the first full backup' },
    );
    expect(leading.output()).toContain('backups scheduled');
    expect(other.output()).not.toContain('backups scheduled');

    const put = async (key: string, value: string) =>
      Number((await shared.etcd.put(key).value(value).exec()).header.revision);
    const beforeCrash = await put('lead/before-crash', '1');
    await leading.kill();
    const whileNone = await put('lead/while-none', '2');
    // The dead leader's lease lasts its TTL (10 s); then the other is elected.
    await waitFor(
      async () => (await currentLeader(shared, 'backups')) === candidates[serves.indexOf(other)],
      {
        what: 'the other serve to take the backups over',
        timeoutMs: 60_000,
        intervalMs: 250,
      },
    );
    await waitFor(async () => (await readBackupServiceStatus(shared))?.pid === other.child.pid, {
      what: 'the new leader to publish its status',
    });
    expect(other.output()).toContain('backups scheduled');
    // It found the full backup: it did not make another.
    expect((await listBackups(target)).map((entry) => entry.id)).toEqual([base.id]);
    const afterTakeover = await put('lead/after-takeover', '3');
    other.child.kill('SIGTERM');
    expect(await other.exited).toBe(0);
    expect(await currentLeader(shared, 'backups')).toBeUndefined();

    const deltas = await listDeltas(target);
    expect(deltas[0]?.from).toBe(base.revision + 1);
    expect(deltas.at(-1)!.to).toBeGreaterThanOrEqual(afterTakeover);
    const restored = async (revision: number) => {
      await shared.etcd.delete().prefix('lead-copy/').exec();
      await restore(shared, target, { revision, prefixes: ['lead/'], into: 'lead-copy/' });
      const snapshot = await shared.rangeSnapshot('lead-copy/');
      return Object.fromEntries(snapshot.kvs.map((kv) => [kv.key, kv.value.toString()]));
    };
    expect(await restored(beforeCrash)).toEqual({ 'lead-copy/before-crash': '1' });
    expect(await restored(whileNone)).toEqual({ 'lead-copy/before-crash': '1', 'lead-copy/while-none': '2' });
    expect(await restored(afterTakeover)).toEqual({
      'lead-copy/before-crash': '1',
      'lead-copy/while-none': '2',
      'lead-copy/after-takeover': '3',
    });
  } finally {
    await Promise.all(serves.map((serve) => serve.stop()));
    await shared.close();
    await etcd.destroy();
  }
}, 120_000);
