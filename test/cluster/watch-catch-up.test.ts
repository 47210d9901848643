// A watch that starts far behind receives the history in batches of up to 1000 revisions, each with
// the *current* revision in its header (real etcd and the embedded store alike); cut in the middle
// of that catch-up, it must resume after the last event it received, not after the header revision
// (as etcd3's Watcher does).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type EtcdClient, type WatchBatch } from '../../src/etcd/index.js';
import { type StoreUnderTest, startStore } from '../support/stores.js';
import { startTcpProxy } from '../support/tcp-proxy.js';
import { waitFor } from '../support/wait.js';

describe.each(['etcd', 'setpoint'] as const)('watchPrefix cut off during catch-up (%s)', (kind) => {
  let store: StoreUnderTest;
  let client: EtcdClient;

  beforeAll(async () => {
    store = await startStore(kind);
    client = await connect({ endpoints: store.endpoint });
  });

  afterAll(async () => {
    await client?.close();
    await store?.destroy();
  });

  it('misses nothing of the history it was catching up on', async () => {
    const prefix = 'catch-up/';
    await client.etcd.put(`${prefix}seed`).value('0');
    const snapshot = await client.rangeSnapshot(prefix);
    // 2500 revisions of history, written by 10 writers at once.
    const total = 2_500;
    let next = 0;
    const writer = async () => {
      for (let i = next++; i < total; i = next++) {
        await client.etcd.put(`${prefix}${String(i % 50).padStart(2, '0')}`).value(`value-${i}`);
      }
    };
    await Promise.all(Array.from({ length: 10 }, writer));
    const finalRevision = (await client.status()).revision;
    expect(finalRevision - snapshot.revision).toBe(total);

    // The watch reaches the store through a forwarder that cuts the connection after ~1.5 catch-up
    // batches (an event is about 35 bytes here, a batch 1000 events).
    const proxy = await startTcpProxy(store.endpoint);
    const watchClient = await connect({ endpoints: proxy.endpoint });
    const cut = proxy.cutAfter(50_000);
    const batches: WatchBatch[] = [];
    let deliveredAtCut = -1;
    const watch = watchClient.watchPrefix(prefix, {
      fromRevision: snapshot.revision,
      onEvents: (batch) => {
        batches.push(batch);
      },
      onResync: () => {
        throw new Error('no compaction happens in this test');
      },
      onDisconnected: () => {
        if (deliveredAtCut < 0) deliveredAtCut = batches.length;
      },
      retry: { initialDelayMs: 20, maxDelayMs: 200 },
    });
    try {
      await cut;
      await waitFor(() => deliveredAtCut >= 0, { what: 'the watch to notice the cut' });
      await proxy.reconnect();
      await waitFor(() => watch.lastRevision() >= finalRevision, { what: `revision ${finalRevision}` });
    } finally {
      await watchClient.close();
      await proxy.close();
    }

    // The cut fell inside the catch-up: part of the history had arrived, not all of it.
    expect(deliveredAtCut).toBeGreaterThanOrEqual(1_000);
    expect(deliveredAtCut).toBeLessThan(total);
    expect(batches.map((b) => b.revision)).toEqual(
      Array.from({ length: total }, (_, i) => snapshot.revision + 1 + i),
    );
    const values = batches.map((b) => b.events[0]?.kv.value.toString() ?? '');
    expect(new Set(values).size).toBe(total);
  });
});
