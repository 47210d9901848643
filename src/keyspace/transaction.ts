// The etcd compare clauses the keyspace's transactions are built from, and its retry loop.
import { CompareResult, CompareTarget, type ICompare, type IRequestOp } from 'etcd3';
import type { EtcdClient } from '../etcd/index.js';
import { KeyspaceContendedError } from './errors.js';
import { prefixRangeEnd } from './layout.js';

/** How many times a change is tried again when the records it read changed meanwhile. */
export const MAX_ATTEMPTS = 10;

/** The key was last changed at `modRevision` (0: it does not exist). */
export function unchangedSince(key: string, modRevision: number): ICompare {
  return {
    key: Buffer.from(key, 'utf8'),
    target: CompareTarget.Mod,
    result: CompareResult.Equal,
    mod_revision: modRevision,
  };
}

/** The key exists. */
export function exists(key: string): ICompare {
  return {
    key: Buffer.from(key, 'utf8'),
    target: CompareTarget.Version,
    result: CompareResult.Greater,
    version: 0,
  };
}

/** No key under `prefix` was created or changed after `revision` (deletions are not seen). */
export function nothingNewUnder(prefix: string, revision: number): ICompare {
  return {
    key: Buffer.from(prefix, 'utf8'),
    range_end: prefixRangeEnd(prefix),
    target: CompareTarget.Mod,
    result: CompareResult.Less,
    mod_revision: revision + 1,
  };
}

export function putOp(key: string, value: string): IRequestOp {
  return { request_put: { key: Buffer.from(key, 'utf8'), value: Buffer.from(value, 'utf8') } };
}

export function deleteOp(key: string): IRequestOp {
  return { request_delete_range: { key: Buffer.from(key, 'utf8') } };
}

/**
 * Runs `attempt` until it commits: each attempt reads, decides (throwing a refusal if it must) and
 * returns its compares and writes; a failed compare means a concurrent change, so it reads again.
 */
export async function commitWithRetry(
  client: EtcdClient,
  what: string,
  attempt: () => Promise<{ compare: ICompare[]; success: IRequestOp[] }>,
): Promise<number> {
  for (let i = 0; i < MAX_ATTEMPTS; i++) {
    const { compare, success } = await attempt();
    const result = await client.etcd.kv.txn({ compare, success, failure: [] });
    if (result.succeeded) return Number(result.header.revision);
  }
  throw new KeyspaceContendedError(what, MAX_ATTEMPTS);
}
