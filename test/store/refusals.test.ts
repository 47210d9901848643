// The embedded store refuses what it does not implement or cannot apply, says why, changes nothing, and keeps serving.
import { status } from '@grpc/grpc-js';
import type { IWatchResponse } from 'etcd3';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { RawEtcd } from '../support/raw-etcd.js';
import { type StoreUnderTest, startSetpointStore } from '../support/stores.js';
import { waitFor } from '../support/wait.js';

let store: StoreUnderTest;
let raw: RawEtcd;
beforeAll(async () => {
  store = await startSetpointStore();
  raw = new RawEtcd(store.endpoint);
});
afterAll(async () => {
  raw?.close();
  await store?.destroy();
});

test('a watch asking for fragmented responses is refused with UNIMPLEMENTED naming the field', async () => {
  const stream = raw.stream('Watch.Watch');
  const received: IWatchResponse[] = [];
  stream.on('data', (r: IWatchResponse) => received.push(r));
  const ended = new Promise<{ code?: number; details?: string }>((resolve) => stream.on('error', resolve));
  stream.write({ create_request: { key: Buffer.from('f'), fragment: true } });
  const err = await ended;
  expect(err.code).toBe(status.UNIMPLEMENTED);
  expect(err.details).toContain('WatchCreateRequest.fragment');
  expect(received).toEqual([]);
  // The store goes on serving.
  await expect(
    raw.call('KV.Put', { key: Buffer.from('after'), value: Buffer.from('ok') }),
  ).resolves.toBeTruthy();
});

test.each([
  ['membership changes are not served', 'Cluster.MemberAdd', 'Cluster.MemberAdd'],
  ['authentication is not served', 'Auth.Authenticate', 'Auth.Authenticate'],
])('%s: UNIMPLEMENTED with the call named', async (_, method, named) => {
  const call = raw.callAny(method, {});
  await expect(call).rejects.toMatchObject({ code: status.UNIMPLEMENTED });
  await expect(call).rejects.toThrow(named);
});

test('Maintenance.Snapshot ends its stream with UNIMPLEMENTED', async () => {
  const stream = raw.serverStream('Maintenance.Snapshot', {});
  const err = await new Promise<{ code?: number; details?: string }>((resolve) =>
    stream.on('error', resolve),
  );
  expect(err.code).toBe(status.UNIMPLEMENTED);
  expect(err.details).toContain('Maintenance.Snapshot');
  await waitFor(async () => (await raw.call('Maintenance.Status', {})).header !== undefined, {
    what: 'Status',
  });
});

test('a txn that fails midway (etcd 3.4 panics on it) is refused whole and changes nothing', async () => {
  await raw.call('KV.Put', { key: Buffer.from('mid/a'), value: Buffer.from('1') });
  await raw.call('KV.Put', { key: Buffer.from('mid/b'), value: Buffer.from('2') });
  const before = await raw.call('KV.Range', { key: Buffer.from('mid/'), range_end: Buffer.from('mid0') });
  const txn = raw.call('KV.Txn', {
    success: [
      { request_delete_range: { key: Buffer.from('mid/a'), range_end: Buffer.from([0]) } },
      { request_put: { key: Buffer.from('mid/b'), ignore_value: true } },
    ],
  });
  await expect(txn).rejects.toMatchObject({
    code: status.INVALID_ARGUMENT,
    details: 'etcdserver: key not found',
  });
  const after = await raw.call('KV.Range', { key: Buffer.from('mid/'), range_end: Buffer.from('mid0') });
  expect(after).toEqual(before);
});
