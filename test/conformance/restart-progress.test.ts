// Conformance of progress notifications and of leases across a restart, with etcd 3.4.
import { describe, expect, test } from 'vitest';
import { waitFor } from '../support/wait.js';
import { bytes, prefixEnd } from './support/keys.js';
import { revisionOf } from './support/observe.js';
import { conform, type Target, usePair } from './support/pair.js';
import { WatchStream } from './support/watch.js';

// A short progress interval on both stores, so a notification arrives within the test.
const pair = usePair({ args: ['--experimental-watch-progress-notify-interval=1s'] });

async function currentRevision(t: Target): Promise<number> {
  return revisionOf(await t.client.kv.range({ key: bytes('any') }));
}

describe('progress notifications', () => {
  test('a quiet watch that asked for them gets an empty response at the current revision', async () => {
    const seen = await conform(pair(), async (t) => {
      await t.client.kv.put({ key: bytes('pn/a'), value: bytes('1') });
      const stream = new WatchStream(t);
      try {
        stream.create({ key: bytes('pn/'), range_end: prefixEnd('pn/'), progress_notify: true, watch_id: 7 });
        await stream.untilCreated(1);
        await stream.until(
          (responses) =>
            responses.some((r) => !r.created && r.events.length === 0 && String(r.watch_id) === '7'),
          'a progress notification',
        );
        const notification = stream.responses.find((r) => !r.created && r.events.length === 0)!;
        return {
          watchId: String(notification.watch_id),
          canceled: notification.canceled,
          revision: revisionOf(notification),
          current: await currentRevision(t),
        };
      } finally {
        stream.close();
      }
    });
    expect(seen).toEqual({ watchId: '7', canceled: false, revision: seen.current, current: 2 });
  });
});

describe('leases across a restart', () => {
  test('a lease and its keys survive a restart with the full TTL again, and revoke still deletes them', async () => {
    const p = pair();
    await conform(p, async (t) => {
      await t.client.leaseClient.leaseGrant({ ID: 9001, TTL: 600 });
      await t.client.kv.put({ key: bytes('rl/a'), value: bytes('1'), lease: 9001 });
      return currentRevision(t);
    });
    await Promise.all([p.reference.store.restart(), p.peer.store.restart()]);
    const seen = await conform(p, async (t) => {
      // The clients reconnect on their own; wait until this one has.
      const before = await waitFor(() => currentRevision(t).catch(() => false), {
        what: 'a reconnected client',
      });
      const ttl = await t.client.leaseClient.leaseTimeToLive({ ID: 9001, keys: true });
      const kv = (await t.client.kv.range({ key: bytes('rl/a') })).kvs[0];
      await t.client.leaseClient.leaseRevoke({ ID: 9001 });
      const after = await t.client.kv.range({ key: bytes('rl/a') });
      return {
        before,
        granted: ttl.grantedTTL,
        // Renewed in full at start, as etcd's lessor does when a leader takes over.
        remainingNearFull: Number(ttl.TTL) >= 590,
        keys: ttl.keys.map((k) => k.toString()),
        lease: kv?.lease,
        afterRevoke: { count: after.count, revision: revisionOf(after) },
      };
    });
    expect(seen).toEqual({
      // Revision 2 is the progress case's put.
      before: 3,
      granted: '600',
      remainingNearFull: true,
      keys: ['rl/a'],
      lease: '9001',
      afterRevoke: { count: '0', revision: 4 },
    });
  });
});
