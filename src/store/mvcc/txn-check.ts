// etcd's static checks of a transaction: operation limits and puts that collide with each other.
import { StoreError } from '../errors.js';
import type { KeyInterval, TxnOperation, TxnRequest } from '../types.js';
import { contains } from './interval.js';

/** Refuses a transaction with more than `maxOps` compares or operations in a branch (nested too). */
export function checkTxnLimits(txn: TxnRequest, maxOps: number): void {
  const count = Math.max(txn.compare.length, txn.success.length, txn.failure.length);
  if (count > maxOps) throw new StoreError('TOO_MANY_OPS');
  for (const op of [...txn.success, ...txn.failure]) {
    if (op.kind === 'txn') checkTxnLimits(op.request, maxOps - count);
  }
}

interface Writes {
  puts: Set<string>;
  deletes: KeyInterval[];
}

/**
 * Refuses a branch that puts one key twice, or puts a key a delete of the same level also covers;
 * puts of one key in the then and else of a nested transaction are allowed (only one runs).
 */
export function checkDuplicateKeys(ops: readonly TxnOperation[]): Writes {
  const deletes: KeyInterval[] = [];
  for (const op of ops) if (op.kind === 'delete') deletes.push(op.request.interval);
  const deleted = (key: string) => deletes.some((interval) => overlapsPoint(interval, key));

  const puts = new Set<string>();
  for (const op of ops) {
    if (op.kind !== 'txn') continue;
    const then = checkDuplicateKeys(op.request.success);
    const otherwise = checkDuplicateKeys(op.request.failure);
    for (const key of then.puts) {
      if (puts.has(key) || deleted(key)) throw new StoreError('DUPLICATE_KEY');
      puts.add(key);
    }
    for (const key of otherwise.puts) {
      if (puts.has(key) && !then.puts.has(key)) throw new StoreError('DUPLICATE_KEY');
      if (deleted(key)) throw new StoreError('DUPLICATE_KEY');
      puts.add(key);
    }
    deletes.push(...then.deletes, ...otherwise.deletes);
  }
  for (const op of ops) {
    if (op.kind !== 'put') continue;
    const key = op.request.key.toString('latin1');
    if (puts.has(key) || deleted(key)) throw new StoreError('DUPLICATE_KEY');
    puts.add(key);
  }
  return { puts, deletes };
}

function overlapsPoint(interval: KeyInterval, key: string): boolean {
  // etcd reads a delete's range_end "\0" as an interval ending at "\0", which holds no key.
  if (interval.end === null) return false;
  return contains(interval, key);
}

/** Whether any operation, in any branch at any depth, writes. */
export function isWriteTxn(txn: TxnRequest): boolean {
  return [...txn.success, ...txn.failure].some(
    (op) => op.kind === 'put' || op.kind === 'delete' || (op.kind === 'txn' && isWriteTxn(op.request)),
  );
}
