// A watcher whose client stops reading must not hold up the store, other watchers, or lose events.
import type { ClientDuplexStream } from '@grpc/grpc-js';
import { Etcd3, type IWatchRequest, type IWatchResponse } from 'etcd3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RawEtcd } from '../support/raw-etcd.js';
import { type StoreKind, type StoreUnderTest, startStore } from '../support/stores.js';
import { waitFor } from '../support/wait.js';

const WRITES = 1500;
// 4 KiB values: 6 MB of events, far past what HTTP/2 flow control lets sit unread.
const value = 'v'.repeat(4096);

interface Seen {
  revisions: number[];
  keys: string[];
  /** Responses whose events span more than one revision are fine; a revision split across two is not. */
  splitRevisions: number[];
}

function collect(stream: ClientDuplexStream<IWatchRequest, IWatchResponse>): Seen {
  const seen: Seen = { revisions: [], keys: [], splitRevisions: [] };
  let lastResponseLastRevision = 0;
  stream.on('data', (response: IWatchResponse) => {
    const events = response.events ?? [];
    if (events.length === 0) return;
    const first = Number(events[0]?.kv?.mod_revision);
    if (first === lastResponseLastRevision) seen.splitRevisions.push(first);
    for (const e of events) {
      seen.revisions.push(Number(e.kv?.mod_revision));
      seen.keys.push(e.kv?.key?.toString() ?? '');
    }
    lastResponseLastRevision = Number(events[events.length - 1]?.kv?.mod_revision);
  });
  stream.on('error', () => undefined);
  return seen;
}

function openWatch(raw: RawEtcd, prefix: string) {
  const stream = raw.stream('Watch.Watch');
  const created = new Promise<number>((resolve) => {
    stream.once('data', (r: { created?: boolean; header?: { revision?: string } }) =>
      resolve(Number(r.header?.revision)),
    );
  });
  stream.write({
    create_request: { key: Buffer.from(prefix), range_end: Buffer.from(`${prefix.slice(0, -1)}0`) },
  });
  return { stream, created };
}

describe.each(['etcd', 'setpoint'] as StoreKind[])('a slow watcher on %s', (kind) => {
  let store: StoreUnderTest;
  beforeAll(async () => {
    store = await startStore(kind);
  });
  afterAll(async () => {
    await store?.destroy();
  });

  test('does not stall writers or other watchers, and gets every event once it reads again', async () => {
    const slowClient = new RawEtcd(store.endpoint);
    const fastClient = new RawEtcd(store.endpoint);
    const writer = new Etcd3({ hosts: store.endpoint });
    try {
      const slow = openWatch(slowClient, 'w/');
      const fast = openWatch(fastClient, 'w/');
      const start = await slow.created;
      await fast.created;
      const fastSeen = collect(fast.stream);
      // The slow client reads nothing from here on: its stream's buffers fill and stay full.
      slow.stream.pause();
      const slowSeen = collect(slow.stream);

      let next = 0;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (next < WRITES) {
            const i = next++;
            await writer.put(`w/${String(i).padStart(5, '0')}`).value(value);
          }
        }),
      );
      // Every write was acknowledged while the slow watcher read nothing; the fast one saw them all.
      await waitFor(() => fastSeen.revisions.length === WRITES, {
        what: 'the fast watcher to see every write',
      });
      expect(await writer.get('w/00000').string()).toBe(value);
      expect(slowSeen.revisions.length).toBeLessThan(WRITES);

      slow.stream.resume();
      await waitFor(() => slowSeen.revisions.length >= WRITES, {
        what: 'the slow watcher to catch up',
        timeoutMs: 60_000,
      });
      const expected = Array.from({ length: WRITES }, (_, i) => start + 1 + i);
      for (const seen of [fastSeen, slowSeen]) {
        expect(seen.revisions).toEqual(expected);
        expect(new Set(seen.keys).size).toBe(WRITES);
        expect(seen.splitRevisions).toEqual([]);
      }
    } finally {
      slowClient.close();
      fastClient.close();
      writer.close();
    }
  });
});
