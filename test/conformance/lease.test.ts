// Conformance of the Lease service (grant, revoke, keep-alive, time-to-live, list, expiry) with etcd 3.4.
import type { ILeaseKeepAliveResponse } from 'etcd3';
import { describe, expect, test } from 'vitest';
import { waitFor } from '../support/wait.js';
import { bytes, prefixEnd } from './support/keys.js';
import {
  describeError,
  type ErrorObservation,
  normalize,
  type Observation,
  outcome,
  revisionOf,
} from './support/observe.js';
import { conform, type Target, usePair } from './support/pair.js';
import { perWatch, WatchStream } from './support/watch.js';

const pair = usePair();

const leaseNotFound = { code: 'NOT_FOUND', message: 'etcdserver: requested lease not found' };

/** The lease ids the cases choose themselves; all are below this. */
const chosenIdsBelow = 1_000_000;

/**
 * A lease id the store chose: etcd derives it from its member id and the clock, so two servers never
 * agree on it; only that it is a positive id, apart from those the cases choose, is compared.
 */
function serverChosen(id: string): string {
  return /^[1-9]\d*$/.test(id) && Number(id) >= chosenIdsBelow ? '<server-chosen id>' : id;
}

/**
 * A remaining TTL read back some time after the grant or last keep-alive: it depends on how long the
 * test took, so only "within 5 seconds below the granted TTL" is compared.
 */
function remaining(ttl: string, granted: number): string {
  const left = Number(ttl);
  // -1 (an unknown or expired lease) is exact.
  return left > 0 && left <= granted && left >= granted - 5 ? `<within 5s of ${granted}>` : ttl;
}

async function currentRevision(t: Target): Promise<number> {
  return revisionOf(await t.client.kv.range({ key: bytes('any') }));
}

async function timeToLive(
  t: Target,
  id: number | string,
  granted: number,
  keys = true,
): Promise<Observation> {
  const response = await t.client.leaseClient.leaseTimeToLive({ ID: id, keys });
  return normalize({
    ...response,
    TTL: remaining(response.TTL, granted),
    // The keys of a lease come from a Go map: their order is random.
    keys: response.keys.map((key) => key.toString()).sort(),
  });
}

describe('Lease', () => {
  test('grant with and without an id; duplicates, TTL clamping, too large a TTL; the list', async () => {
    const seen = await conform(pair(), async (t) => {
      const grant = async (request: { ID?: number; TTL: number }) => {
        const result = await outcome(t.client.leaseClient.leaseGrant(request));
        if ('ok' in result && typeof result.ok === 'object' && result.ok !== null && 'ID' in result.ok) {
          return { ok: { ...result.ok, ID: serverChosen(String(result.ok.ID)) } };
        }
        return result;
      };
      const steps = {
        withId: await outcome(t.client.leaseClient.leaseGrant({ ID: 8001, TTL: 60 })),
        duplicate: await outcome(t.client.leaseClient.leaseGrant({ ID: 8001, TTL: 30 })),
        withoutId: await grant({ TTL: 45 }),
        oneSecond: await outcome(t.client.leaseClient.leaseGrant({ ID: 8002, TTL: 1 })),
        zero: await outcome(t.client.leaseClient.leaseGrant({ ID: 8003, TTL: 0 })),
        negative: await outcome(t.client.leaseClient.leaseGrant({ ID: 8004, TTL: -5 })),
        tooLarge: await outcome(t.client.leaseClient.leaseGrant({ ID: 8005, TTL: 9_000_000_001 })),
        largest: await outcome(t.client.leaseClient.leaseGrant({ ID: 8006, TTL: 9_000_000_000 })),
      };
      const listed = await t.client.leaseClient.leaseLeases({});
      const leases = listed.leases.map((lease) => serverChosen(lease.ID)).sort();
      return { steps, leases, revision: await currentRevision(t) };
    });
    expect(seen.steps).toMatchObject({
      withId: { ok: { ID: '8001', TTL: '60', error: '' } },
      duplicate: { error: { code: 'FAILED_PRECONDITION', message: 'etcdserver: lease already exists' } },
      withoutId: { ok: { ID: '<server-chosen id>', TTL: '45' } },
      // Below the minimum TTL (1.5 election timeouts, rounded up: 2 s with etcd's defaults).
      oneSecond: { ok: { ID: '8002', TTL: '2' } },
      zero: { ok: { TTL: '2' } },
      tooLarge: { error: { code: 'OUT_OF_RANGE', message: 'etcdserver: too large lease TTL' } },
    });
    expect(seen.leases).toContain('8001');
    // Leases are not keys: granting them makes no revision.
    expect(seen.revision).toBe(1);
  });

  test('keys on a lease, time-to-live, and revoke deleting all its keys in one revision', async () => {
    const seen = await conform(pair(), async (t) => {
      await t.client.leaseClient.leaseGrant({ ID: 8101, TTL: 600 });
      await t.client.leaseClient.leaseGrant({ ID: 8102, TTL: 600 });
      for (const key of ['lr/c', 'lr/a', 'lr/b']) {
        await t.client.kv.put({ key: bytes(key), value: bytes(key), lease: 8101 });
      }
      await t.client.kv.put({ key: bytes('lr/free'), value: bytes('no lease') });
      // Moving a key to another lease takes it off the first.
      await t.client.kv.put({ key: bytes('lr/moved'), value: bytes('x'), lease: 8101 });
      await t.client.kv.put({ key: bytes('lr/moved'), value: bytes('y'), lease: 8102 });
      const stream = new WatchStream(t);
      try {
        stream.create({ key: bytes('lr/'), range_end: prefixEnd('lr/') });
        await stream.untilCreated(1);
        const before = await currentRevision(t);
        const withKeys = await timeToLive(t, 8101, 600);
        const withoutKeysFlag = await timeToLive(t, 8102, 600, false);
        const unknownTimeToLive = await timeToLive(t, 424_242, 600);
        const revoke = await outcome(t.client.leaseClient.leaseRevoke({ ID: 8101 }));
        await stream.untilEvents(0, 3);
        const after = await currentRevision(t);
        const left = await t.client.kv.range({
          key: bytes('lr/'),
          range_end: prefixEnd('lr/'),
          keys_only: true,
        });
        const justBefore = await t.client.kv.range({
          key: bytes('lr/'),
          range_end: prefixEnd('lr/'),
          revision: after - 1,
          count_only: true,
        });
        const revokeAgain = await outcome(t.client.leaseClient.leaseRevoke({ ID: 8101 }));
        const revokeUnknown = await outcome(t.client.leaseClient.leaseRevoke({ ID: 999_999 }));
        const revokedTimeToLive = await timeToLive(t, 8101, 600);
        // A lease without keys goes without a new revision.
        await t.client.leaseClient.leaseGrant({ ID: 8103, TTL: 600 });
        const revokeEmpty = await outcome(t.client.leaseClient.leaseRevoke({ ID: 8103 }));
        const final = await currentRevision(t);
        return {
          before,
          after,
          final,
          events: perWatch(stream.responses),
          ...normalize({ withKeys, withoutKeysFlag, revoke, left, justBefore, revokeAgain, revokeUnknown }),
          revokedTimeToLive,
          unknownTimeToLive,
          revokeEmpty,
        };
      } finally {
        stream.close();
      }
    });
    expect(seen.withKeys).toMatchObject({ ID: '8101', grantedTTL: '600', keys: ['lr/a', 'lr/b', 'lr/c'] });
    expect(seen.after).toBe(seen.before + 1);
    expect(seen.events['0']).toMatchObject([
      { created: true },
      { type: 'Delete', kv: { mod_revision: String(seen.after) } },
      { type: 'Delete', kv: { mod_revision: String(seen.after) } },
      { type: 'Delete', kv: { mod_revision: String(seen.after) } },
    ]);
    expect(seen.left).toMatchObject({ kvs: [{ key: 'lr/free' }, { key: 'lr/moved' }] });
    expect(seen.justBefore).toMatchObject({ count: '5' });
    expect(seen.revokeAgain).toEqual({ error: { ...leaseNotFound, clientClass: 'EtcdLeaseInvalidError' } });
    // An unknown lease is not an error for TimeToLive: TTL -1.
    expect(seen.revokedTimeToLive).toMatchObject({ ID: '8101', TTL: '-1', grantedTTL: '0', keys: [] });
    expect(seen.unknownTimeToLive).toMatchObject({ ID: '424242', TTL: '-1' });
    expect(seen.final).toBe(seen.after);
  });

  test('the keep-alive stream renews leases and answers TTL 0 for unknown ones', async () => {
    const seen = await conform(pair(), async (t) => {
      await t.client.leaseClient.leaseGrant({ ID: 8201, TTL: 60 });
      await t.client.leaseClient.leaseGrant({ ID: 8202, TTL: 1 });
      const stream = t.raw.stream('Lease.LeaseKeepAlive');
      const responses: ILeaseKeepAliveResponse[] = [];
      let ended: ErrorObservation | null | undefined;
      stream.on('data', (response: ILeaseKeepAliveResponse) => responses.push(response));
      stream.on('error', (err) => {
        ended = describeError(err);
      });
      stream.on('end', () => {
        ended ??= null;
      });
      for (const id of [8201, 999_999, 8202, 8201]) stream.write({ ID: id });
      await waitFor(() => responses.length >= 4, { what: 'four keep-alive responses' });
      stream.end();
      await waitFor(() => ended !== undefined, { what: 'the keep-alive stream to end' });
      const stillThere = await timeToLive(t, 8201, 60);
      return { responses: normalize(responses), ended, stillThere };
    });
    expect(seen.responses).toMatchObject([
      { ID: '8201', TTL: '60' },
      { ID: '999999', TTL: '0' },
      { ID: '8202', TTL: '2' },
      { ID: '8201', TTL: '60' },
    ]);
    expect(seen.ended).toBeNull();
  });

  test('an expired lease deletes its keys in one revision', async () => {
    const seen = await conform(pair(), async (t) => {
      await t.client.leaseClient.leaseGrant({ ID: 8301, TTL: 1 });
      await t.client.kv.put({ key: bytes('le/a'), value: bytes('a'), lease: 8301 });
      await t.client.kv.put({ key: bytes('le/b'), value: bytes('b'), lease: 8301 });
      const before = await currentRevision(t);
      await waitFor(
        async () =>
          (await t.client.kv.range({ key: bytes('le/'), range_end: prefixEnd('le/') })).count === '0',
        { timeoutMs: 20_000, what: `the keys of lease 8301 to expire on ${t.name}` },
      );
      const after = await currentRevision(t);
      const atExpiry = await t.client.kv.range({
        key: bytes('le/'),
        range_end: prefixEnd('le/'),
        revision: after - 1,
        keys_only: true,
      });
      const expired = await timeToLive(t, 8301, 2);
      const leases = (await t.client.leaseClient.leaseLeases({})).leases.map((l) => l.ID);
      return {
        before,
        after,
        expired,
        leasesInclude8301: leases.includes('8301'),
        ...normalize({ atExpiry }),
      };
    });
    expect(seen.after).toBe(seen.before + 1);
    expect(seen.atExpiry).toMatchObject({ count: '2' });
    expect(seen.expired).toMatchObject({ TTL: '-1' });
    expect(seen.leasesInclude8301).toBe(false);
  });

  test('the etcd3 client Lease: grant, put on it, keep alive once, revoke', async () => {
    const seen = await conform(pair(), async (t) => {
      const lease = t.client.lease(30, { autoKeepAlive: false });
      const id = await lease.grant();
      await lease.put('hl/a').value('1');
      const keepalive = await lease.keepaliveOnce();
      const ttl = await timeToLive(t, id, 30);
      const value = await t.client.get('hl/a').string();
      await lease.revoke();
      const afterRevoke = await t.client.get('hl/a').string();
      return {
        id: serverChosen(id),
        keepalive: normalize({ ...keepalive, ID: serverChosen(keepalive.ID) }),
        ttl: { ...(ttl as Record<string, Observation>), ID: serverChosen(id) },
        value,
        afterRevoke,
      };
    });
    expect(seen).toMatchObject({
      keepalive: { TTL: '30' },
      ttl: { keys: ['hl/a'], grantedTTL: '30' },
      value: '1',
      afterRevoke: null,
    });
  });
});
