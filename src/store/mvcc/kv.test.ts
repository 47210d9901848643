// Unit tests of etcd's KV semantics over the in-memory index (no server, no disk).
import { describe, expect, test } from 'vitest';
import { StoreError } from '../errors.js';
import type { RangeQuery, TxnRequest } from '../types.js';
import { indexKey } from './interval.js';
import { KeyIndex } from './key-index.js';
import { type KvContext, range, rangeQuery, WriteTxn } from './kv.js';

function context(): KvContext & { revision: number; leases: Set<bigint> } {
  const leases = new Set<bigint>();
  return {
    index: new KeyIndex(),
    compactRevision: 0,
    revision: 1,
    leases,
    leaseExists: (id) => leases.has(id),
    attachKey: () => undefined,
    detachKey: () => undefined,
  };
}

const b = (s: string) => Buffer.from(s);
const put = (key: string, value: string, lease = 0n) => ({
  key: b(key),
  value: b(value),
  lease,
  prevKv: true,
  ignoreValue: false,
  ignoreLease: false,
});
const query = (start: string, end?: string | null, extra: Partial<RangeQuery> = {}): RangeQuery =>
  rangeQuery({ start, end }, extra);

/** Runs one write the way the store does: a txn at the current revision, then the revision moves. */
function write<T>(ctx: ReturnType<typeof context>, run: (txn: WriteTxn) => T): T {
  const txn = new WriteTxn(ctx, ctx.revision);
  const result = run(txn);
  ctx.revision = txn.revision;
  return result;
}

const keysOf = (ctx: ReturnType<typeof context>, q: RangeQuery) =>
  range(ctx, q, ctx.revision).kvs.map((kv) => kv.key.toString());

describe('put and range', () => {
  test('each put is one revision; versions and create revisions follow etcd', () => {
    const ctx = context();
    write(ctx, (t) => t.put(put('a', '1')));
    const second = write(ctx, (t) => t.put(put('a', '2')));
    expect(second.headerRevision).toBe(3);
    expect(second.prevKv?.value.toString()).toBe('1');
    const [kv] = range(ctx, query('a'), ctx.revision).kvs;
    expect(kv).toMatchObject({ createRevision: 2, modRevision: 3, version: 2 });
    expect(range(ctx, query('a', undefined, { revision: 2 }), ctx.revision).kvs[0]?.value.toString()).toBe(
      '1',
    );
  });

  test('intervals: single key, [start, end), from-key, empty when end <= start', () => {
    const ctx = context();
    for (const k of ['a', 'b', 'c', 'd']) write(ctx, (t) => t.put(put(k, k)));
    expect(keysOf(ctx, query('b'))).toEqual(['b']);
    expect(keysOf(ctx, query('b', 'd'))).toEqual(['b', 'c']);
    expect(keysOf(ctx, query('b', null))).toEqual(['b', 'c', 'd']);
    expect(keysOf(ctx, query('c', 'b'))).toEqual([]);
  });

  test('limit sets more, count is the total before filters; sort by other targets defaults to ascend', () => {
    const ctx = context();
    for (const k of ['c', 'a', 'b']) write(ctx, (t) => t.put(put(k, k)));
    const limited = range(ctx, query('a', null, { limit: 2 }), ctx.revision);
    expect(limited.kvs.map((kv) => kv.key.toString())).toEqual(['a', 'b']);
    expect(limited).toMatchObject({ more: true, count: 3 });
    expect(keysOf(ctx, query('a', null, { sortTarget: 'MOD' }))).toEqual(['c', 'a', 'b']);
    expect(keysOf(ctx, query('a', null, { sortTarget: 'MOD', sortOrder: 'DESCEND' }))).toEqual([
      'b',
      'a',
      'c',
    ]);
    const filtered = range(ctx, query('a', null, { minModRevision: 3 }), ctx.revision);
    expect(filtered.kvs.map((kv) => kv.key.toString())).toEqual(['a', 'b']);
    expect(filtered.count).toBe(3);
  });

  test('byte order, not UTF-16 order: keys above 0x7f sort after ASCII', () => {
    const ctx = context();
    for (const k of ['\u00e9', 'z', 'a']) write(ctx, (t) => t.put(put(k, k)));
    expect(keysOf(ctx, query('\0', null))).toEqual(['a', 'z', '\u00e9']);
  });

  test('future revisions are refused; ignore_value needs an existing key; unknown lease is refused', () => {
    const ctx = context();
    expect(() => range(ctx, query('a', undefined, { revision: 5 }), ctx.revision)).toThrow(
      'etcdserver: mvcc: required revision is a future revision',
    );
    expect(() => write(ctx, (t) => t.put({ ...put('a', ''), ignoreValue: true }))).toThrow(
      'etcdserver: key not found',
    );
    expect(() => write(ctx, (t) => t.put(put('a', '1', 7n)))).toThrow(
      'etcdserver: requested lease not found',
    );
    expect(ctx.revision).toBe(1);
  });
});

describe('delete', () => {
  test('a delete of nothing does not move the revision; a delete leaves history', () => {
    const ctx = context();
    write(ctx, (t) => t.put(put('a', '1')));
    const none = write(ctx, (t) =>
      t.deleteRange({ interval: { start: 'x', end: undefined }, prevKv: false }),
    );
    expect(none).toMatchObject({ deleted: 0, headerRevision: 2 });
    const gone = write(ctx, (t) => t.deleteRange({ interval: { start: 'a', end: null }, prevKv: true }));
    expect(gone.deleted).toBe(1);
    expect(gone.prevKvs[0]?.value.toString()).toBe('1');
    expect(keysOf(ctx, query('a'))).toEqual([]);
    expect(range(ctx, query('a', undefined, { revision: 2 }), ctx.revision).kvs).toHaveLength(1);
    write(ctx, (t) => t.put(put('a', 'again')));
    expect(range(ctx, query('a'), ctx.revision).kvs[0]).toMatchObject({ version: 1, createRevision: 4 });
  });
});

describe('txn', () => {
  const cmp = (
    key: string,
    target: 'VERSION' | 'VALUE',
    result: 'EQUAL' | 'GREATER',
    operand: number | Buffer,
  ) => ({
    key,
    target,
    result,
    operand,
  });
  const txn = (
    compare: ReturnType<typeof cmp>[],
    success: TxnRequest['success'],
    failure: TxnRequest['failure'] = [],
  ) => ({
    compare: compare.map((c) => ({
      result: c.result,
      target: c.target,
      interval: { start: c.key, end: undefined },
      operand: c.operand,
    })),
    success,
    failure,
  });

  test('a missing key compares as version 0 but never equal by value', () => {
    const ctx = context();
    expect(write(ctx, (t) => t.txn(txn([cmp('a', 'VERSION', 'EQUAL', 0)], []))).succeeded).toBe(true);
    expect(write(ctx, (t) => t.txn(txn([cmp('a', 'VALUE', 'EQUAL', b(''))], []))).succeeded).toBe(false);
  });

  test('all writes of a txn share one revision; its reads see its own writes; nested compares see the state before', () => {
    const ctx = context();
    const result = write(ctx, (t) =>
      t.txn(
        txn(
          [],
          [
            { kind: 'put', request: put('a', '1') },
            { kind: 'put', request: put('b', '2') },
            { kind: 'range', request: query('a', 'c') },
            {
              kind: 'txn',
              request: txn(
                [cmp('a', 'VERSION', 'GREATER', 0)],
                [{ kind: 'put', request: put('c', 'then') }],
                [{ kind: 'put', request: put('c', 'else') }],
              ),
            },
          ],
        ),
      ),
    );
    expect(result.headerRevision).toBe(2);
    const read = result.responses[2];
    expect(read?.kind === 'range' && read.result.kvs.map((kv) => kv.key.toString())).toEqual(['a', 'b']);
    expect(range(ctx, query('c'), ctx.revision).kvs[0]?.value.toString()).toBe('else');
    expect(range(ctx, query('a', null), ctx.revision).kvs.map((kv) => kv.modRevision)).toEqual([2, 2, 2]);
  });

  test('a read-only txn does not move the revision', () => {
    const ctx = context();
    write(ctx, (t) => t.txn(txn([], [{ kind: 'range', request: query('a') }])));
    expect(ctx.revision).toBe(1);
  });

  test('an invalid operation in the chosen branch refuses the whole txn before any change', () => {
    const ctx = context();
    expect(() =>
      write(ctx, (t) =>
        t.txn(
          txn(
            [],
            [
              { kind: 'put', request: put('a', '1') },
              { kind: 'put', request: put('b', '2', 9n) },
            ],
          ),
        ),
      ),
    ).toThrow(StoreError);
    expect(ctx.index.latest(indexKey(b('a')))).toBeUndefined();
  });
});

describe('rollback', () => {
  test('a txn refused midway leaves no trace: its earlier delete is undone', () => {
    const ctx = context();
    write(ctx, (t) => t.put(put('a', '1')));
    write(ctx, (t) => t.put(put('b', '2')));
    const txn = new WriteTxn(ctx, ctx.revision);
    expect(() =>
      txn.txn({
        compare: [],
        // etcd's duplicate check reads a delete to range_end "\0" as covering nothing, so this
        // passes it; the put then finds its key gone.
        success: [
          { kind: 'delete', request: { interval: { start: 'a', end: null }, prevKv: false } },
          { kind: 'put', request: { ...put('b', ''), ignoreValue: true } },
        ],
        failure: [],
      }),
    ).toThrow('etcdserver: key not found');
    txn.rollback();
    expect(txn.events).toEqual([]);
    expect(keysOf(ctx, query('a', null))).toEqual(['a', 'b']);
    expect(range(ctx, query('b'), ctx.revision).kvs[0]).toMatchObject({ version: 1, modRevision: 3 });
  });
});
