// The state of a key or of every key under a prefix at a revision: from etcd while it keeps that
// revision, from the recorded history after etcd compacted it.
import { GRPCOutOfRangeError } from 'etcd3';
import type { EtcdClient } from '../../etcd/index.js';
import { SnapshotCompactedError } from '../../etcd/index.js';
import { HISTORY_PREFIX } from '../../keyspace/index.js';
import { valueAt } from '../history/index.js';
import type { StoredSide } from './diff.js';
import { RevisionInvalidError, ValueNotKeptError } from './errors.js';

/** Key -> its stored value and mod_revision. */
export type State = Map<string, StoredSide>;

/**
 * Whether `path` names a prefix (ends in '/') rather than one key.
 *
 * @example
 * isPrefix('hack/'); // true
 */
export function isPrefix(path: string): boolean {
  return path.endsWith('/');
}

/**
 * The state of `path` (a key, or a prefix ending in '/') now.
 *
 * @example
 * const { revision, state } = await currentState(client, 'hack/');
 */
export async function currentState(
  client: EtcdClient,
  path: string,
): Promise<{ revision: number; state: State }> {
  if (!isPrefix(path)) {
    const response = await client.etcd.kv.range({ key: Buffer.from(path, 'utf8') });
    const kv = response.kvs[0];
    const state: State = new Map();
    if (kv !== undefined)
      state.set(path, { stored: kv.value.toString('utf8'), modRevision: Number(kv.mod_revision) });
    return { revision: Number(response.header.revision), state };
  }
  const snapshot = await client.rangeSnapshot(path);
  return {
    revision: snapshot.revision,
    state: new Map(
      snapshot.kvs.map((kv) => [kv.key, { stored: kv.value.toString('utf8'), modRevision: kv.modRevision }]),
    ),
  };
}

/**
 * The state of `path` at `revision`: read from etcd at that revision while etcd keeps it, else
 * rebuilt from the history records (which throw `HistoryNotRecordedError` / `HistoryLostError`
 * when they cannot answer).
 *
 * @example
 * const then = await stateAt(client, 'hack/', 120);
 */
export async function stateAt(client: EtcdClient, path: string, revision: number): Promise<State> {
  const now = await client.currentRevision();
  if (!Number.isSafeInteger(revision) || revision < 1)
    throw new RevisionInvalidError(revision, 'is not a revision (1 or more)');
  if (revision > now) throw new RevisionInvalidError(revision, `is in the future: the newest is ${now}`);
  try {
    if (!isPrefix(path)) {
      const response = await client.etcd.kv.range({ key: Buffer.from(path, 'utf8'), revision });
      const kv = response.kvs[0];
      return new Map(
        kv === undefined
          ? []
          : [[path, { stored: kv.value.toString('utf8'), modRevision: Number(kv.mod_revision) }]],
      );
    }
    const snapshot = await client.rangeSnapshot(path, { revision });
    return new Map(
      snapshot.kvs.map((kv) => [kv.key, { stored: kv.value.toString('utf8'), modRevision: kv.modRevision }]),
    );
  } catch (err) {
    if (!(err instanceof GRPCOutOfRangeError || err instanceof SnapshotCompactedError)) throw err;
  }
  const keys = isPrefix(path) ? await recordedKeys(client, path) : [path];
  const state: State = new Map();
  for (const key of keys) {
    const entry = await valueAt(client, key, revision);
    if (entry?.truncated) throw new ValueNotKeptError(key, revision);
    if (entry?.value !== undefined)
      state.set(key, { stored: entry.value.toString('utf8'), modRevision: entry.revision });
  }
  return state;
}

/** Every key under `prefix` the history recorder has records of. */
async function recordedKeys(client: EtcdClient, prefix: string): Promise<string[]> {
  const keys = new Set<string>();
  for await (const page of client.snapshotPages(`${HISTORY_PREFIX}${prefix}`, { pageSize: 1000 })) {
    for (const kv of page.kvs) {
      const at = kv.key.lastIndexOf('@');
      if (at > HISTORY_PREFIX.length) keys.add(kv.key.slice(HISTORY_PREFIX.length, at));
    }
  }
  return [...keys];
}
