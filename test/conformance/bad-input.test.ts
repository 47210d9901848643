// Conformance under bad input: oversized, invalid and malformed requests, floods and vanishing clients.
import { connect } from 'node:net';
import { CompareResult, CompareTarget, FilterType, type IWatchResponse, type SortOrder } from 'etcd3';
import { describe, expect, test } from 'vitest';
import { bytes, prefixEnd } from './support/keys.js';
import { normalize, type Observation, type Outcome, outcome, revisionOf } from './support/observe.js';
import { conform, type Target, usePair } from './support/pair.js';
import { eventsOf, perWatch, WatchStream } from './support/watch.js';

const pair = usePair();

const MiB = 1024 * 1024;
/** etcd's default --max-request-bytes. */
const maxRequestBytes = 1.5 * MiB;
/** What etcd's gRPC server accepts at most: --max-request-bytes plus 512 KiB of headroom. */
const grpcReceiveLimit = maxRequestBytes + 512 * 1024;

const tooLarge = { code: 'INVALID_ARGUMENT', message: 'etcdserver: request is too large' };

/**
 * After each bad request: the store still answers, at the revision it should, with the keys it should.
 */
async function followUp(t: Target): Promise<Observation> {
  const response = await t.client.kv.range({
    key: bytes('bad/'),
    range_end: prefixEnd('bad/'),
    keys_only: true,
  });
  return { revision: revisionOf(response), keys: response.kvs.map((kv) => kv.key.toString()) };
}

/**
 * A refusal by gRPC itself (not etcd) as compared: its status code, and whether the message names the
 * limit. The wording is the gRPC library's own (grpc-go's in etcd), which no client interprets.
 */
function grpcRefusal(result: Outcome): Observation {
  if ('ok' in result) return result;
  return { code: result.error.code, namesTheLimit: result.error.message.includes(String(grpcReceiveLimit)) };
}

describe('bad input', () => {
  test('requests over --max-request-bytes are refused by etcd, over the gRPC limit by gRPC', async () => {
    const seen = await conform(pair(), async (t) => {
      await t.client.kv.put({ key: bytes('bad/small'), value: bytes('ok') });
      const value = (size: number) => Buffer.alloc(size, 'v');
      const steps: Record<string, Observation> = {};
      steps.justUnder = normalize(
        await outcome(t.client.kv.put({ key: bytes('bad/under'), value: value(maxRequestBytes - 4096) })),
      );
      steps.justOver = normalize(
        await outcome(t.client.kv.put({ key: bytes('bad/over'), value: value(maxRequestBytes + 1024) })),
      );
      steps.afterOver = await followUp(t);
      steps.txnOver = normalize(
        await outcome(
          t.client.kv.txn({
            // Each put is small; together they are over --max-request-bytes, under the gRPC limit.
            success: Array.from({ length: 4 }, (_, i) => ({
              request_put: { key: bytes(`bad/txn${i}`), value: value(400 * 1024) },
            })),
          }),
        ),
      );
      // Raw: etcd3 treats RESOURCE_EXHAUSTED as a connection fault and tears its channels down.
      steps.overGrpcLimit = grpcRefusal(
        await outcome(
          t.raw.call('KV.Put', { key: bytes('bad/huge'), value: value(grpcReceiveLimit + 1024) }),
        ),
      );
      steps.afterHuge = await followUp(t);
      steps.largeRead = normalize(
        await outcome(t.client.kv.range({ key: bytes('bad/under'), keys_only: true })),
      );
      steps.etcdctlOver = normalize(await t.etcdctl(['put', 'bad/ctl'], 'v'.repeat(maxRequestBytes + 1024)));
      steps.final = await followUp(t);
      return steps;
    });
    expect(seen.justUnder).toMatchObject({ ok: { header: {} } });
    expect(seen.justOver).toMatchObject({ error: tooLarge });
    expect(seen.txnOver).toMatchObject({ error: tooLarge });
    expect(seen.overGrpcLimit).toEqual({ code: 'RESOURCE_EXHAUSTED', namesTheLimit: true });
    expect(seen.etcdctlOver).toMatchObject({
      exitCode: 1,
      errors: expect.arrayContaining(['Error: etcdserver: request is too large']),
    });
    expect(seen.final).toEqual({ revision: 3, keys: ['bad/small', 'bad/under'] });
  });

  test('invalid ranges: empty keys, reversed ranges, odd limits and filters', async () => {
    const seen = await conform(pair(), async (t) => {
      const range = (request: Parameters<typeof t.client.kv.range>[0]) => outcome(t.client.kv.range(request));
      return normalize({
        emptyKey: await range({ key: Buffer.alloc(0) }),
        noKeyWithRangeEnd: await range({ range_end: bytes('bad/z') }),
        reversed: await range({ key: bytes('bad/z'), range_end: bytes('bad/a') }),
        equalEnds: await range({ key: bytes('bad/small'), range_end: bytes('bad/small') }),
        negativeLimit: await range({
          key: bytes('bad/'),
          range_end: prefixEnd('bad/'),
          limit: -1,
          keys_only: true,
        }),
        unknownSortOrder: await range({
          key: bytes('bad/'),
          range_end: prefixEnd('bad/'),
          sort_order: 7 as SortOrder,
          keys_only: true,
        }),
        // Not compared: an unknown sort_target makes etcd 3.4 panic and exit ("unknown sort target").
        minAboveMax: await range({
          key: bytes('bad/'),
          range_end: prefixEnd('bad/'),
          min_mod_revision: 3,
          max_mod_revision: 2,
          keys_only: true,
        }),
        reversedDelete: await outcome(
          t.client.kv.deleteRange({ key: bytes('bad/z'), range_end: bytes('bad/a') }),
        ),
        emptyKeyDelete: await outcome(t.client.kv.deleteRange({ key: Buffer.alloc(0) })),
        compactZero: await outcome(t.client.kv.compact({ revision: 0 })),
        compactNegative: await outcome(t.client.kv.compact({ revision: -3 })),
        after: await followUp(t),
      });
    });
    expect(seen.emptyKey).toEqual({
      error: {
        code: 'INVALID_ARGUMENT',
        message: 'etcdserver: key is not provided',
        clientClass: 'GRPCInvalidArgumentError',
      },
    });
    expect(seen.reversed).toMatchObject({ ok: { kvs: [], count: '0' } });
    expect(seen.after).toEqual({ revision: 3, keys: ['bad/small', 'bad/under'] });
  });

  test('unknown and odd lease ids', async () => {
    const seen = await conform(pair(), async (t) => {
      const lease = t.client.leaseClient;
      return normalize({
        revokeZero: await outcome(lease.leaseRevoke({ ID: 0 })),
        revokeNegative: await outcome(lease.leaseRevoke({ ID: -1 })),
        timeToLiveZero: await outcome(lease.leaseTimeToLive({ ID: 0 })),
        putLeaseNegative: await outcome(
          t.client.kv.put({ key: bytes('bad/l'), value: bytes('x'), lease: -7 }),
        ),
        grantNegativeId: await outcome(lease.leaseGrant({ ID: -42, TTL: 60 })),
        after: await followUp(t),
      });
    });
    expect(seen.revokeZero).toMatchObject({
      error: { code: 'NOT_FOUND', message: 'etcdserver: requested lease not found' },
    });
    expect(seen.after).toEqual({ revision: 3, keys: ['bad/small', 'bad/under'] });
  });

  test('malformed txns: compares without their value, unknown enums, empty operations, too many ops', async () => {
    const seen = await conform(pair(), async (t) => {
      const txn = (request: Parameters<typeof t.client.kv.txn>[0]) =>
        outcome(t.client.kv.txn(request).then((r) => ({ succeeded: r.succeeded, revision: revisionOf(r) })));
      const key = bytes('bad/small');
      const results = normalize({
        valueCompareWithoutValue: await txn({
          compare: [{ key, target: CompareTarget.Value, result: CompareResult.Equal }],
        }),
        versionCompareWithoutVersion: await txn({
          compare: [{ key, target: CompareTarget.Version, result: CompareResult.Equal }],
        }),
        mismatchedField: await txn({
          compare: [{ key, target: CompareTarget.Version, result: CompareResult.Equal, mod_revision: 2 }],
        }),
        unknownResult: await txn({
          compare: [{ key, target: CompareTarget.Version, result: 9 as CompareResult, version: 1 }],
        }),
        unknownTarget: await txn({
          compare: [{ key, target: 9 as CompareTarget, result: CompareResult.Equal, version: 1 }],
        }),
        emptyCompareKey: await txn({
          compare: [
            { key: Buffer.alloc(0), target: CompareTarget.Version, result: CompareResult.Equal, version: 0 },
          ],
        }),
        emptyOperation: await txn({ success: [{}] }),
        emptyNestedTxn: await txn({ success: [{ request_txn: {} }] }),
        after: await followUp(t),
      });
      const many = Array.from({ length: 129 }, (_, i) => `put bad/many${i} x`).join('\n');
      // No compares, 129 puts on success, no failure ops.
      const etcdctl = await t.etcdctl(['txn'], `\n${many}\n\n\n`);
      return { results, etcdctl: normalize(etcdctl), after: await followUp(t) };
    });
    expect(seen.etcdctl).toMatchObject({
      exitCode: 1,
      errors: expect.arrayContaining(['Error: etcdserver: too many operations in txn request']),
    });
    expect(seen.after).toEqual({ revision: 3, keys: ['bad/small', 'bad/under'] });
  });

  test('odd watch requests: reversed range, empty key, future start revision, unknown filter', async () => {
    const seen = await conform(pair(), async (t) => {
      const stream = new WatchStream(t);
      try {
        const revision = revisionOf(await t.client.kv.range({ key: bytes('bad/') }));
        stream.create({ key: bytes('bad/z'), range_end: bytes('bad/a') });
        stream.create({ key: Buffer.alloc(0) });
        stream.create({ key: bytes('bad/future'), start_revision: revision + 2 });
        stream.create({ key: bytes('bad/filter'), filters: [7 as FilterType, FilterType.Nodelete] });
        stream.create({ key: bytes('bad/sentinel') });
        await stream.untilCreated(5);
        const lastId = stream.responses.filter((r) => r.created).at(-1)?.watch_id ?? '';
        await t.client.kv.put({ key: bytes('bad/future'), value: bytes('1') });
        await t.client.kv.put({ key: bytes('bad/future'), value: bytes('2') });
        await t.client.kv.put({ key: bytes('bad/filter'), value: bytes('f') });
        await t.client.kv.deleteRange({ key: bytes('bad/filter') });
        await t.client.kv.put({ key: bytes('bad/sentinel'), value: bytes('s') });
        await stream.untilEvents(lastId, 1);
        return {
          watches: perWatch(stream.responses),
          ended: stream.ended ?? 'open',
          after: await followUp(t),
        };
      } finally {
        stream.close();
      }
    });
    expect(Object.keys(seen.watches)).toHaveLength(5);
  });

  test('a thousand watches on one stream', async () => {
    const seen = await conform(pair(), async (t) => {
      const stream = new WatchStream(t);
      try {
        for (let i = 0; i < 1000; i++) stream.create({ key: bytes(`bad/w/${String(i).padStart(4, '0')}`) });
        await stream.untilCreated(1000);
        // Every tenth key, in one revision.
        await t.client.kv.txn({
          success: Array.from({ length: 100 }, (_, i) => ({
            request_put: { key: bytes(`bad/w/${String(i * 10).padStart(4, '0')}`), value: bytes('x') },
          })),
        });
        await stream.until(
          (responses) => responses.filter((r) => r.events.length > 0).length >= 100,
          'an event on every tenth watch',
        );
        const created = stream.responses.filter((r) => r.created);
        const withEvents = stream.responses.filter((r) => r.events.length > 0);
        const keyOf = (r: IWatchResponse) => r.events.map((e) => e.kv.key.toString()).join(',');
        return {
          createdIds: created.map((r) => Number(r.watch_id)).join(','),
          canceled: stream.responses.filter((r) => r.canceled).length,
          events: withEvents.map((r) => `${r.watch_id}:${keyOf(r)}`).sort(),
          after: await followUp(t),
        };
      } finally {
        stream.close();
      }
    });
    expect(seen.createdIds).toBe(Array.from({ length: 1000 }, (_, i) => i).join(','));
    expect(seen.canceled).toBe(0);
    expect(seen.events).toHaveLength(100);
    expect(seen.events).toContain('990:bad/w/0990');
  });

  test('clients that go away mid-stream or speak garbage leave the store serving and consistent', async () => {
    const seen = await conform(pair(), async (t) => {
      // A watch stream dropped with watches and undelivered events on it.
      const dropped = new WatchStream(t);
      for (let i = 0; i < 20; i++) dropped.create({ key: bytes('bad/d/'), range_end: prefixEnd('bad/d/') });
      await dropped.untilCreated(20);
      await t.client.kv.put({ key: bytes('bad/d/1'), value: bytes('1') });
      dropped.abort();
      await t.client.kv.put({ key: bytes('bad/d/2'), value: bytes('2') });

      // A watch stream the client half-closes: etcd keeps it open and keeps sending events.
      const halfClosed = new WatchStream(t);
      halfClosed.create({ key: bytes('bad/d/3') });
      await halfClosed.untilCreated(1);
      halfClosed.halfClose();
      await t.client.kv.put({ key: bytes('bad/d/3'), value: bytes('3') });
      await halfClosed.until(
        (responses) => eventsOf(responses, 0).length > 0 || halfClosed.ended !== undefined,
        'the half-closed stream to deliver the event or end',
      );

      // A keep-alive stream dropped right after a request.
      await t.client.leaseClient.leaseGrant({ ID: 9001, TTL: 600 });
      const keepAlive = t.raw.stream('Lease.LeaseKeepAlive');
      keepAlive.on('error', () => undefined);
      keepAlive.write({ ID: 9001 });
      keepAlive.cancel();

      // A unary call whose client gives up at once.
      await t.client.kv
        .range({ key: bytes('bad/'), range_end: prefixEnd('bad/') }, { deadline: Date.now() + 1 })
        .catch(() => undefined);

      // Bytes that are not HTTP/2, then a hang-up.
      await new Promise<void>((resolve) => {
        const [host, port] = t.store.endpoint.split(':') as [string, string];
        const socket = connect(Number(port), host, () => {
          socket.end(Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\u0000\u0000garbage frames\u00ff\u00fe'));
        });
        socket.on('error', () => resolve());
        socket.on('close', () => resolve());
        socket.resume();
      });

      // The store still serves streams and calls, and nothing was half done.
      const fresh = new WatchStream(t);
      try {
        fresh.create({ key: bytes('bad/d/'), range_end: prefixEnd('bad/d/'), start_revision: 1 });
        await fresh.untilEvents(0, 3);
        const lease = await t.client.leaseClient.leaseTimeToLive({ ID: 9001 });
        return {
          halfClosed: { ended: halfClosed.ended ?? 'open', watches: perWatch(halfClosed.responses) },
          replay: eventsOf(fresh.responses, 0).map((e) => `${e.type} ${e.kv.key.toString()}`),
          leaseStillThere: lease.TTL !== '-1',
          after: await followUp(t),
        };
      } finally {
        fresh.close();
        halfClosed.close();
      }
    });
    expect(seen.halfClosed).toMatchObject({
      ended: 'open',
      watches: { 0: [{ created: true }, { type: 'Put' }] },
    });
    expect(seen.replay).toEqual(['Put bad/d/1', 'Put bad/d/2', 'Put bad/d/3']);
    expect(seen.leaseStillThere).toBe(true);
  });
});
