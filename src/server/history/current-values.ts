// Reads the current value of every recorded key at one revision, skipping the history records
// themselves (the bulk of the keyspace once history grows).
import type { EtcdClient, KeyValue } from '../../etcd/index.js';
import { toRevision } from '../../etcd/index.js';
import { toKeyValue } from '../../etcd/key-value.js';
import { isCompactedError } from '../../etcd/snapshot.js';
import { HISTORY_PREFIX, prefixRangeEnd } from '../../keyspace/index.js';
import { isRecordedKey } from './scope.js';

/**
 * Every recorded key's current value, read at one revision.
 *
 * @example
 * const { revision, kvs } = await readCurrentValues(client);
 */
export interface CurrentValues {
  readonly revision: number;
  readonly kvs: KeyValue[];
}

const pageSize = 1000;
const maxAttempts = 5;
const allKeys = Buffer.from([0]);

/**
 * Reads every key but those under `_setpoint/history/` in pages pinned to the first page's revision,
 * keeping those the recorder records; starts again at a newer revision if etcd compacts meanwhile.
 *
 * @example
 * const snapshot = await readCurrentValues(client);
 */
export async function readCurrentValues(client: EtcdClient): Promise<CurrentValues> {
  let lastError: unknown;
  for (let attempt = 0; attempt < maxAttempts; attempt++) {
    try {
      return await readOnce(client);
    } catch (error) {
      if (!isCompactedError(error)) throw error;
      lastError = error;
    }
  }
  throw new Error(
    `cannot read the current values for the history baseline: etcd compacted ${maxAttempts} times during the read`,
    { cause: lastError },
  );
}

async function readOnce(client: EtcdClient): Promise<CurrentValues> {
  const ranges: [Buffer, Buffer][] = [
    [allKeys, Buffer.from(HISTORY_PREFIX, 'utf8')],
    [prefixRangeEnd(HISTORY_PREFIX), allKeys],
  ];
  let revision = 0;
  const kvs: KeyValue[] = [];
  for (const [start, end] of ranges) {
    let key = start;
    for (;;) {
      const response = await client.etcd.kv.range({ key, range_end: end, limit: pageSize, revision });
      if (revision === 0) revision = toRevision(response.header.revision);
      for (const kv of response.kvs) {
        const value = toKeyValue(kv);
        if (isRecordedKey(value.key)) kvs.push(value);
      }
      const last = response.kvs.at(-1);
      if (!response.more || last === undefined) break;
      key = Buffer.concat([last.key, allKeys]);
    }
  }
  return { revision, kvs };
}
