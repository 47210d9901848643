// What a restore changes: the desired state compared, key by key in etcd's order, with what etcd
// holds now under the same prefixes. Keys bound to a lease (agent status, leader claims) are
// ephemeral: they are neither restored nor removed.
import type { EtcdClient, KeyValue } from '../../etcd/index.js';
import type { BackupRecord } from '../format/record.js';
import { prefixMatcher } from '../prefixes.js';
import { BatchCursor } from './batch-cursor.js';

/**
 * One key a restore adds, changes or removes, with the revision it was at when read (0: absent).
 *
 * @example
 * if (change.kind === 'remove') console.log(`- ${change.key.toString()}`);
 */
export interface RestoreChange {
  readonly kind: 'add' | 'change' | 'remove';
  readonly key: Buffer;
  /** The value to write (empty for a removal). */
  readonly value: Buffer;
  /** The key's mod revision when the plan read it; 0 when it did not exist. */
  readonly currentModRevision: number;
}

/**
 * Which keys a restore covers and where they go.
 *
 * @example
 * const scope: RestoreScope = { prefixes: ['registry-test/'], into: 'registry-copy/', prune: false };
 */
export interface RestoreScope {
  /** Key prefixes restored; '' is everything. */
  readonly prefixes: readonly string[];
  /** Restore the single prefix under this one instead. */
  readonly into?: string;
  /** Remove keys that did not exist at the restored point. */
  readonly prune: boolean;
}

/** Changes handed on at once (a few transactions' worth). */
const CHANGES_PER_BATCH = 256;

/**
 * Compares `desired` (in key order, in batches) with etcd at `revision` under the scope; yields
 * every change, in batches.
 *
 * @example
 * for await (const changes of planRestore(client, desired, scope, revision)) batch.push(...changes);
 */
export async function* planRestore(
  client: EtcdClient,
  desired: AsyncIterable<readonly BackupRecord[]>,
  scope: RestoreScope,
  revision: number,
): AsyncGenerator<RestoreChange[]> {
  const wanted = new BatchCursor(mapped(desired, scope));
  const current = new BatchCursor(currentState(client, scope, revision));
  let out: RestoreChange[] = [];
  for (;;) {
    if (wanted.needsFill) await wanted.fill();
    if (current.needsFill) await current.fill();
    const want = wanted.current;
    const have = current.current;
    if (want === undefined && have === undefined) break;
    const order = want === undefined ? 1 : have === undefined ? -1 : Buffer.compare(want.key, have.keyBytes);
    if (order < 0) {
      const record = want!;
      out.push({ kind: 'add', key: record.key, value: record.value, currentModRevision: 0 });
      wanted.advance();
    } else if (order > 0) {
      const kv = have!;
      if (scope.prune && kv.lease === '0') {
        out.push({
          kind: 'remove',
          key: kv.keyBytes,
          value: Buffer.alloc(0),
          currentModRevision: kv.modRevision,
        });
      }
      current.advance();
    } else {
      const record = want!;
      const kv = have!;
      if (kv.lease === '0' && !kv.value.equals(record.value)) {
        out.push({
          kind: 'change',
          key: record.key,
          value: record.value,
          currentModRevision: kv.modRevision,
        });
      }
      wanted.advance();
      current.advance();
    }
    if (out.length >= CHANGES_PER_BATCH) {
      yield out;
      out = [];
    }
  }
  if (out.length > 0) yield out;
}

async function* mapped(
  desired: AsyncIterable<readonly BackupRecord[]>,
  scope: RestoreScope,
): AsyncGenerator<BackupRecord[]> {
  const from = scope.into === undefined ? undefined : Buffer.from(scope.prefixes[0] ?? '');
  const to = scope.into === undefined ? undefined : Buffer.from(scope.into);
  const inScope = prefixMatcher(scope.prefixes);
  for await (const records of desired) {
    const out: BackupRecord[] = [];
    for (const record of records) {
      if (record.lease !== '0' || !inScope(record.key)) continue;
      if (from === undefined || to === undefined) out.push(record);
      else out.push({ ...record, key: Buffer.concat([to, record.key.subarray(from.length)]) });
    }
    if (out.length > 0) yield out;
  }
}

async function* currentState(
  client: EtcdClient,
  scope: RestoreScope,
  revision: number,
): AsyncGenerator<readonly KeyValue[]> {
  const prefixes = scope.into === undefined ? scope.prefixes : [scope.into];
  for (const prefix of prefixes) {
    for await (const page of client.snapshotPages(prefix, { revision })) {
      if (page.kvs.length > 0) yield page.kvs;
    }
  }
}
