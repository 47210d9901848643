// The store's log fills segment after segment under concurrent load; a crash loses no acknowledged write.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Disk } from '../../src/store/mvcc/disk.js';
import { tempFolder } from '../support/ports.js';
import { type StoreUnderTest, startSetpointStore } from '../support/stores.js';

// 8 KiB values: 2600 puts are about 21 MB, more than one 16 MiB log segment per round.
const VALUE = 8 * 1024;
const PUTS_PER_ROUND = 2600;
const CONCURRENT = 64;

let store: StoreUnderTest;
beforeAll(async () => {
  store = await startSetpointStore();
});
afterAll(async () => {
  await store?.destroy();
});

function segments(): string[] {
  return readdirSync(join(store.dataDir, 'wal')).filter((name) => name.endsWith('.log'));
}

/** Puts `count` keys from `CONCURRENT` writers; returns each acknowledged key's value and revision. */
async function load(round: number, count: number): Promise<Map<string, { value: string; revision: number }>> {
  const client = new Etcd3({ hosts: store.endpoint });
  const acknowledged = new Map<string, { value: string; revision: number }>();
  let next = 0;
  try {
    await Promise.all(
      Array.from({ length: CONCURRENT }, async () => {
        while (next < count) {
          const i = next++;
          const key = `rot/${round}/${String(i).padStart(5, '0')}`;
          const value = `${key}:`.padEnd(VALUE, String.fromCharCode(97 + (i % 26)));
          const response = await client.put(key).value(value).exec();
          acknowledged.set(key, { value, revision: Number(response.header.revision) });
        }
      }),
    );
  } finally {
    client.close();
  }
  return acknowledged;
}

test('segments roll over while groups sync concurrently, old ones are reclaimed, and kill -9 loses nothing acknowledged', async () => {
  const all = new Map<string, { value: string; revision: number }>();
  for (let round = 1; round <= 2; round++) {
    for (const [key, write] of await load(round, PUTS_PER_ROUND)) all.set(key, write);
    await store.kill();
    await store.restart();
    // The whole prefix is read in one answer: tens of megabytes.
    const client = new Etcd3({
      hosts: store.endpoint,
      grpcOptions: { 'grpc.max_receive_message_length': 256 << 20 },
    });
    try {
      const stored = new Map<string, { value: string; revision: number }>();
      const response = await client.getAll().prefix('rot/').exec();
      for (const kv of response.kvs) {
        stored.set(kv.key.toString(), { value: kv.value.toString(), revision: Number(kv.mod_revision) });
      }
      for (const [key, write] of all) expect(stored.get(key), key).toEqual(write);
      const newest = Math.max(...[...all.values()].map((w) => w.revision));
      expect(Number(response.header.revision)).toBeGreaterThanOrEqual(newest);
    } finally {
      client.close();
    }
  }
  // About 42 MB went through the log; the segments SQLite holds were deleted along the way.
  expect(segments().length).toBeLessThanOrEqual(3);
});

test('a segment that rolled over during a sync keeps the writes SQLite does not hold yet', async () => {
  const { path: dir, remove } = await tempFolder('race');
  try {
    const output = execFileSync(
      process.execPath,
      [
        '--import',
        import.meta.resolve('tsx'),
        new URL('./fixtures/rotation-race.ts', import.meta.url).pathname,
        dir,
      ],
      { encoding: 'utf8' },
    );
    expect(output).toContain('durable b c');
    const { disk, state } = Disk.open(dir);
    try {
      expect(state.records.map((r) => r.key.toString())).toEqual(['a', 'b', 'c']);
    } finally {
      disk.close();
    }
  } finally {
    await remove();
  }
});
