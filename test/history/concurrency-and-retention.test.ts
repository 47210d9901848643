// Two recorders at once record each change exactly once; retention keeps the newest N records of a
// key and never its newest. Each store starts empty, so the recorders race for the baseline too.
import { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connect, type EtcdClient } from '../../src/etcd/index.js';
import { HISTORY_POSITION_KEY, HISTORY_PREFIX, historyKeyPrefix } from '../../src/keyspace/index.js';
import { applyHistoryRetention, readKeyHistory } from '../../src/server/history/index.js';
import { type StoreKind, type StoreUnderTest, startStore } from '../support/stores.js';
import { startTestRecorder } from './recorder-harness.js';

describe.each<StoreKind>(['etcd', 'setpoint'])('history on %s', (kind) => {
  let store: StoreUnderTest;
  let etcd: Etcd3;
  let client: EtcdClient;

  beforeAll(async () => {
    store = await startStore(kind);
    etcd = new Etcd3({ hosts: store.endpoint });
    client = await connect({ endpoints: store.endpoint });
  });
  afterAll(async () => {
    await client?.close();
    etcd?.close();
    await store?.destroy();
  });

  test('two recorders at once write each record exactly once, baseline included', async () => {
    for (let i = 0; i < 60; i++) await etcd.put(`before/k${i}`).value(String(i)).exec();
    const [a, b] = await Promise.all([startTestRecorder(store.endpoint), startTestRecorder(store.endpoint)]);
    try {
      // Both have started (one wrote the baseline and the position, the other lost and read it).
      await Promise.all([a.until(1), b.until(1)]);
      let last = 0;
      const writes: Promise<unknown>[] = [];
      for (let i = 0; i < 40; i++)
        writes.push(
          etcd
            .put(`race/k${i % 7}`)
            .value(String(i))
            .exec(),
        );
      const txn = etcd
        .if('race/k0', 'Version', '>', 0)
        .then(...Array.from({ length: 80 }, (_, i) => etcd.put(`race/wide${i}`).value('w')));
      await Promise.all(writes);
      last = Number((await txn.commit()).header.revision);
      last = Number((await etcd.delete().key('race/k1').exec()).header.revision);
      await Promise.all([a.until(last), b.until(last)]);

      const records = await etcd.getAll().prefix(HISTORY_PREFIX).exec();
      const race = records.kvs.filter((kv) => kv.key.toString().startsWith(`${HISTORY_PREFIX}race/`));
      expect(race).toHaveLength(40 + 80 + 1);
      const before = records.kvs.filter((kv) => kv.key.toString().startsWith(`${HISTORY_PREFIX}before/`));
      expect(before).toHaveLength(60);
      // Version 1: no record was ever written a second time.
      expect(records.kvs.filter((kv) => kv.version !== '1').map((kv) => kv.key.toString())).toEqual([]);
      // Every change of one key, once each.
      const k1 = await readKeyHistory(client, 'race/k1');
      expect(k1.map((e) => e.kind)).toEqual(['delete', ...Array<string>(6).fill('put')]);
      expect(new Set(k1.map((e) => e.revision)).size).toBe(7);
      const position = JSON.parse((await etcd.get(HISTORY_POSITION_KEY).string())!) as { revision: number };
      expect(position.revision).toBeGreaterThanOrEqual(last);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  test('retention keeps the newest N records of each key and never the newest, however old', async () => {
    const recorder = await startTestRecorder(store.endpoint);
    try {
      let last = 0;
      for (let i = 1; i <= 6; i++)
        last = Number((await etcd.put('kept/n').value(String(i)).exec()).header.revision);
      await etcd.put('kept/gone').value('x').exec();
      last = Number((await etcd.delete().key('kept/gone').exec()).header.revision);
      await recorder.until(last);

      const byCount = await applyHistoryRetention(client, { maxVersionsPerKey: 3 });
      expect(byCount.dropped).toBeGreaterThanOrEqual(3);
      expect((await readKeyHistory(client, 'kept/n')).map((e) => e.value?.toString())).toEqual([
        '6',
        '5',
        '4',
      ]);

      // A year from now every record is too old; each key keeps its newest one only.
      const later = new Date(Date.now() + 400 * 86_400_000);
      await applyHistoryRetention(client, { maxAgeDays: 365 }, { now: later });
      expect((await readKeyHistory(client, 'kept/n')).map((e) => e.value?.toString())).toEqual(['6']);
      expect((await readKeyHistory(client, 'kept/gone')).map((e) => e.kind)).toEqual(['delete']);
      const remaining = await etcd.getAll().prefix(HISTORY_PREFIX).keys();
      const keys = new Set(remaining.map((path) => path.slice(HISTORY_PREFIX.length, path.lastIndexOf('@'))));
      expect(remaining).toHaveLength(keys.size);
      expect(await etcd.getAll().prefix(historyKeyPrefix('race/k1')).keys()).toHaveLength(1);
    } finally {
      await recorder.stop();
    }
  });
});
