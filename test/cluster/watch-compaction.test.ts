// A prefix watch whose start revision the store has compacted: it re-lists the prefix, hands the
// fresh snapshot to `onResync`, and goes on with the events after it (real etcd and the embedded
// store).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type EtcdClient, type PrefixSnapshot, type WatchBatch } from '../../src/etcd/index.js';
import { type StoreUnderTest, startStore } from '../support/stores.js';
import { startTcpProxy } from '../support/tcp-proxy.js';
import { waitFor } from '../support/wait.js';

describe.each(['etcd', 'setpoint'] as const)('watchPrefix after compaction (%s)', (kind) => {
  let store: StoreUnderTest;
  let client: EtcdClient;

  beforeAll(async () => {
    store = await startStore(kind);
    client = await connect({ endpoints: store.endpoint, requestTimeoutMs: 3_000 });
  });

  afterAll(async () => {
    await client?.close();
    await store?.destroy();
  });

  it('resyncs from a fresh snapshot when its start revision was compacted, then follows events', async () => {
    const prefix = 'compaction/';
    await client.etcd.put(`${prefix}a`).value('1');
    await client.etcd.put(`${prefix}b`).value('1');
    const stale = await client.rangeSnapshot(prefix);

    // While nobody watches: changes, then the store compacts the history they lived in.
    await client.etcd.put(`${prefix}a`).value('2');
    await client.etcd.delete().key(`${prefix}b`);
    await client.etcd.put(`${prefix}c`).value('1');
    const compactedAt = (await client.status()).revision;
    await client.etcd.kv.compact({ revision: compactedAt, physical: true });

    const order: string[] = [];
    const resyncs: PrefixSnapshot[] = [];
    const batches: WatchBatch[] = [];
    const watch = client.watchPrefix(prefix, {
      fromRevision: stale.revision,
      onEvents: (batch) => {
        order.push(`events ${batch.revision}`);
        batches.push(batch);
      },
      onResync: (snapshot) => {
        order.push(`resync ${snapshot.revision}`);
        resyncs.push(snapshot);
      },
    });
    await waitFor(() => resyncs.length === 1, { what: 'the resync' });
    const fresh = resyncs[0];
    if (fresh === undefined) throw new Error('no resync');
    expect(fresh.revision).toBeGreaterThanOrEqual(compactedAt);
    expect(fresh.kvs.map((kv) => [kv.key, kv.value.toString()])).toEqual([
      [`${prefix}a`, '2'],
      [`${prefix}c`, '1'],
    ]);
    expect(watch.lastRevision()).toBe(fresh.revision);

    const later = await client.etcd.put(`${prefix}d`).value('1').exec();
    await waitFor(() => batches.length === 1, { what: 'the event after the resync' });
    await watch.stop();

    expect(batches[0]?.revision).toBe(Number(later.header.revision));
    expect(order).toEqual([`resync ${fresh.revision}`, `events ${later.header.revision}`]);
  });

  it('resyncs when the store compacts while the watch is cut off from it', async () => {
    const prefix = 'compaction-while-away/';
    await client.etcd.put(`${prefix}a`).value('1');
    const snapshot = await client.rangeSnapshot(prefix);
    // The watch reaches the store through a forwarder the test can cut; the writes go direct.
    const proxy = await startTcpProxy(store.endpoint);
    const watchClient = await connect({ endpoints: proxy.endpoint });
    const order: string[] = [];
    const resyncs: PrefixSnapshot[] = [];
    const disconnects: Error[] = [];
    let connections = 0;
    const watch = watchClient.watchPrefix(prefix, {
      fromRevision: snapshot.revision,
      onEvents: (batch) => {
        order.push(`events ${batch.events.map((e) => `${e.type} ${e.kv.key}=${e.kv.value}`).join(',')}`);
      },
      onResync: (fresh) => {
        order.push(`resync ${fresh.kvs.map((kv) => `${kv.key}=${kv.value}`).join(',')}`);
        resyncs.push(fresh);
      },
      onConnected: () => {
        connections++;
      },
      onDisconnected: (error) => {
        disconnects.push(error);
      },
      retry: { initialDelayMs: 20, maxDelayMs: 200 },
    });
    try {
      await client.etcd.put(`${prefix}a`).value('2');
      await waitFor(() => order.length === 1, { what: 'the first event' });

      await proxy.cut();
      await waitFor(() => disconnects.length > 0, { what: 'the watch to notice the cut' });
      await client.etcd.put(`${prefix}a`).value('3');
      await client.etcd.put(`${prefix}b`).value('1');
      const compactedAt = (await client.status()).revision;
      await client.etcd.kv.compact({ revision: compactedAt, physical: true });
      await proxy.reconnect();

      await waitFor(() => resyncs.length === 1, { what: 'the resync' });
      const later = await client.etcd.put(`${prefix}c`).value('1').exec();
      await waitFor(() => watch.lastRevision() >= Number(later.header.revision), {
        what: 'the event after it',
      });
      expect(resyncs[0]?.revision).toBeGreaterThanOrEqual(compactedAt);
      expect(connections).toBeGreaterThanOrEqual(2);
      expect(order).toEqual([
        `events put ${prefix}a=2`,
        `resync ${prefix}a=3,${prefix}b=1`,
        `events put ${prefix}c=1`,
      ]);
    } finally {
      await watchClient.close();
      await proxy.close();
    }
  });
});
