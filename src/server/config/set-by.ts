// Who set a key's value, found without reading the directory's change records: every change writes,
// in its own transaction, a pointer beside each key it puts (who, when, why, the change's id), so
// the pointer and the key share a mod_revision while the value is that change's. A change touching
// too many keys for a pointer each (etcd's --max-txn-ops) writes one wide-change entry instead.
// Values set before any server wrote pointers are found in the change records, as before.
import type { IRequestOp } from 'etcd3';
import { z } from 'zod';
import type { EtcdClient, KeyValue } from '../../etcd/index.js';
import {
  prefixRangeEnd,
  SET_BY_PREFIX,
  SET_BY_SINCE_KEY,
  setByPath,
  WIDE_CHANGES_PREFIX,
  wideChangePath,
} from '../../keyspace/layout.js';
import { deleteOp, putOp, unchangedSince } from '../../keyspace/transaction.js';
import { type ChangeRecord, changesAt, recordsAtRevisions } from './changes.js';
import type { SetBy } from './values.js';

/**
 * A who-set-it pointer (or wide-change entry) as stored: the change's id and what `SetBy` shows.
 *
 * @example
 * { change: '00001796000000000123', user: 'alice', at: '2026-11-30T09:00:00.000Z', message: 'rotate', source: 'put' }
 */
export interface SetByPointer extends SetBy {
  readonly change: string;
}

const pointerSchema = z.object({
  change: z.string(),
  user: z.string(),
  at: z.string(),
  message: z.string(),
  source: z.string(),
});

function pointerOf(record: ChangeRecord): string {
  const pointer: SetByPointer = {
    change: record.id,
    user: record.user,
    at: record.at,
    message: record.message,
    source: record.source,
  };
  return JSON.stringify(pointer);
}

function parsePointer(value: Buffer): SetBy | undefined {
  try {
    const parsed = pointerSchema.safeParse(JSON.parse(value.toString('utf8')));
    if (!parsed.success) return undefined;
    const { user, at, message, source } = parsed.data;
    return { user, at, message, source };
  } catch {
    return undefined;
  }
}

/**
 * The writes that record who made `record`'s change, for its own transaction: a pointer put beside
 * every key it puts and dropped beside every key it deletes — or, when `room` (operations the
 * transaction can still take) is short of that, one wide-change entry.
 *
 * @example
 * success.push(...setByWrites(record, ops, 128 - success.length));
 */
export function setByWrites(
  record: ChangeRecord,
  ops: readonly { key: string; action: 'put' | 'delete' }[],
  room: number,
): IRequestOp[] {
  if (ops.length > room) {
    return room > 0 ? [putOp(wideChangePath(record.directory, record.id), pointerOf(record))] : [];
  }
  const pointer = pointerOf(record);
  return ops.map((op) =>
    op.action === 'put' ? putOp(setByPath(op.key), pointer) : deleteOp(setByPath(op.key)),
  );
}

/**
 * The writes dropping every pointer and wide-change entry of a directory deleted with its keys.
 *
 * @example
 * success.push(...dropSetByOf('hack'));
 */
export function dropSetByOf(directory: string): IRequestOp[] {
  return [SET_BY_PREFIX, WIDE_CHANGES_PREFIX].map((prefix) => {
    const under = `${prefix}${directory}/`;
    return {
      request_delete_range: { key: Buffer.from(under, 'utf8'), range_end: prefixRangeEnd(under) },
    };
  });
}

/** The revision pointers are written from, per client, once known. */
const sinceOf = new WeakMap<EtcdClient, number>();
const marking = new WeakMap<EtcdClient, Promise<number>>();

/**
 * Makes sure the store says from which revision every change carries who-set-it pointers (the
 * first server writing them says so once); resolves to that revision. Called before a server's
 * first change.
 *
 * @example
 * await markSetBySince(client);
 */
export function markSetBySince(client: EtcdClient): Promise<number> {
  const known = sinceOf.get(client);
  if (known !== undefined) return Promise.resolve(known);
  let marked = marking.get(client);
  if (marked === undefined) {
    marked = (async () => {
      const key = Buffer.from(SET_BY_SINCE_KEY, 'utf8');
      const result = await client.etcd.kv.txn({
        compare: [unchangedSince(SET_BY_SINCE_KEY, 0)],
        success: [putOp(SET_BY_SINCE_KEY, JSON.stringify({ markedAt: new Date().toISOString() }))],
        failure: [{ request_range: { key } }],
      });
      const kv = result.responses[0]?.response_range?.kvs[0];
      const since =
        result.succeeded || kv === undefined ? Number(result.header.revision) : Number(kv.mod_revision);
      sinceOf.set(client, since);
      return since;
    })();
    marking.set(client, marked);
    marked.catch(() => marking.delete(client));
  }
  return marked;
}

/** The revision pointers are written from, or undefined when no server has written any yet. */
async function setBySince(client: EtcdClient): Promise<number | undefined> {
  const known = sinceOf.get(client);
  if (known !== undefined) return known;
  const kv = (await client.etcd.kv.range({ key: Buffer.from(SET_BY_SINCE_KEY, 'utf8') })).kvs[0];
  if (kv === undefined) return undefined;
  const since = Number(kv.mod_revision);
  sinceOf.set(client, since);
  return since;
}

/**
 * Who set each of `kvs` (keys of `directory`, read at one revision), given their pointers read at
 * that same revision (by key). A value whose pointer is not at its revision was set by a wide
 * change, outside Setpoint, or before pointers were written: the first two are told by the
 * wide-change entries, the last by the directory's change records.
 *
 * @example
 * const setBy = await whoSet(client, 'hack', [kv], new Map([[kv.key, pointerKv]]));
 */
export async function whoSet(
  client: EtcdClient,
  directory: string,
  kvs: readonly KeyValue[],
  pointers: ReadonlyMap<string, KeyValue>,
): Promise<Map<string, SetBy>> {
  const found = new Map<string, SetBy>();
  const unresolved: KeyValue[] = [];
  for (const kv of kvs) {
    const pointer = pointers.get(kv.key);
    const setBy = pointer?.modRevision === kv.modRevision ? parsePointer(pointer.value) : undefined;
    if (setBy !== undefined) found.set(kv.key, setBy);
    else unresolved.push(kv);
  }
  if (unresolved.length === 0) return found;
  const since = (await setBySince(client)) ?? Number.POSITIVE_INFINITY;
  const before = unresolved.filter((kv) => kv.modRevision < since).map((kv) => kv.modRevision);
  const after = unresolved.filter((kv) => kv.modRevision >= since).map((kv) => kv.modRevision);
  const [old, wide] = await Promise.all([
    changesAt(client, directory, before),
    wideChangesAt(client, directory, after),
  ]);
  for (const kv of unresolved) {
    const setBy = old.get(kv.modRevision) ?? wide.get(kv.modRevision);
    if (setBy !== undefined) found.set(kv.key, setBy);
  }
  return found;
}

/** The wide changes of `directory` committed at these revisions, by revision. */
async function wideChangesAt(
  client: EtcdClient,
  directory: string,
  revisions: readonly number[],
): Promise<Map<number, SetBy>> {
  return recordsAtRevisions(client, `${WIDE_CHANGES_PREFIX}${directory}/`, revisions, (kv) =>
    parsePointer(kv.value),
  );
}
