// `setpoint serve` runs the history recorder and the backups: full backups on its schedule, pruned
// by its retention policy, delta segments between them, and a clean stop that writes what is pending.
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { listBackups, listDeltas } from '../../src/backup/inventory.js';
import { fileTarget } from '../../src/backup/target/file-target.js';
import { connect, type EtcdClient } from '../../src/etcd/index.js';
import { readKeyHistory } from '../../src/server/history/index.js';
import { freePort, tempFolder } from '../support/ports.js';
import { type RunningProcess, startProcess } from '../support/process.js';
import { setpointCommand } from '../support/stores.js';
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
