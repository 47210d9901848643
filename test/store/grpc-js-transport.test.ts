// The fallback transport (SETPOINT_GRPC_TRANSPORT=grpc-js) serves the same API as the default one.
import { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type StoreUnderTest, startSetpointStore } from '../support/stores.js';
import { waitFor } from '../support/wait.js';

let store: StoreUnderTest;
let client: Etcd3;
beforeAll(async () => {
  store = await startSetpointStore({ env: { SETPOINT_GRPC_TRANSPORT: 'grpc-js' } });
  client = new Etcd3({ hosts: store.endpoint });
});
afterAll(async () => {
  client?.close();
  await store?.destroy();
});

test('put, get, a transaction, a watch and a lease work on grpc-js', async () => {
  const seen: string[] = [];
  const watcher = await client.watch().prefix('gj/').create();
  watcher.on('put', (kv) => seen.push(kv.key.toString()));
  await client.put('gj/a').value('1');
  const txn = await client.if('gj/a', 'Value', '==', '1').then(client.put('gj/b').value('2')).commit();
  expect(txn.succeeded).toBe(true);
  expect(await client.get('gj/b').string()).toBe('2');
  const lease = client.lease(10);
  await lease.put('gj/leased').value('x');
  await lease.revoke();
  expect(await client.get('gj/leased').string()).toBeNull();
  await waitFor(() => seen.length >= 3, { what: 'the watch to see three puts' });
  expect(seen).toEqual(['gj/a', 'gj/b', 'gj/leased']);
  await watcher.cancel();
  expect(store.process().output()).not.toContain('SETPOINT_GRPC_TRANSPORT=');
});
