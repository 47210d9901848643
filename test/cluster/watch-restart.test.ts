// A prefix watch against a store (real etcd, then the embedded store) that is stopped and started
// again on the same data folder and port: no revision is missed or repeated, and a transaction
// arrives as one batch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type EtcdClient, type WatchBatch } from '../../src/etcd/index.js';
import { type StoreUnderTest, startStore } from '../support/stores.js';
import { waitFor } from '../support/wait.js';

describe.each(['etcd', 'setpoint'] as const)('watchPrefix across a store restart (%s)', (kind) => {
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

  it('delivers every revision once, in order, across a restart', async () => {
    const prefix = 'restart/';
    await client.etcd.put(`${prefix}seed`).value('0');
    const snapshot = await client.rangeSnapshot(prefix);

    // Written after the snapshot but before the watch starts: the watch must still deliver it.
    await client.etcd.put(`${prefix}early`).value('1');
    // Outside the prefix: never delivered.
    const outside = Number((await client.etcd.put('restartless/ignored').value('x').exec()).header.revision);

    const batches: WatchBatch[] = [];
    const disconnects: Error[] = [];
    const connectedFrom: number[] = [];
    const watch = client.watchPrefix(prefix, {
      fromRevision: snapshot.revision,
      onEvents: (batch) => {
        batches.push(batch);
      },
      onResync: () => {
        throw new Error('no compaction happens in this test');
      },
      onConnected: (connection) => {
        connectedFrom.push(connection.fromRevision);
      },
      onDisconnected: (error) => {
        disconnects.push(error);
      },
      retry: { initialDelayMs: 20, maxDelayMs: 200 },
    });

    let written = 0;
    const write = async (count: number) => {
      for (let i = 0; i < count; i++) {
        const key = `${prefix}${written++}`;
        await waitFor(() => client.etcd.put(key).value(`v${written}`).exec(), { what: `a write of ${key}` });
      }
    };
    await write(50);
    // One transaction: three keys, one revision.
    const txn = await client.etcd.kv.txn({
      compare: [],
      success: ['a', 'b', 'c'].map((k) => ({
        request_put: { key: Buffer.from(`${prefix}txn/${k}`), value: Buffer.from(k) },
      })),
      failure: [],
    });
    await client.etcd.delete().key(`${prefix}seed`);
    await waitFor(() => batches.length >= 20, { what: 'events before the restart' });

    await store.restart();
    // Written as soon as the store is back, while the watch is still reconnecting.
    await write(50);
    await waitFor(() => disconnects.length > 0 && connectedFrom.length > 1, {
      what: 'the watch to reconnect',
    });
    await write(20);

    const finalRevision = (await client.rangeSnapshot(prefix)).revision;
    await waitFor(() => watch.lastRevision() >= finalRevision, { what: `revision ${finalRevision}` });
    await watch.stop();

    // Every revision after the snapshot except the one outside the prefix, each once, in order.
    const revisions = batches.map((b) => b.revision);
    expect(revisions).toEqual(
      Array.from({ length: finalRevision - snapshot.revision }, (_, i) => snapshot.revision + 1 + i).filter(
        (revision) => revision !== outside,
      ),
    );
    expect(batches[0]?.events.map((e) => e.kv.key)).toEqual([`${prefix}early`]);
    // The reconnect asked for the revision after the last one delivered.
    const resumedFrom = connectedFrom[1] ?? 0;
    expect(revisions).toContain(resumedFrom - 1);

    const txnBatch = batches.find((b) => b.revision === Number(txn.header.revision));
    expect(txnBatch?.events.map((e) => [e.type, e.kv.key, e.kv.value.toString()])).toEqual([
      ['put', `${prefix}txn/a`, 'a'],
      ['put', `${prefix}txn/b`, 'b'],
      ['put', `${prefix}txn/c`, 'c'],
    ]);
    const deletion = batches.find((b) => b.events[0]?.type === 'delete');
    expect(deletion?.events[0]?.kv.key).toBe(`${prefix}seed`);
    expect(deletion?.events[0]?.kv.value.length).toBe(0);
    expect(batches.filter((b) => b !== txnBatch).every((b) => b.events.length === 1)).toBe(true);
  });

  it('hands previous values over when asked', async () => {
    const prefix = 'previous/';
    await client.etcd.put(`${prefix}k`).value('one');
    const snapshot = await client.rangeSnapshot(prefix);
    const batches: WatchBatch[] = [];
    const watch = client.watchPrefix(prefix, {
      fromRevision: snapshot.revision,
      withPrevious: true,
      onEvents: (batch) => {
        batches.push(batch);
      },
      onResync: () => undefined,
    });
    await client.etcd.put(`${prefix}k`).value('two');
    await waitFor(() => batches.length === 1, { what: 'the change' });
    await watch.stop();
    expect(batches[0]?.events[0]?.previous?.value.toString()).toBe('one');
    expect(batches[0]?.events[0]?.kv.value.toString()).toBe('two');
  });

  it('waits for an async onEvents before the next batch, and stops when it throws', async () => {
    const prefix = 'handler/';
    const snapshot = await client.rangeSnapshot(prefix);
    const order: string[] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const watch = client.watchPrefix(prefix, {
      fromRevision: snapshot.revision,
      onEvents: async (batch) => {
        const key = batch.events[0]?.kv.key ?? '';
        order.push(`start ${key}`);
        if (key.endsWith('1')) await gate;
        if (key.endsWith('3')) throw new Error('cannot apply 3');
        order.push(`end ${key}`);
      },
      onResync: () => undefined,
    });
    for (const n of [1, 2, 3, 4]) await client.etcd.put(`${prefix}${n}`).value(String(n));
    await waitFor(() => order.length === 1, { what: 'the first batch to start' });
    release();
    await expect(watch.done).rejects.toMatchObject({ code: 'ETCD_WATCH_HANDLER_FAILED' });
    expect(order).toEqual([
      `start ${prefix}1`,
      `end ${prefix}1`,
      `start ${prefix}2`,
      `end ${prefix}2`,
      `start ${prefix}3`,
    ]);
    expect(watch.lastRevision()).toBe(snapshot.revision + 2);
  });
});
