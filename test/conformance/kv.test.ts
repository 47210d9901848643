// Conformance of the KV service (MVCC revisions, Range, Put, DeleteRange, Compact) with etcd 3.4.
import { type IRangeRequest, SortOrder, SortTarget } from 'etcd3';
import { describe, expect, test } from 'vitest';
import { bytes, fromKey, prefixEnd } from './support/keys.js';
import { normalize, outcome, revisionOf } from './support/observe.js';
import { conform, type Target, usePair } from './support/pair.js';

const pair = usePair();

const compacted = { code: 'OUT_OF_RANGE', message: 'etcdserver: mvcc: required revision has been compacted' };
const future = { code: 'OUT_OF_RANGE', message: 'etcdserver: mvcc: required revision is a future revision' };

async function currentRevision(t: Target): Promise<number> {
  return revisionOf(await t.client.kv.range({ key: bytes('any') }));
}

describe('MVCC revisions', () => {
  test('a new store is at revision 1 and empty', async () => {
    const seen = await conform(pair(), async (t) =>
      normalize({
        all: await t.client.kv.range({ key: fromKey, range_end: fromKey }),
        status: { revision: (await t.client.maintenance.status({})).header.revision },
      }),
    );
    expect(seen).toMatchObject({ all: { header: { revision: '1' }, kvs: [], count: '0' } });
  });

  test('each put is one revision; create_revision, mod_revision and version follow it', async () => {
    const seen = await conform(pair(), async (t) => {
      const first = await t.client.kv.put({ key: bytes('mvcc/a'), value: bytes('1') });
      const second = await t.client.kv.put({ key: bytes('mvcc/a'), value: bytes('2'), prev_kv: true });
      const other = await t.client.kv.put({ key: bytes('mvcc/b'), value: bytes('x') });
      // Writing the same value again is still a write: a new revision and version.
      const same = await t.client.kv.put({ key: bytes('mvcc/b'), value: bytes('x'), prev_kv: true });
      const a = await t.client.kv.range({ key: bytes('mvcc/a') });
      const b = await t.client.kv.range({ key: bytes('mvcc/b') });
      return {
        raw: { first: revisionOf(first), second: revisionOf(second) },
        ...normalize({ first, second, other, same, a, b }),
      };
    });
    expect(seen.raw.second).toBe(seen.raw.first + 1);
    expect(seen.a).toMatchObject({
      kvs: [
        {
          key: 'mvcc/a',
          value: '2',
          version: '2',
          create_revision: String(seen.raw.first),
          mod_revision: String(seen.raw.second),
        },
      ],
    });
    expect(seen.second).toMatchObject({ prev_kv: { value: '1', version: '1' } });
    expect(seen.b).toMatchObject({ kvs: [{ version: '2', value: 'x' }] });
  });

  test('a delete leaves history readable at older revisions; a re-created key starts at version 1', async () => {
    const seen = await conform(pair(), async (t) => {
      const before = await currentRevision(t);
      const deleted = await t.client.kv.deleteRange({ key: bytes('mvcc/a'), prev_kv: true });
      const gone = await t.client.kv.range({ key: bytes('mvcc/a') });
      const history = await t.client.kv.range({ key: bytes('mvcc/a'), revision: before });
      const recreated = await t.client.kv.put({ key: bytes('mvcc/a'), value: bytes('3') });
      const now = await t.client.kv.range({ key: bytes('mvcc/a') });
      return { before, ...normalize({ deleted, gone, history, recreated, now }) };
    });
    expect(seen.deleted).toMatchObject({ header: { revision: String(seen.before + 1) }, deleted: '1' });
    expect(seen.gone).toMatchObject({ kvs: [], count: '0' });
    expect(seen.history).toMatchObject({ kvs: [{ value: '2' }] });
    expect(seen.now).toMatchObject({
      kvs: [{ value: '3', version: '1', create_revision: String(seen.before + 2) }],
    });
  });

  test('deleting nothing does not make a revision', async () => {
    const seen = await conform(pair(), async (t) => {
      const before = await currentRevision(t);
      const missing = await t.client.kv.deleteRange({ key: bytes('mvcc/missing'), prev_kv: true });
      const emptyRange = await t.client.kv.deleteRange({ key: bytes('mvcc/x'), range_end: bytes('mvcc/z') });
      const after = await currentRevision(t);
      const next = await t.client.kv.put({ key: bytes('mvcc/c'), value: bytes('c') });
      return { before, after, ...normalize({ missing, emptyRange, next }) };
    });
    expect(seen.after).toBe(seen.before);
    expect(seen.missing).toMatchObject({ deleted: '0', prev_kvs: [] });
    expect(seen.next).toMatchObject({ header: { revision: String(seen.before + 1) } });
  });
});

describe('Range', () => {
  // Five keys whose versions, create and mod revisions and values are all different, so every sort
  // target gives one order (Go's sort is not stable: ties could come back in any order).
  const ranged = ['range/a', 'range/b', 'range/c', 'range/d', 'range/e'];
  const writes: Array<[string, string]> = [
    ['range/c', 'p'],
    ['range/a', 'm'],
    ['range/e', 'z'],
    ['range/b', 'q'],
    ['range/d', 'b'],
    ['range/a', 'k'],
    ['range/e', 'y'],
    ['range/e', 'f'],
    ['range/b', 'w'],
    ['range/b', 'c'],
    ['range/b', 'x'],
    ['range/d', 'n'],
    ['range/d', 'e'],
    ['range/d', 'u'],
    ['range/d', 'g'],
    // Just outside the prefix on either side.
    ['rangd', 'outside'],
    ['range0', 'outside'],
  ];

  test('every form of range, with limits, filters, sorting and older revisions', async () => {
    const seen = await conform(pair(), async (t) => {
      const revisions: number[] = [];
      for (const [key, value] of writes) {
        revisions.push(revisionOf(await t.client.kv.put({ key: bytes(key), value: bytes(value) })));
      }
      const [first] = revisions;
      const prefix = { key: bytes('range/'), range_end: prefixEnd('range/') };
      const range = (request: IRangeRequest) => outcome(t.client.kv.range(request));
      const keysOf = async (request: IRangeRequest) => {
        const response = await t.client.kv.range({ ...request, keys_only: true });
        return {
          keys: response.kvs.map((kv) => kv.key.toString()),
          more: response.more,
          count: response.count,
        };
      };
      const sorted: Record<string, unknown> = {};
      for (const order of [SortOrder.None, SortOrder.Ascend, SortOrder.Descend]) {
        for (const target of [
          SortTarget.Key,
          SortTarget.Version,
          SortTarget.Create,
          SortTarget.Mod,
          SortTarget.Value,
        ]) {
          sorted[`${SortOrder[order]} by ${SortTarget[target]}`] = await keysOf({
            ...prefix,
            sort_order: order,
            sort_target: target,
          });
        }
      }
      const middle = revisions[8]!;
      return {
        revisions,
        single: await range({ key: bytes('range/b') }),
        missing: await range({ key: bytes('range/zz') }),
        halfOpen: await range({ key: bytes('range/b'), range_end: bytes('range/d') }),
        prefix: await range(prefix),
        fromKey: await keysOf({ key: bytes('range/c'), range_end: fromKey }),
        all: await keysOf({ key: fromKey, range_end: fromKey }),
        limited: await keysOf({ ...prefix, limit: 2 }),
        limitEqualsCount: await keysOf({ ...prefix, limit: 5 }),
        limitAboveCount: await keysOf({ ...prefix, limit: 50 }),
        atRevision: await range({ ...prefix, revision: middle }),
        atFirstRevision: await range({ ...prefix, revision: first! }),
        limitedAtRevision: await keysOf({ ...prefix, revision: middle, limit: 1 }),
        sorted,
        sortedLimited: await keysOf({
          ...prefix,
          sort_order: SortOrder.Descend,
          sort_target: SortTarget.Value,
          limit: 2,
        }),
        keysOnly: await range({ ...prefix, keys_only: true }),
        countOnly: await range({ ...prefix, count_only: true }),
        countOnlyLimited: await range({ ...prefix, count_only: true, limit: 2 }),
        minMod: await keysOf({ ...prefix, min_mod_revision: revisions[12]! }),
        maxMod: await keysOf({ ...prefix, max_mod_revision: revisions[10]! }),
        minCreate: await keysOf({ ...prefix, min_create_revision: revisions[2]! }),
        maxCreate: await keysOf({ ...prefix, max_create_revision: revisions[2]! }),
        minMaxCreateLimited: await keysOf({
          ...prefix,
          min_create_revision: revisions[1]!,
          max_create_revision: revisions[4]!,
          limit: 1,
        }),
        serializable: await range({ ...prefix, serializable: true }),
        serializableAtRevision: await range({ ...prefix, serializable: true, revision: middle }),
      };
    });
    expect(seen.single).toMatchObject({
      ok: { kvs: [{ key: 'range/b', value: 'x', version: '4' }], count: '1' },
    });
    expect(seen.missing).toMatchObject({ ok: { kvs: [], count: '0', more: false } });
    expect(seen.halfOpen).toMatchObject({
      ok: { count: '2', kvs: [{ key: 'range/b' }, { key: 'range/c' }] },
    });
    expect(seen.prefix).toMatchObject({ ok: { count: '5' } });
    expect(seen.limited).toEqual({ keys: ['range/a', 'range/b'], more: true, count: '5' });
    expect(seen.limitEqualsCount).toEqual({ keys: ranged, more: false, count: '5' });
    expect(seen.fromKey.keys).toEqual(['range/c', 'range/d', 'range/e', 'range0']);
    expect(seen.sorted['Descend by Key']).toEqual({ keys: [...ranged].reverse(), more: false, count: '5' });
    expect(seen.sorted['Ascend by Version']).toMatchObject({
      keys: ['range/c', 'range/a', 'range/e', 'range/b', 'range/d'],
    });
    expect(seen.countOnly).toMatchObject({ ok: { kvs: [], count: '5' } });
  });
});

describe('Put', () => {
  test('prev_kv, lease, ignore_value and ignore_lease, and their errors', async () => {
    const seen = await conform(pair(), async (t) => {
      await t.client.leaseClient.leaseGrant({ ID: 7001, TTL: 600 });
      const key = bytes('put/k');
      const get = () => outcome(t.client.kv.range({ key }));
      const put = (request: Parameters<typeof t.client.kv.put>[0]) => outcome(t.client.kv.put(request));
      const steps: Record<string, unknown> = {};
      const before = await currentRevision(t);
      steps.ignoreValueOnMissingKey = await put({ key, ignore_value: true });
      steps.ignoreLeaseOnMissingKey = await put({ key, value: bytes('v'), ignore_lease: true });
      steps.withLease = await put({ key, value: bytes('v1'), lease: 7001 });
      steps.afterWithLease = await get();
      steps.ignoreValue = await put({ key, ignore_value: true, prev_kv: true, lease: 7001 });
      steps.afterIgnoreValue = await get();
      steps.ignoreLease = await put({ key, value: bytes('v2'), ignore_lease: true, prev_kv: true });
      steps.afterIgnoreLease = await get();
      steps.ignoreBoth = await put({ key, ignore_value: true, ignore_lease: true });
      steps.afterIgnoreBoth = await get();
      // A plain put without a lease detaches the key from its lease.
      steps.detach = await put({ key, value: bytes('v3') });
      steps.afterDetach = await get();
      steps.ignoreValueWithoutLease = await put({ key, ignore_value: true });
      steps.afterIgnoreValueWithoutLease = await get();
      const beforeErrors = await currentRevision(t);
      steps.valueProvided = await put({ key, value: bytes('x'), ignore_value: true });
      steps.leaseProvided = await put({ key, value: bytes('x'), lease: 7001, ignore_lease: true });
      steps.unknownLease = await put({ key, value: bytes('x'), lease: 987654 });
      steps.emptyKey = await put({ key: Buffer.alloc(0), value: bytes('x') });
      steps.noKey = await put({ value: bytes('x') });
      steps.afterErrors = await get();
      steps.emptyValue = await put({ key: bytes('put/empty'), value: Buffer.alloc(0) });
      steps.readEmptyValue = await outcome(t.client.kv.range({ key: bytes('put/empty') }));
      return { before, beforeErrors, afterErrors: await currentRevision(t), steps: normalize(steps) };
    });
    const keyNotFound = { code: 'INVALID_ARGUMENT', message: 'etcdserver: key not found' };
    expect(seen.steps).toMatchObject({
      ignoreValueOnMissingKey: { error: keyNotFound },
      ignoreLeaseOnMissingKey: { error: keyNotFound },
      afterWithLease: { ok: { kvs: [{ value: 'v1', lease: '7001' }] } },
      afterIgnoreValue: { ok: { kvs: [{ value: 'v1', lease: '7001', version: '2' }] } },
      afterIgnoreLease: { ok: { kvs: [{ value: 'v2', lease: '7001', version: '3' }] } },
      afterDetach: { ok: { kvs: [{ value: 'v3', lease: '0' }] } },
      valueProvided: { error: { code: 'INVALID_ARGUMENT', message: 'etcdserver: value is provided' } },
      leaseProvided: { error: { code: 'INVALID_ARGUMENT', message: 'etcdserver: lease is provided' } },
      unknownLease: { error: { code: 'NOT_FOUND', message: 'etcdserver: requested lease not found' } },
      emptyKey: { error: { code: 'INVALID_ARGUMENT', message: 'etcdserver: key is not provided' } },
    });
    // Refused writes make no revision; the key-not-found refusals came before the first write.
    expect(seen.afterErrors).toBe(seen.beforeErrors + 1);
  });
});

describe('DeleteRange', () => {
  test('single key, range, prefix and from-key deletes with prev_kv and deleted counts', async () => {
    const seen = await conform(pair(), async (t) => {
      for (const key of [
        'del/a',
        'del/b',
        'del/c',
        'del/d',
        'del/p/1',
        'del/p/2',
        'del/p/3',
        'del/q',
        'del/r',
      ]) {
        await t.client.kv.put({ key: bytes(key), value: bytes(`value of ${key}`) });
      }
      const before = await currentRevision(t);
      const single = await t.client.kv.deleteRange({ key: bytes('del/a') });
      const range = await t.client.kv.deleteRange({
        key: bytes('del/b'),
        range_end: bytes('del/d'),
        prev_kv: true,
      });
      const prefix = await t.client.kv.deleteRange({
        key: bytes('del/p/'),
        range_end: prefixEnd('del/p/'),
        prev_kv: true,
      });
      const rest = await t.client.kv.deleteRange({ key: bytes('del/q'), range_end: fromKey });
      const left = await t.client.kv.range({ key: bytes('del/'), range_end: prefixEnd('del/') });
      // The three keys of the prefix delete went away together, in one revision.
      const beforePrefixDelete = await t.client.kv.range({
        key: bytes('del/p/'),
        range_end: prefixEnd('del/p/'),
        revision: revisionOf(prefix) - 1,
      });
      return { before, ...normalize({ single, range, prefix, rest, left, beforePrefixDelete }) };
    });
    expect(seen.single).toMatchObject({
      deleted: '1',
      prev_kvs: [],
      header: { revision: String(seen.before + 1) },
    });
    expect(seen.range).toMatchObject({ deleted: '2', prev_kvs: [{ key: 'del/b' }, { key: 'del/c' }] });
    expect(seen.prefix).toMatchObject({ deleted: '3', header: { revision: String(seen.before + 3) } });
    expect(seen.beforePrefixDelete).toMatchObject({ count: '3' });
    expect(seen.left).toMatchObject({ kvs: [{ key: 'del/d' }], count: '1' });
  });
});

describe('Compact', () => {
  test('reads at older revisions work until compacted; compacted and future revisions fail', async () => {
    const seen = await conform(pair(), async (t) => {
      const key = bytes('compact/k');
      const r1 = revisionOf(await t.client.kv.put({ key, value: bytes('1') }));
      const r2 = revisionOf(await t.client.kv.put({ key, value: bytes('2') }));
      const r3 = revisionOf(await t.client.kv.put({ key, value: bytes('3') }));
      const read = (revision: number) => outcome(t.client.kv.range({ key, revision }));
      const steps: Record<string, unknown> = {};
      steps.beforeCompaction = await read(r1);
      steps.future = await read(r3 + 1);
      steps.farFuture = await read(r3 + 1000);
      steps.negativeMeansLatest = await read(-5);
      steps.compact = await outcome(t.client.kv.compact({ revision: r2, physical: true }));
      steps.compactedRead = await read(r1);
      steps.readAtCompactedRevision = await read(r2);
      steps.readAfter = await read(r3);
      steps.compactAgain = await outcome(t.client.kv.compact({ revision: r2 }));
      steps.compactOlder = await outcome(t.client.kv.compact({ revision: r1 }));
      steps.compactFuture = await outcome(t.client.kv.compact({ revision: r3 + 1 }));
      steps.compactLogical = await outcome(t.client.kv.compact({ revision: r3, physical: false }));
      steps.compactedAfterLogical = await read(r2);
      steps.latest = await read(0);
      const after = await currentRevision(t);
      return { r1, r2, r3, after, steps: normalize(steps) };
    });
    expect(seen.steps).toMatchObject({
      beforeCompaction: { ok: { kvs: [{ value: '1' }] } },
      future: { error: future },
      farFuture: { error: future },
      compact: { ok: { header: { revision: String(seen.r3) } } },
      compactedRead: { error: compacted },
      readAtCompactedRevision: { ok: { kvs: [{ value: '2' }] } },
      compactAgain: { error: compacted },
      compactOlder: { error: compacted },
      compactFuture: { error: future },
      compactLogical: { ok: {} },
      compactedAfterLogical: { error: compacted },
      latest: { ok: { kvs: [{ value: '3', version: '3' }] } },
    });
    // Compaction is not a write.
    expect(seen.after).toBe(seen.r3);
  });
});

describe('etcd3 client builders', () => {
  test('get, getAll, put, delete and count through the high-level API', async () => {
    const seen = await conform(pair(), async (t) => {
      const { client } = t;
      await client.put('builder/a').value('1');
      await client.put('builder/b').value('2');
      const put = await client.put('builder/b').value('3').getPrevious();
      const one = await client.get('builder/a').string();
      const missing = await client.get('builder/none').string();
      const all = await client.getAll().prefix('builder/').strings();
      const count = await client.getAll().prefix('builder/').count();
      const sorted = await client.getAll().prefix('builder/').sort('Value', 'Descend').keys();
      const deleted = await client.delete().key('builder/a').getPrevious();
      const afterDelete = await client.getAll().prefix('builder/').keys();
      return normalize({ put, one, missing, all, count, sorted, deleted, afterDelete });
    });
    expect(seen).toMatchObject({
      one: '1',
      missing: null,
      all: { 'builder/a': '1', 'builder/b': '3' },
      count: 2,
      sorted: ['builder/b', 'builder/a'],
      afterDelete: ['builder/b'],
    });
  });
});
