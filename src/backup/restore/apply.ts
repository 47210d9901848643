// Writes a restore's changes in etcd transactions, each comparing every key it touches with the
// revision the plan read: a key someone changed meanwhile fails its transaction, stops the restore
// and is named — a concurrent writer is never silently overwritten.
import { CompareResult, CompareTarget, type ICompare, type IRequestOp } from 'etcd3';
import type { EtcdClient } from '../../etcd/index.js';
import { RestoreConflictError } from '../errors.js';
import type { RestoreChange } from './plan.js';

/**
 * How the changes are batched.
 *
 * @example
 * await applyRestore(client, changes, { maxTxnOps: 100, inFlight: 4 });
 */
export interface ApplyOptions {
  /** Keys per transaction (etcd refuses more than --max-txn-ops, 128 by default); default 100. */
  maxTxnOps?: number;
  /** Value bytes per transaction (etcd refuses requests over 1.5 MiB by default); default 1 MiB. */
  maxTxnBytes?: number;
  /** Transactions in flight at once (on disjoint keys); default 4. */
  inFlight?: number;
}

/**
 * Applies the changes (planned in batches, regrouped into transactions); returns how many keys were written. Throws `RestoreConflictError` at the
 * first conflict, after the transactions already in flight have finished.
 *
 * @example
 * const written = await applyRestore(client, planRestore(client, desired, scope, revision));
 */
export async function applyRestore(
  client: EtcdClient,
  changes: AsyncIterable<readonly RestoreChange[]>,
  options: ApplyOptions = {},
): Promise<number> {
  const maxOps = options.maxTxnOps ?? 100;
  const maxBytes = options.maxTxnBytes ?? 1024 * 1024;
  const inFlight = options.inFlight ?? 4;
  let written = 0;
  let conflict: RestoreConflictError | Error | undefined;
  const running = new Set<Promise<void>>();

  const commit = (batch: RestoreChange[]) => {
    const task = (async () => {
      const result = await client.etcd.kv.txn({
        compare: batch.map(unchanged),
        success: batch.map(operation),
        failure: [],
      });
      if (result.succeeded) {
        written += batch.length;
        return;
      }
      conflict ??= await findConflict(client, batch, written);
    })().catch((err: unknown) => {
      conflict ??= err as Error;
    });
    running.add(task);
    task.finally(() => running.delete(task));
    return task;
  };

  let batch: RestoreChange[] = [];
  let batchBytes = 0;
  reading: for await (const planned of changes) {
    for (const change of planned) {
      if (conflict !== undefined) break reading;
      if (
        batch.length > 0 &&
        (batch.length >= maxOps || batchBytes + change.key.length + change.value.length > maxBytes)
      ) {
        // The next batch was read (and decoded) while the transactions before it were in flight.
        while (running.size >= inFlight) await Promise.race(running);
        if (conflict !== undefined) break reading;
        commit(batch);
        batch = [];
        batchBytes = 0;
      }
      batch.push(change);
      batchBytes += change.key.length + change.value.length;
    }
  }
  if (batch.length > 0 && conflict === undefined) commit(batch);
  await Promise.all(running);
  if (conflict !== undefined) throw conflict;
  return written;
}

function unchanged(change: RestoreChange): ICompare {
  return change.currentModRevision === 0
    ? { key: change.key, target: CompareTarget.Version, result: CompareResult.Equal, version: 0 }
    : {
        key: change.key,
        target: CompareTarget.Mod,
        result: CompareResult.Equal,
        mod_revision: change.currentModRevision,
      };
}

function operation(change: RestoreChange): IRequestOp {
  return change.kind === 'remove'
    ? { request_delete_range: { key: change.key } }
    : { request_put: { key: change.key, value: change.value } };
}

async function findConflict(
  client: EtcdClient,
  batch: readonly RestoreChange[],
  written: number,
): Promise<Error> {
  for (const change of batch) {
    const response = await client.etcd.kv.range({ key: change.key });
    const actual = Number(response.kvs[0]?.mod_revision ?? 0);
    if (actual !== change.currentModRevision) {
      return new RestoreConflictError(
        change.key.toString('utf8'),
        change.currentModRevision,
        actual,
        written,
      );
    }
  }
  return new RestoreConflictError(batch[0]!.key.toString('utf8'), batch[0]!.currentModRevision, -1, written);
}
