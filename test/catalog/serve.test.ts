// `setpoint serve` stores the built-in catalogue at start: every chart version the keyspace does not
// hold yet, never over one it holds (an admin's re-import stays), and a version gone is back at the
// next start. Then the API browses it.
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { parseChartVersionRecord } from '../../src/catalog/store/index.js';
import { connect, type EtcdClient } from '../../src/etcd/index.js';
import { chartVersionPath } from '../../src/keyspace/catalog.js';
import { caller } from '../support/api.js';
import { freePort, tempFolder } from '../support/ports.js';
import { type RunningProcess, startProcess } from '../support/process.js';
import { setpointCommand } from '../support/stores.js';
import { waitFor } from '../support/wait.js';

const password = 'catalogue serve admin password';
let folder: { path: string; remove: () => Promise<void> };
let etcdPort: number;
const running: RunningProcess[] = [];
let client: EtcdClient | undefined;

beforeAll(async () => {
  folder = await tempFolder('catalog-serve');
  etcdPort = await freePort();
});
afterAll(async () => {
  await client?.close();
  for (const serve of running) await serve.stop();
  await folder?.remove();
});

/** Starts serve on the test's data folder and waits for its banner. */
async function startServe(): Promise<{ process: RunningProcess; url: string }> {
  const httpPort = await freePort();
  const [command, args] = setpointCommand([
    'serve',
    '--data-dir',
    join(folder.path, 'store'),
    '--listen-client-urls',
    `http://127.0.0.1:${etcdPort}`,
    '--http-listen',
    `127.0.0.1:${httpPort}`,
    '--no-backups',
  ]);
  const serve = startProcess(command, args, { SETPOINT_ADMIN_PASSWORD: password });
  running.push(serve);
  await waitFor(() => serve.output().includes('Stop with Ctrl-C.'), {
    what: `serve to print its banner\n${serve.output()}`,
    timeoutMs: 60_000,
  });
  return { process: serve, url: `http://127.0.0.1:${httpPort}` };
}

async function versionRecord(version: string) {
  const { kvs } = await client!.etcd.get(chartVersionPath('registry', version)).exec();
  const kv = kvs[0];
  return kv === undefined
    ? undefined
    : {
        record: parseChartVersionRecord(chartVersionPath('registry', version), kv.value),
        revision: kv.mod_revision,
      };
}

test('serve stores the built-in registry chart at start, and never over a stored version', async () => {
  const first = await startServe();
  client = await connect({ endpoints: `127.0.0.1:${etcdPort}` });
  const stored281 = await versionRecord('2.8.1');
  expect(stored281?.record.importedBy).toBe('setpoint serve');
  expect(stored281?.record.flavors.map((f) => f.name)).toEqual(['filesystem', 'swift']);
  expect((await versionRecord('2.8.2'))?.record.importedBy).toBe('setpoint serve');

  // The API shows it to any signed-in user.
  const session = await caller(first.url, undefined).post('/api/v1/session', {
    user: 'admin',
    password,
    token: { name: 'catalog-serve' },
  });
  const admin = caller(first.url, session.body.token);
  const list = await admin.get('/api/v1/catalog');
  expect(list.body.charts.map((c: { name: string }) => c.name)).toEqual(['registry']);

  // An admin's own 2.8.1 (a changed readme), and 2.8.2 gone.
  const changed = {
    ...stored281!.record,
    importedBy: 'admin',
    flavors: stored281!.record.flavors.map((f) => ({ ...f, readme: 'our own readme' })),
  };
  await client.etcd.put(chartVersionPath('registry', '2.8.1')).value(JSON.stringify(changed));
  await client.etcd.delete().key(chartVersionPath('registry', '2.8.2'));
  const ours = await versionRecord('2.8.1');
  await client.close();
  client = undefined;

  first.process.child.kill('SIGTERM');
  expect(await first.process.exited).toBe(0);
  await startServe();
  client = await connect({ endpoints: `127.0.0.1:${etcdPort}` });
  const after281 = await versionRecord('2.8.1');
  expect(after281?.revision).toBe(ours?.revision);
  expect(after281?.record.flavors[0]?.readme).toBe('our own readme');
  expect((await versionRecord('2.8.2'))?.record.importedBy).toBe('setpoint serve');
}, 180_000);
