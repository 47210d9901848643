// The keys the backup benchmark backs up and restores: random base64 values under a few
// directories, held in memory so the raw write loop sends exactly what a restore writes.
import { randomBytes } from 'node:crypto';
import { Range } from 'etcd3';
import type { EtcdClient } from '../../src/etcd/index.js';

/** The directories the keys are spread over; each is one backup prefix. */
export const DIRECTORIES = ['bench-backup/d0/', 'bench-backup/d1/', 'bench-backup/d2/', 'bench-backup/d3/'];

export interface Entry {
  readonly key: Buffer;
  readonly value: Buffer;
}

/**
 * `count` keys in etcd's key order (directory by directory, zero-padded numbers), each with a value of
 * `valueBytes` random base64 characters: 6 bits of entropy per byte, so gzip keeps about 3/4 of them.
 */
export function makeEntries(count: number, valueBytes: number): Entry[] {
  const perDirectory = Math.ceil(count / DIRECTORIES.length);
  const digits = String(perDirectory).length;
  const entries: Entry[] = [];
  for (const [d, directory] of DIRECTORIES.entries()) {
    const inThis = Math.min(perDirectory, count - d * perDirectory);
    for (let i = 0; i < inThis; i++) {
      const value = randomBytes(Math.ceil((valueBytes * 3) / 4) + 3)
        .toString('base64')
        .slice(0, valueBytes);
      entries.push({
        key: Buffer.from(`${directory}key${String(i).padStart(digits, '0')}`),
        value: Buffer.from(value),
      });
    }
  }
  return entries;
}

/** The bytes of keys and values together. */
export function payloadBytes(entries: readonly Entry[]): number {
  return entries.reduce((sum, e) => sum + e.key.length + e.value.length, 0);
}

/**
 * Puts every entry in transactions of `perTxn` puts without compares, `inFlight` at once, in order:
 * the batching `applyRestore` uses (src/backup/restore/apply.ts), without its per-key compares.
 */
export async function writeRaw(
  client: EtcdClient,
  entries: readonly Entry[],
  options: { perTxn?: number; inFlight?: number } = {},
): Promise<void> {
  const perTxn = options.perTxn ?? 100;
  const inFlight = options.inFlight ?? 4;
  const running = new Set<Promise<unknown>>();
  let failure: unknown;
  for (let start = 0; start < entries.length && failure === undefined; start += perTxn) {
    const batch = entries.slice(start, start + perTxn);
    const task = client.etcd.kv
      .txn({
        compare: [],
        success: batch.map((e) => ({ request_put: { key: e.key, value: e.value } })),
        failure: [],
      })
      .catch((err: unknown) => {
        failure ??= err;
      })
      .finally(() => running.delete(task));
    running.add(task);
    while (running.size >= inFlight) await Promise.race(running);
  }
  await Promise.all(running);
  if (failure !== undefined) throw failure;
}

/**
 * Deletes every directory and compacts etcd's history physically, so each write phase meets the
 * same empty, compacted keyspace rather than one growing by 100 MB of old revisions per phase.
 */
export async function wipe(client: EtcdClient): Promise<void> {
  let revision = 0;
  for (const directory of DIRECTORIES) {
    const range = Range.prefix(directory);
    const response = await client.etcd.kv.deleteRange({ key: range.start, range_end: range.end });
    revision = Math.max(revision, Number(response.header.revision));
  }
  await client.etcd.kv.compact({ revision: String(revision), physical: true });
}

/** Keys now under the directories. */
export async function countKeys(client: EtcdClient): Promise<number> {
  let count = 0;
  for (const directory of DIRECTORIES) {
    const range = Range.prefix(directory);
    const response = await client.etcd.kv.range({ key: range.start, range_end: range.end, count_only: true });
    count += Number(response.count);
  }
  return count;
}

/**
 * Throws unless etcd holds every entry with its value: a write phase that lost or changed a key
 * must not be timed as if it had written it. Reads page by page in key order.
 */
export async function checkKeys(client: EtcdClient, entries: readonly Entry[], what: string): Promise<void> {
  let index = 0;
  for (const directory of DIRECTORIES) {
    for await (const page of client.snapshotPages(directory, { pageSize: 1000 })) {
      for (const kv of page.kvs) {
        const expected = entries[index];
        if (expected === undefined || !kv.keyBytes.equals(expected.key) || !kv.value.equals(expected.value))
          throw new Error(
            `${what}: etcd holds ${kv.key} where ${expected?.key.toString() ?? 'no more keys'} was expected with its value`,
          );
        index += 1;
      }
    }
  }
  if (index !== entries.length)
    throw new Error(`${what}: etcd holds ${index} of the ${entries.length} keys written`);
}
