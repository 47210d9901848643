// Conformance of KV Txn (compares, branches, nesting, limits, duplicate keys) with etcd 3.4.
import { CompareResult, CompareTarget, type ICompare, type IRequestOp, type ITxnRequest } from 'etcd3';
import { describe, expect, test } from 'vitest';
import { bytes, prefixEnd } from './support/keys.js';
import { normalize, outcome, revisionOf } from './support/observe.js';
import { conform, type Target, usePair } from './support/pair.js';

const pair = usePair();

const duplicateKey = { code: 'INVALID_ARGUMENT', message: 'etcdserver: duplicate key given in txn request' };
const tooManyOps = { code: 'INVALID_ARGUMENT', message: 'etcdserver: too many operations in txn request' };

const operators = [CompareResult.Equal, CompareResult.Greater, CompareResult.Less, CompareResult.NotEqual];

const put = (key: string, value = `value of ${key}`): IRequestOp => ({
  request_put: { key: bytes(key), value: bytes(value) },
});
const get = (key: string): IRequestOp => ({ request_range: { key: bytes(key) } });
const del = (key: string, rangeEnd?: string): IRequestOp => ({
  request_delete_range: {
    key: bytes(key),
    ...(rangeEnd === undefined ? {} : { range_end: bytes(rangeEnd) }),
  },
});
const txn = (request: ITxnRequest): IRequestOp => ({ request_txn: request });

/** A compare of `target` against `probe`, in the field of the compare's oneof that the target reads. */
function compare(
  key: string,
  target: CompareTarget,
  result: CompareResult,
  probe: string | number,
): ICompare {
  const field = {
    [CompareTarget.Version]: 'version',
    [CompareTarget.Create]: 'create_revision',
    [CompareTarget.Mod]: 'mod_revision',
    [CompareTarget.Value]: 'value',
    [CompareTarget.Lease]: 'lease',
  }[target];
  return {
    key: bytes(key),
    target,
    result,
    [field]: target === CompareTarget.Value ? bytes(String(probe)) : probe,
  };
}

async function currentRevision(t: Target): Promise<number> {
  return revisionOf(await t.client.kv.range({ key: bytes('any') }));
}

describe('Txn compares', () => {
  test('every target with every operator, below, at and above the actual value', async () => {
    const seen = await conform(pair(), async (t) => {
      await t.client.leaseClient.leaseGrant({ ID: 7101, TTL: 600 });
      const created = revisionOf(await t.client.kv.put({ key: bytes('cmp/k'), value: bytes('a') }));
      await t.client.kv.put({ key: bytes('cmp/k'), value: bytes('f') });
      const modified = revisionOf(
        await t.client.kv.put({ key: bytes('cmp/k'), value: bytes('m'), lease: 7101 }),
      );
      const probes: Array<[CompareTarget, Array<string | number>]> = [
        [CompareTarget.Version, [2, 3, 4]],
        [CompareTarget.Create, [created - 1, created, created + 1]],
        [CompareTarget.Mod, [modified - 1, modified, modified + 1]],
        // Values compare as bytes: a prefix is less, a longer value with the same start is greater.
        [CompareTarget.Value, ['g', 'm', 'n', '', 'm\u0000', 'M']],
        [CompareTarget.Lease, [7100, 7101, 7102, 0]],
      ];
      const results: Record<string, boolean> = {};
      const before = await currentRevision(t);
      for (const [target, values] of probes) {
        for (const result of operators) {
          for (const probe of values) {
            const response = await t.client.kv.txn({ compare: [compare('cmp/k', target, result, probe)] });
            results[`${CompareTarget[target]} ${CompareResult[result]} ${JSON.stringify(probe)}`] =
              response.succeeded;
          }
        }
      }
      return { created, modified, results, revisionUnchanged: (await currentRevision(t)) === before };
    });
    expect(seen.revisionUnchanged).toBe(true);
    expect(seen.results).toMatchObject({
      'Version Equal 3': true,
      'Version Greater 2': true,
      'Version Less 4': true,
      'Version NotEqual 3': false,
      [`Create Equal ${seen.created}`]: true,
      [`Mod Less ${seen.modified}`]: false,
      'Value Equal "m"': true,
      'Value Less "m\\u0000"': true,
      'Value Greater "M"': true,
      'Value Greater ""': true,
      'Lease Equal 7101': true,
      'Lease Greater 7100': true,
    });
  });

  test('compares on a missing key, and over a range of keys (all must match; an empty range)', async () => {
    const seen = await conform(pair(), async (t) => {
      await t.client.kv.put({ key: bytes('cmpr/a'), value: bytes('1') });
      await t.client.kv.put({ key: bytes('cmpr/b'), value: bytes('2') });
      await t.client.kv.put({ key: bytes('cmpr/b'), value: bytes('2') });
      await t.client.kv.put({ key: bytes('cmpr/c'), value: bytes('3') });
      const results: Record<string, boolean> = {};
      const targets = [
        CompareTarget.Version,
        CompareTarget.Create,
        CompareTarget.Mod,
        CompareTarget.Value,
        CompareTarget.Lease,
      ];
      for (const target of targets) {
        for (const result of operators) {
          const probe = target === CompareTarget.Value ? '' : 0;
          const missing = await t.client.kv.txn({ compare: [compare('cmp/missing', target, result, probe)] });
          results[`missing ${CompareTarget[target]} ${CompareResult[result]} ${JSON.stringify(probe)}`] =
            missing.succeeded;
          const empty = await t.client.kv.txn({
            compare: [{ ...compare('cmpr/x', target, result, probe), range_end: bytes('cmpr/z') }],
          });
          results[`empty range ${CompareTarget[target]} ${CompareResult[result]} ${JSON.stringify(probe)}`] =
            empty.succeeded;
        }
      }
      const overRange: Array<[CompareTarget, CompareResult, string | number]> = [
        [CompareTarget.Version, CompareResult.Greater, 0],
        [CompareTarget.Version, CompareResult.Greater, 1],
        [CompareTarget.Version, CompareResult.Less, 3],
        [CompareTarget.Version, CompareResult.Equal, 1],
        [CompareTarget.Value, CompareResult.Less, '4'],
        [CompareTarget.Value, CompareResult.Greater, '1'],
        [CompareTarget.Value, CompareResult.NotEqual, '9'],
        [CompareTarget.Lease, CompareResult.Equal, 0],
        [CompareTarget.Create, CompareResult.Greater, 1],
      ];
      for (const [target, result, probe] of overRange) {
        const response = await t.client.kv.txn({
          compare: [{ ...compare('cmpr/', target, result, probe), range_end: prefixEnd('cmpr/') }],
        });
        results[`range ${CompareTarget[target]} ${CompareResult[result]} ${JSON.stringify(probe)}`] =
          response.succeeded;
      }
      // Several compares: all must hold.
      const allHold = await t.client.kv.txn({
        compare: [
          compare('cmpr/a', CompareTarget.Value, CompareResult.Equal, '1'),
          compare('cmpr/b', CompareTarget.Version, CompareResult.Equal, 2),
        ],
      });
      const oneFails = await t.client.kv.txn({
        compare: [
          compare('cmpr/a', CompareTarget.Value, CompareResult.Equal, '1'),
          compare('cmpr/b', CompareTarget.Version, CompareResult.Equal, 1),
        ],
      });
      results['all hold'] = allHold.succeeded;
      results['one fails'] = oneFails.succeeded;
      return results;
    });
    expect(seen).toMatchObject({
      // A value compare on a missing key always fails: there is no value to compare.
      'missing Value Equal ""': false,
      'missing Value NotEqual ""': false,
      'missing Version Equal 0': true,
      'missing Create Equal 0': true,
      'range Version Greater 0': true,
      'range Version Greater 1': false,
      'range Value Less "4"': true,
      'all hold': true,
      'one fails': false,
    });
  });
});

describe('Txn branches', () => {
  test('success and failure branches answer each operation; a txn is one revision', async () => {
    const seen = await conform(pair(), async (t) => {
      await t.client.kv.put({ key: bytes('br/k'), value: bytes('v1') });
      await t.client.kv.put({ key: bytes('br/gone'), value: bytes('x') });
      const before = await currentRevision(t);
      const success = await t.client.kv.txn({
        compare: [compare('br/k', CompareTarget.Value, CompareResult.Equal, 'v1')],
        success: [
          { request_put: { key: bytes('br/k'), value: bytes('v2'), prev_kv: true } },
          put('br/new1'),
          put('br/new2'),
          { request_delete_range: { key: bytes('br/gone'), prev_kv: true } },
          get('br/k'),
          { request_range: { key: bytes('br/'), range_end: prefixEnd('br/'), count_only: true } },
        ],
        failure: [put('br/never')],
      });
      const failure = await t.client.kv.txn({
        compare: [compare('br/k', CompareTarget.Value, CompareResult.Equal, 'v1')],
        success: [put('br/never')],
        failure: [get('br/k'), put('br/fallback'), del('br/new1')],
      });
      const readOnly = await t.client.kv.txn({ success: [get('br/k'), get('br/missing')] });
      const failedWithoutFailureOps = await t.client.kv.txn({
        compare: [compare('br/k', CompareTarget.Version, CompareResult.Equal, 99)],
        success: [put('br/never')],
      });
      const deleteOfNothing = await t.client.kv.txn({ success: [del('br/missing')] });
      const empty = await t.client.kv.txn({});
      const after = await currentRevision(t);
      const all = await t.client.kv.range({ key: bytes('br/'), range_end: prefixEnd('br/') });
      return {
        before,
        after,
        ...normalize({ success, failure, readOnly, failedWithoutFailureOps, deleteOfNothing, empty, all }),
      };
    });
    expect(seen.success).toMatchObject({ succeeded: true, header: { revision: String(seen.before + 1) } });
    expect(seen.failure).toMatchObject({ succeeded: false, header: { revision: String(seen.before + 2) } });
    // Reads, failed compares without failure ops and deletes of nothing change nothing.
    expect(seen.after).toBe(seen.before + 2);
    expect(seen.all).toMatchObject({
      kvs: [
        { key: 'br/fallback', mod_revision: String(seen.before + 2) },
        { key: 'br/k', value: 'v2', mod_revision: String(seen.before + 1) },
        { key: 'br/new2', mod_revision: String(seen.before + 1) },
      ],
    });
  });

  test('reads inside a txn see its own earlier writes', async () => {
    const seen = await conform(pair(), async (t) => {
      await t.client.kv.put({ key: bytes('own/old'), value: bytes('old') });
      const response = await t.client.kv.txn({
        success: [
          get('own/k'),
          put('own/k', 'first'),
          get('own/k'),
          put('own/k2', 'second'),
          { request_range: { key: bytes('own/'), range_end: prefixEnd('own/') } },
          del('own/old'),
          get('own/old'),
          { request_range: { key: bytes('own/'), range_end: prefixEnd('own/'), count_only: true } },
        ],
      });
      return normalize({ response });
    });
    expect(seen.response).toMatchObject({
      responses: [
        { response_range: { count: '0' } },
        {},
        { response_range: { kvs: [{ value: 'first', version: '1' }] } },
        {},
        { response_range: { count: '3' } },
        { response_delete_range: { deleted: '1' } },
        { response_range: { count: '0' } },
        { response_range: { count: '2' } },
      ],
    });
  });

  test('nested txns take their own branch and write in the outer revision', async () => {
    const seen = await conform(pair(), async (t) => {
      await t.client.kv.put({ key: bytes('nest/flag'), value: bytes('on') });
      const response = await t.client.kv.txn({
        compare: [compare('nest/flag', CompareTarget.Value, CompareResult.Equal, 'on')],
        success: [
          put('nest/outer'),
          txn({
            compare: [compare('nest/flag', CompareTarget.Version, CompareResult.Greater, 5)],
            success: [put('nest/inner-then')],
            failure: [
              put('nest/inner-else'),
              get('nest/outer'),
              txn({ success: [put('nest/deep'), get('nest/inner-else')] }),
            ],
          }),
          get('nest/deep'),
        ],
      });
      const all = await t.client.kv.range({ key: bytes('nest/'), range_end: prefixEnd('nest/') });
      return normalize({ response, all });
    });
    expect(seen.all).toMatchObject({
      count: '4',
      kvs: [{ key: 'nest/deep' }, { key: 'nest/flag' }, { key: 'nest/inner-else' }, { key: 'nest/outer' }],
    });
  });

  test('the etcd3 client if/then/else builder', async () => {
    const seen = await conform(pair(), async (t) => {
      const { client } = t;
      await client.put('builder/k').value('1');
      const first = await client
        .if('builder/k', 'Value', '==', '1')
        .then(client.put('builder/k').value('2'))
        .else(client.get('builder/k'))
        .commit();
      const second = await client
        .if('builder/k', 'Value', '==', '1')
        .then(client.put('builder/k').value('3'))
        .else(client.get('builder/k'))
        .commit();
      const versionCheck = await client
        .if('builder/k', 'Version', '>', 1)
        .and('builder/missing', 'Create', '==', 0)
        .then(client.delete().key('builder/k'))
        .commit();
      return normalize({ first, second, versionCheck, after: await client.get('builder/k').string() });
    });
    expect(seen).toMatchObject({ first: { succeeded: true }, second: { succeeded: false }, after: null });
  });
});

describe('Txn limits and refusals', () => {
  test('at most 128 operations per branch and compare list, nested counted against the outer', async () => {
    const seen = await conform(pair(), async (t) => {
      const reads = (n: number, prefix = 'limit/') =>
        Array.from({ length: n }, (_, i) => get(`${prefix}${i}`));
      const compares = (n: number) =>
        Array.from({ length: n }, (_, i) =>
          compare(`limit/${i}`, CompareTarget.Version, CompareResult.Equal, 0),
        );
      const attempt = (request: ITxnRequest) =>
        outcome(
          t.client.kv.txn(request).then((r) => ({ succeeded: r.succeeded, responses: r.responses.length })),
        );
      return {
        success128: await attempt({ success: reads(128) }),
        success129: await attempt({ success: reads(129) }),
        failure129: await attempt({ failure: reads(129) }),
        compare128: await attempt({ compare: compares(128) }),
        compare129: await attempt({ compare: compares(129) }),
        nested129: await attempt({ success: [txn({ success: reads(129) })] }),
        nestedUnderLimit: await attempt({ success: [...reads(100), txn({ success: reads(27) })] }),
        nestedOverLimit: await attempt({ success: [...reads(100), txn({ success: reads(28) })] }),
        nestedFailureOverLimit: await attempt({ success: [...reads(100), txn({ failure: reads(28) })] }),
        nestedCompares: await attempt({ success: [...reads(100), txn({ compare: compares(28) })] }),
      };
    });
    expect(seen).toMatchObject({
      success128: { ok: { succeeded: true, responses: 128 } },
      success129: { error: tooManyOps },
      failure129: { error: tooManyOps },
      compare128: { ok: { succeeded: true } },
      compare129: { error: tooManyOps },
    });
  });

  test('a key may be written once per txn path; then and else of a nested txn may share keys', async () => {
    const seen = await conform(pair(), async (t) => {
      const attempt = (request: ITxnRequest) =>
        outcome(t.client.kv.txn(request).then((r) => ({ succeeded: r.succeeded, revision: revisionOf(r) })));
      const before = await currentRevision(t);
      const results = {
        samePutTwice: await attempt({ success: [put('dup/a'), put('dup/a')] }),
        samePutTwiceInFailure: await attempt({ failure: [put('dup/a'), put('dup/a')] }),
        putThenOverlappingDelete: await attempt({ success: [put('dup/b'), del('dup/a', 'dup/c')] }),
        deleteThenPutInside: await attempt({ success: [del('dup/a', 'dup/c'), put('dup/b')] }),
        putAndDeleteOfSameKey: await attempt({ success: [del('dup/a'), put('dup/a')] }),
        nestedPutOfOuterKey: await attempt({ success: [put('dup/a'), txn({ success: [put('dup/a')] })] }),
        nestedElsePutOfOuterKey: await attempt({ success: [put('dup/a'), txn({ failure: [put('dup/a')] })] }),
        nestedPutInsideOuterDelete: await attempt({
          success: [del('dup/', prefixEnd('dup/').toString()), txn({ success: [put('dup/x')] })],
        }),
        twoNestedPutSameKey: await attempt({
          success: [txn({ success: [put('dup/a')] }), txn({ success: [put('dup/a')] })],
        }),
        deeplyNested: await attempt({
          success: [put('dup/deep'), txn({ success: [txn({ failure: [put('dup/deep')] })] })],
        }),
      };
      const refusedChangedNothing = (await currentRevision(t)) === before;
      const allowed = {
        thenAndElseOfOuter: await attempt({ success: [put('dup/a')], failure: [put('dup/a')] }),
        twoDeletesOverlapping: await attempt({ success: [del('dup/a', 'dup/c'), del('dup/b')] }),
        putAndReadOfSameKey: await attempt({ success: [put('dup/a'), get('dup/a')] }),
        nestedThenAndElse: await attempt({
          success: [txn({ success: [put('dup/n', 'then')], failure: [put('dup/n', 'else')] })],
        }),
      };
      return { refusedChangedNothing, results, allowed };
    });
    expect(seen.refusedChangedNothing).toBe(true);
    expect(seen.results).toMatchObject({
      samePutTwice: { error: duplicateKey },
      samePutTwiceInFailure: { error: duplicateKey },
      putThenOverlappingDelete: { error: duplicateKey },
      deleteThenPutInside: { error: duplicateKey },
      nestedPutOfOuterKey: { error: duplicateKey },
    });
    expect(seen.allowed).toMatchObject({
      thenAndElseOfOuter: { ok: { succeeded: true } },
      nestedThenAndElse: { ok: { succeeded: true } },
    });
  });

  test('a failing operation aborts the whole txn', async () => {
    const seen = await conform(pair(), async (t) => {
      const before = await currentRevision(t);
      const attempt = (request: ITxnRequest) => outcome(t.client.kv.txn(request));
      const results = {
        unknownLease: await attempt({
          success: [
            put('abort/a'),
            { request_put: { key: bytes('abort/b'), value: bytes('x'), lease: 424242 } },
          ],
        }),
        ignoreValueOnMissingKey: await attempt({
          success: [put('abort/a'), { request_put: { key: bytes('abort/missing'), ignore_value: true } }],
        }),
        emptyKeyPut: await attempt({ success: [put('abort/a'), { request_put: { key: Buffer.alloc(0) } }] }),
        emptyKeyRange: await attempt({ success: [{ request_range: { key: Buffer.alloc(0) } }] }),
        emptyKeyDelete: await attempt({ success: [{ request_delete_range: { key: Buffer.alloc(0) } }] }),
        futureRead: await attempt({
          success: [put('abort/a'), { request_range: { key: bytes('abort/a'), revision: before + 100 } }],
        }),
        emptyOp: await attempt({ success: [put('abort/a'), {}] }),
        nestedFailure: await attempt({
          success: [
            put('abort/a'),
            txn({ success: [{ request_put: { key: bytes('abort/c'), lease: 31337 } }] }),
          ],
        }),
      };
      const after = await currentRevision(t);
      const left = await t.client.kv.range({ key: bytes('abort/'), range_end: prefixEnd('abort/') });
      return { unchanged: after === before, results, ...normalize({ left }) };
    });
    expect(seen.results).toMatchObject({
      unknownLease: { error: { code: 'NOT_FOUND', message: 'etcdserver: requested lease not found' } },
      ignoreValueOnMissingKey: { error: { code: 'INVALID_ARGUMENT', message: 'etcdserver: key not found' } },
      futureRead: {
        error: { code: 'OUT_OF_RANGE', message: 'etcdserver: mvcc: required revision is a future revision' },
      },
    });
    expect(seen.left).toMatchObject({ count: '0' });
    expect(seen.unchanged).toBe(true);
  });
});
