// Snapshots read in pages, against real etcd and against the embedded store: exactly the state at
// their revision while writers change the prefix between and during pages; compaction during paging
// is reported or retried.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  connect,
  type EtcdClient,
  type KeyValue,
  SnapshotCompactedError,
  type SnapshotPage,
} from '../../src/etcd/index.js';
import { type StoreUnderTest, startStore } from '../support/stores.js';
import { waitFor } from '../support/wait.js';

describe.each(['etcd', 'setpoint'] as const)('rangeSnapshot and snapshotPages (%s)', (kind) => {
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

  /** What the store itself answers for the prefix at `revision`, in one unpaged request. */
  async function stateAt(prefix: string, revision: number): Promise<[string, string, number][]> {
    const end = Buffer.from(prefix);
    end[end.length - 1] = (end.at(-1) ?? 0) + 1;
    const response = await client.etcd.kv.range({ key: Buffer.from(prefix), range_end: end, revision });
    return response.kvs.map((kv) => [kv.key.toString(), kv.value.toString(), Number(kv.mod_revision)]);
  }

  const triples = (kvs: KeyValue[]) =>
    kvs.map((kv): [string, string, number] => [kv.key, kv.value.toString(), kv.modRevision]);

  async function fill(prefix: string, count: number): Promise<void> {
    const keys = Array.from({ length: count }, (_, i) => `${prefix}${String(i).padStart(5, '0')}`);
    // 100 puts per transaction: a few thousand keys in a few dozen requests.
    for (let i = 0; i < keys.length; i += 100) {
      const batch = keys.slice(i, i + 100);
      await client.etcd.kv.txn({
        compare: [],
        success: batch.map((key) => ({
          request_put: { key: Buffer.from(key), value: Buffer.from(`v0-${key}`) },
        })),
        failure: [],
      });
    }
  }

  it('is exactly the state at its revision while writers change the prefix during the read', async () => {
    const prefix = 'paging/';
    await fill(prefix, 3_000);

    // Background writers update, add and delete keys all through the read.
    let writing = true;
    let writes = 0;
    const writer = async (id: number) => {
      for (let i = 0; i < 5_000 && writing; i++) {
        const n = (i * 7 + id * 13) % 3_200;
        const key = `${prefix}${String(n).padStart(5, '0')}`;
        if (i % 5 === 4) await client.etcd.delete().key(key);
        else await client.etcd.put(key).value(`w${id}-${i}`);
        writes++;
      }
    };
    const writers = [writer(1), writer(2)];
    await waitFor(() => writes > 50, { what: 'the writers to start' });

    // Between pages, deterministic changes on top: a key already read, one not read yet (changed
    // and deleted), and a new key at the end.
    const pages: SnapshotPage[] = [];
    const snapshot = await client.rangeSnapshot(prefix, {
      pageSize: 100,
      onPage: async (page) => {
        pages.push(page);
        if (pages.length === 1) {
          await client.etcd.put(`${prefix}00000`).value('changed after it was read');
          await client.etcd.put(`${prefix}02999`).value('changed before it was read');
          await client.etcd.delete().key(`${prefix}02998`);
          await client.etcd.put(`${prefix}99999`).value('added during the read');
        }
      },
    });
    writing = false;
    await Promise.all(writers);

    expect(pages.length).toBeGreaterThanOrEqual(30);
    expect(pages.every((page) => page.revision === snapshot.revision)).toBe(true);
    expect(pages.every((page) => page.attempt === 1)).toBe(true);
    // The store moved on during the read...
    const now = (await client.status()).revision;
    expect(now).toBeGreaterThan(snapshot.revision + 4);
    // ...yet the snapshot is exactly the store's state at the snapshot's revision.
    expect(triples(snapshot.kvs)).toEqual(await stateAt(prefix, snapshot.revision));
    expect(snapshot.kvs.every((kv) => kv.modRevision <= snapshot.revision)).toBe(true);
    expect(snapshot.kvs.map((kv) => kv.key)).not.toContain(`${prefix}99999`);
    const keys = snapshot.kvs.map((kv) => kv.key);
    expect(keys).toEqual([...keys].sort());
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('reads an empty prefix, and one key per page', async () => {
    const empty = await client.rangeSnapshot('nothing-here/');
    expect(empty.kvs).toEqual([]);
    expect(empty.revision).toBe((await client.status()).revision);

    await fill('tiny/', 3);
    const tiny = await client.rangeSnapshot('tiny/', { pageSize: 1 });
    expect(tiny.kvs.map((kv) => kv.key)).toEqual(['tiny/00000', 'tiny/00001', 'tiny/00002']);
  });

  it('reads at a revision given by the caller', async () => {
    await client.etcd.put('pinned/a').value('old');
    const before = (await client.rangeSnapshot('pinned/')).revision;
    await client.etcd.put('pinned/a').value('new');
    await client.etcd.put('pinned/b').value('new');
    const old = await client.rangeSnapshot('pinned/', { revision: before });
    expect(old.revision).toBe(before);
    expect(old.kvs.map((kv) => [kv.key, kv.value.toString()])).toEqual([['pinned/a', 'old']]);
  });

  it('reports a compaction that overtakes a page-by-page read', async () => {
    const prefix = 'compacted-pages/';
    await fill(prefix, 300);
    const seen: number[] = [];
    const read = async () => {
      for await (const page of client.snapshotPages(prefix, { pageSize: 100 })) {
        seen.push(page.kvs.length);
        if (seen.length === 1) {
          await client.etcd.put(`${prefix}00299`).value('newer');
          await client.etcd.kv.compact({ revision: (await client.status()).revision, physical: true });
        }
      }
    };
    const error = await read().then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(SnapshotCompactedError);
    expect((error as SnapshotCompactedError).code).toBe('ETCD_SNAPSHOT_COMPACTED');
    expect((error as SnapshotCompactedError).message).toMatch(/compacted-pages\/.*read the snapshot again/);
    expect(seen).toEqual([100]);
  });

  it('starts again at a newer revision when compaction overtakes rangeSnapshot', async () => {
    const prefix = 'compacted-snapshot/';
    await fill(prefix, 300);
    const pages: SnapshotPage[] = [];
    const snapshot = await client.rangeSnapshot(prefix, {
      pageSize: 100,
      onPage: async (page) => {
        pages.push(page);
        if (pages.length === 1) {
          await client.etcd.put(`${prefix}00299`).value('newer');
          await client.etcd.kv.compact({ revision: (await client.status()).revision, physical: true });
        }
      },
    });
    expect(pages[0]?.attempt).toBe(1);
    expect(pages.at(-1)?.attempt).toBe(2);
    expect(snapshot.revision).toBeGreaterThan(pages[0]?.revision ?? Number.POSITIVE_INFINITY);
    expect(snapshot.kvs).toHaveLength(300);
    expect(snapshot.kvs.at(-1)?.value.toString()).toBe('newer');
    expect(triples(snapshot.kvs)).toEqual(await stateAt(prefix, snapshot.revision));
  });

  it('refuses to silently move a snapshot pinned to a compacted revision', async () => {
    await client.etcd.put('gone/a').value('1');
    const old = (await client.status()).revision;
    await client.etcd.put('gone/a').value('2');
    await client.etcd.kv.compact({ revision: (await client.status()).revision });
    await expect(client.rangeSnapshot('gone/', { revision: old })).rejects.toThrow(SnapshotCompactedError);
  });
});
