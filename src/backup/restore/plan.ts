// What a restore changes: the desired state compared, key by key in etcd's order, with what etcd
// holds now under the same prefixes. Keys bound to a lease (agent status, leader claims) are
// ephemeral: they are neither restored nor removed.
import type { EtcdClient, KeyValue } from '../../etcd/index.js';
import type { BackupRecord } from '../format/record.js';
import { prefixMatcher } from '../prefixes.js';

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

/**
 * Compares `desired` (in key order) with etcd at `revision` under the scope; yields every change.
 *
 * @example
 * for await (const change of planRestore(client, desired, scope, revision)) batch.push(change);
 */
export async function* planRestore(
  client: EtcdClient,
  desired: AsyncIterable<BackupRecord>,
  scope: RestoreScope,
  revision: number,
): AsyncGenerator<RestoreChange> {
  const wanted = mapped(desired, scope);
  const current = currentState(client, scope, revision);
  let want = await wanted.next();
  let have = await current.next();
  while (!want.done || !have.done) {
    const order = want.done ? 1 : have.done ? -1 : Buffer.compare(want.value.key, have.value.keyBytes);
    if (order < 0) {
      const record = (want as IteratorYieldResult<BackupRecord>).value;
      yield { kind: 'add', key: record.key, value: record.value, currentModRevision: 0 };
      want = await wanted.next();
    } else if (order > 0) {
      const kv = (have as IteratorYieldResult<KeyValue>).value;
      if (scope.prune && kv.lease === '0') {
        yield {
          kind: 'remove',
          key: kv.keyBytes,
          value: Buffer.alloc(0),
          currentModRevision: kv.modRevision,
        };
      }
      have = await current.next();
    } else {
      const record = (want as IteratorYieldResult<BackupRecord>).value;
      const kv = (have as IteratorYieldResult<KeyValue>).value;
      if (kv.lease === '0' && !kv.value.equals(record.value)) {
        yield { kind: 'change', key: record.key, value: record.value, currentModRevision: kv.modRevision };
      }
      want = await wanted.next();
      have = await current.next();
    }
  }
}

async function* mapped(
  desired: AsyncIterable<BackupRecord>,
  scope: RestoreScope,
): AsyncGenerator<BackupRecord> {
  const from = scope.into === undefined ? undefined : Buffer.from(scope.prefixes[0] ?? '');
  const to = scope.into === undefined ? undefined : Buffer.from(scope.into);
  const inScope = prefixMatcher(scope.prefixes);
  for await (const record of desired) {
    if (record.lease !== '0' || !inScope(record.key)) continue;
    if (from === undefined || to === undefined) yield record;
    else yield { ...record, key: Buffer.concat([to, record.key.subarray(from.length)]) };
  }
}

async function* currentState(
  client: EtcdClient,
  scope: RestoreScope,
  revision: number,
): AsyncGenerator<KeyValue> {
  const prefixes = scope.into === undefined ? scope.prefixes : [scope.into];
  for (const prefix of prefixes) {
    for await (const page of client.snapshotPages(prefix, { revision })) yield* page.kvs;
  }
}
