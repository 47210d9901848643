// Conformance of the Watch service (streams, ranges, history, filters, ids, cancel, progress, compaction) with etcd 3.4.
import { FilterType, type IWatchResponse } from 'etcd3';
import { describe, expect, test } from 'vitest';
import { waitFor } from '../support/wait.js';
import { bytes, prefixEnd } from './support/keys.js';
import { normalize, type Observation, revisionOf } from './support/observe.js';
import { conform, type Target, usePair } from './support/pair.js';
import { eventsOf, perWatch, splitRevisions, WatchStream } from './support/watch.js';

const pair = usePair();

async function currentRevision(t: Target): Promise<number> {
  return revisionOf(await t.client.kv.range({ key: bytes('any') }));
}

const put = (t: Target, key: string, value = `value of ${key}`) =>
  t.client.kv.put({ key: bytes(key), value: bytes(value) });
const del = (t: Target, key: string) => t.client.kv.deleteRange({ key: bytes(key) });

/** Runs `body` with a new Watch stream on `t` and closes the stream after. */
async function withStream<T>(t: Target, body: (stream: WatchStream) => Promise<T>): Promise<T> {
  const stream = new WatchStream(t);
  try {
    return await body(stream);
  } finally {
    stream.close();
  }
}

function summary(responses: IWatchResponse[]): { watches: Record<string, Observation[]>; split: string[] } {
  return { watches: perWatch(responses), split: splitRevisions(responses) };
}

describe('Watch', () => {
  test('one stream carries watches on a key, a range and a prefix', async () => {
    const seen = await conform(pair(), (t) =>
      withStream(t, async (stream) => {
        stream.create({ key: bytes('w1/a') });
        stream.create({ key: bytes('w1/b'), range_end: bytes('w1/d') });
        stream.create({ key: bytes('w1/'), range_end: prefixEnd('w1/') });
        await stream.untilCreated(3);
        await put(t, 'w1/a');
        await put(t, 'w1/b');
        await put(t, 'w1/c');
        await put(t, 'w1/d');
        await del(t, 'w1/a');
        await t.client.kv.deleteRange({ key: bytes('w1/b'), range_end: bytes('w1/d') });
        await t.client.kv.txn({
          success: [
            { request_put: { key: bytes('w1/b'), value: bytes('again') } },
            { request_put: { key: bytes('w1/z'), value: bytes('z') } },
          ],
        });
        await stream.untilEvents(2, 9);
        await stream.untilEvents(1, 5);
        return summary(stream.responses);
      }),
    );
    expect(seen.split).toEqual([]);
    expect(Object.keys(seen.watches)).toEqual(['0', '1', '2']);
    expect(seen.watches['0']).toMatchObject([
      { created: true, canceled: false },
      { type: 'Put', kv: { key: 'w1/a', version: '1' } },
      { type: 'Delete', kv: { key: 'w1/a', version: '0', value: '' } },
    ]);
    expect(seen.watches['1']?.length).toBe(6);
  });

  test('start_revision replays history, with prev_kv', async () => {
    const seen = await conform(pair(), async (t) => {
      const start = (await currentRevision(t)) + 1;
      await put(t, 'w2/a', '1');
      await put(t, 'w2/a', '2');
      await put(t, 'w2/b', '1');
      await del(t, 'w2/a');
      await put(t, 'w2/a', '3');
      return withStream(t, async (stream) => {
        stream.create({
          key: bytes('w2/'),
          range_end: prefixEnd('w2/'),
          start_revision: start,
          prev_kv: true,
        });
        stream.create({ key: bytes('w2/a'), start_revision: start + 2 });
        await stream.untilEvents(0, 5);
        await stream.untilEvents(1, 2);
        // Live events follow the replayed ones on the same watch.
        await put(t, 'w2/b', '2');
        await stream.untilEvents(0, 6);
        return { start, ...summary(stream.responses) };
      });
    });
    expect(seen.split).toEqual([]);
    expect(seen.watches['0']).toMatchObject([
      { created: true },
      { type: 'Put', kv: { key: 'w2/a', value: '1', mod_revision: String(seen.start) }, prev_kv: null },
      { type: 'Put', kv: { value: '2' }, prev_kv: { value: '1' } },
      { type: 'Put', kv: { key: 'w2/b' } },
      { type: 'Delete', kv: { key: 'w2/a' }, prev_kv: { value: '2' } },
      { type: 'Put', kv: { key: 'w2/a', value: '3', version: '1' }, prev_kv: null },
      { type: 'Put', kv: { key: 'w2/b', value: '2' }, prev_kv: { value: '1' } },
    ]);
    expect(seen.watches['1']).toMatchObject([{ created: true }, { type: 'Delete' }, { type: 'Put' }]);
  });

  test('filters drop puts or deletes', async () => {
    const seen = await conform(pair(), (t) =>
      withStream(t, async (stream) => {
        stream.create({ key: bytes('w3/'), range_end: prefixEnd('w3/'), filters: [FilterType.Noput] });
        stream.create({ key: bytes('w3/'), range_end: prefixEnd('w3/'), filters: [FilterType.Nodelete] });
        stream.create({
          key: bytes('w3/'),
          range_end: prefixEnd('w3/'),
          filters: [FilterType.Noput, FilterType.Nodelete],
        });
        stream.create({ key: bytes('w3/'), range_end: prefixEnd('w3/') });
        await stream.untilCreated(4);
        await put(t, 'w3/a');
        await put(t, 'w3/b');
        await del(t, 'w3/a');
        await put(t, 'w3/a');
        await del(t, 'w3/b');
        // The unfiltered watch has seen everything: the others have had every chance to.
        await stream.untilEvents(3, 5);
        return summary(stream.responses);
      }),
    );
    expect(seen.watches['0']).toMatchObject([{ created: true }, { type: 'Delete' }, { type: 'Delete' }]);
    expect(seen.watches['1']).toMatchObject([
      { created: true },
      { type: 'Put' },
      { type: 'Put' },
      { type: 'Put' },
    ]);
    expect(seen.watches['2']).toMatchObject([{ created: true }]);
    expect(seen.watches['2']).toHaveLength(1);
  });

  test('client-chosen watch ids, a duplicate id, and automatic ids around them', async () => {
    const seen = await conform(pair(), (t) =>
      withStream(t, async (stream) => {
        stream.create({ key: bytes('w4/a'), watch_id: 100 });
        stream.create({ key: bytes('w4/b'), watch_id: 1 });
        stream.create({ key: bytes('w4/c'), watch_id: 100 });
        stream.create({ key: bytes('w4/d') });
        stream.create({ key: bytes('w4/e') });
        await stream.untilCreated(5);
        await put(t, 'w4/a');
        await put(t, 'w4/b');
        await put(t, 'w4/c');
        await put(t, 'w4/d');
        await put(t, 'w4/e');
        await stream.untilEvents(100, 1);
        await stream.untilEvents(1, 1);
        const last = stream.responses.filter((r) => r.created).at(-1)?.watch_id ?? '';
        await stream.untilEvents(last, 1);
        // Ids in the order the responses came, then what each watch saw.
        return { order: stream.responses.map((r) => String(r.watch_id)), ...summary(stream.responses) };
      }),
    );
    expect(seen.order.slice(0, 5)).toEqual(['100', '1', '-1', '0', '2']);
    expect(seen.watches['-1']).toMatchObject([
      {
        created: true,
        canceled: true,
        cancel_reason: 'mvcc: duplicate watch ID provided on the WatchStream',
      },
    ]);
    expect(seen.watches['100']).toMatchObject([{ created: true }, { kv: { key: 'w4/a' } }]);
  });

  test('a cancelled watch gets a cancel response and no more events; unknown ids are ignored', async () => {
    const seen = await conform(pair(), (t) =>
      withStream(t, async (stream) => {
        stream.create({ key: bytes('w5/'), range_end: prefixEnd('w5/') });
        stream.create({ key: bytes('w5/sentinel') });
        await stream.untilCreated(2);
        await put(t, 'w5/a');
        await stream.untilEvents(0, 1);
        stream.cancel(0);
        await stream.until((responses) => responses.some((r) => r.canceled), 'the cancel response');
        stream.cancel(12345);
        await put(t, 'w5/b');
        await put(t, 'w5/sentinel');
        await stream.untilEvents(1, 1);
        return { order: stream.responses.map((r) => String(r.watch_id)), ...summary(stream.responses) };
      }),
    );
    expect(seen.watches['0']).toMatchObject([{ created: true }, { kv: { key: 'w5/a' } }, { canceled: true }]);
    expect(seen.watches['0']).toHaveLength(3);
    expect(seen.order).not.toContain('12345');
  });

  test('a progress request is answered with the current revision', async () => {
    const seen = await conform(pair(), (t) =>
      withStream(t, async (stream) => {
        stream.create({ key: bytes('w6/quiet') });
        await stream.untilCreated(1);
        await put(t, 'w6/elsewhere');
        const revision = await currentRevision(t);
        stream.requestProgress();
        await stream.until((responses) => responses.length >= 2, 'the progress response');
        return { revision, responses: stream.responses.map((r) => normalize(r)) };
      }),
    );
    expect(seen.responses).toMatchObject([
      { created: true, watch_id: '0' },
      { created: false, watch_id: '-1', events: [], header: { revision: String(seen.revision) } },
    ]);
  });

  test('a watch from a compacted revision is cancelled with compact_revision set', async () => {
    const seen = await conform(pair(), async (t) => {
      const first = revisionOf(await put(t, 'w7/a', '1'));
      await put(t, 'w7/a', '2');
      const compactedAt = revisionOf(await put(t, 'w7/a', '3'));
      await t.client.kv.compact({ revision: compactedAt, physical: true });
      return withStream(t, async (stream) => {
        stream.create({ key: bytes('w7/a'), start_revision: first });
        // The compacted revision itself can still be watched from.
        stream.create({ key: bytes('w7/a'), start_revision: compactedAt });
        await stream.until((responses) => responses.some((r) => r.canceled), 'the compaction cancel');
        await stream.untilEvents(1, 1);
        return { compactedAt, ...summary(stream.responses) };
      });
    });
    expect(seen.watches['0']).toMatchObject([
      { created: true },
      { canceled: true, compact_revision: String(seen.compactedAt) },
    ]);
    expect(seen.watches['1']).toMatchObject([{ created: true }, { kv: { value: '3' } }]);
  });

  test('events of one revision are never split across responses', async () => {
    const seen = await conform(pair(), async (t) => {
      const start = (await currentRevision(t)) + 1;
      return withStream(t, async (stream) => {
        stream.create({ key: bytes('w8/'), range_end: prefixEnd('w8/') });
        await stream.untilCreated(1);
        for (let batch = 0; batch < 3; batch++) {
          await t.client.kv.txn({
            success: Array.from({ length: 120 }, (_, i) => ({
              request_put: {
                key: bytes(`w8/${batch}/${String(i).padStart(3, '0')}`),
                value: bytes('x'.repeat(200)),
              },
            })),
          });
        }
        await t.client.kv.deleteRange({ key: bytes('w8/'), range_end: prefixEnd('w8/') });
        // A second watch replays the same history from the start in one go.
        stream.create({ key: bytes('w8/'), range_end: prefixEnd('w8/'), start_revision: start });
        await stream.untilEvents(0, 720);
        await stream.untilEvents(1, 720);
        const revisions = (id: number) => [
          ...new Set(eventsOf(stream.responses, id).map((e) => e.kv.mod_revision)),
        ];
        return { start, split: splitRevisions(stream.responses), live: revisions(0), replayed: revisions(1) };
      });
    });
    expect(seen.split).toEqual([]);
    expect(seen.live).toEqual([0, 1, 2, 3].map((i) => String(seen.start + i)));
    expect(seen.replayed).toEqual(seen.live);
  });

  test('the etcd3 client watcher: prefix, prev_kv, start revision', async () => {
    const seen = await conform(pair(), async (t) => {
      const start = (await currentRevision(t)) + 1;
      await put(t, 'w9/a', '1');
      const events: Observation[] = [];
      const watcher = await t.client
        .watch()
        .prefix('w9/')
        .withPreviousKV()
        .startRevision(String(start))
        .create();
      try {
        watcher.on('put', (kv, previous) => events.push(normalize({ type: 'put', kv, previous })));
        watcher.on('delete', (kv, previous) => events.push(normalize({ type: 'delete', kv, previous })));
        await put(t, 'w9/a', '2');
        await put(t, 'w9/b', '1');
        await del(t, 'w9/a');
        await waitFor(() => events.length >= 4, { what: 'four events through the etcd3 watcher' });
      } finally {
        await watcher.cancel();
      }
      return { start, events };
    });
    expect(seen.events).toMatchObject([
      { type: 'put', kv: { key: 'w9/a', value: '1' } },
      { type: 'put', kv: { value: '2' }, previous: { value: '1' } },
      { type: 'put', kv: { key: 'w9/b' } },
      { type: 'delete', kv: { key: 'w9/a' }, previous: { value: '2' } },
    ]);
  });
});
