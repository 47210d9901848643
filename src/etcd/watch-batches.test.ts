// Grouping watch events by revision and dropping those already delivered.
import type { IEvent, IKeyValue } from 'etcd3';
import { describe, expect, it } from 'vitest';
import { UnexpectedResponseError } from './errors.js';
import { toWatchBatches } from './watch-batches.js';

function kv(key: string, revision: number, value = `v${revision}`): IKeyValue {
  return {
    key: Buffer.from(key),
    value: Buffer.from(value),
    create_revision: '1',
    mod_revision: String(revision),
    version: '1',
    lease: '0',
  };
}

function put(key: string, revision: number, previous?: IKeyValue): IEvent {
  // etcd3 hands a missing prev_kv over as null although its type says otherwise.
  return { type: 'Put', kv: kv(key, revision), prev_kv: previous ?? (null as unknown as IKeyValue) };
}

function del(key: string, revision: number): IEvent {
  return { type: 'Delete', kv: kv(key, revision, ''), prev_kv: null as unknown as IKeyValue };
}

const shape = (batches: ReturnType<typeof toWatchBatches>) =>
  batches.map((b) => [b.revision, b.events.map((e) => `${e.type} ${e.kv.key}`)]);

describe('toWatchBatches', () => {
  it.each([
    [
      'one event per revision',
      [put('a', 5), put('b', 6)],
      4,
      [
        [5, ['put a']],
        [6, ['put b']],
      ],
    ],
    [
      'a transaction as one batch',
      [put('a', 5), del('b', 5), put('c', 5), put('a', 6)],
      4,
      [
        [5, ['put a', 'delete b', 'put c']],
        [6, ['put a']],
      ],
    ],
    ['revisions already delivered dropped', [put('a', 5), put('b', 6), put('c', 7)], 6, [[7, ['put c']]]],
    ['everything dropped when all were delivered', [put('a', 5), put('b', 6)], 6, []],
    ['nothing from nothing', [], 0, []],
  ])('%s', (_name, events, delivered, expected) => {
    expect(shape(toWatchBatches(events, delivered))).toEqual(expected);
  });

  it('keeps the previous value when etcd sent it', () => {
    const [batch] = toWatchBatches([put('a', 7, kv('a', 3, 'old'))], 0);
    expect(batch?.events[0]?.previous?.value.toString()).toBe('old');
    expect(batch?.events[0]?.previous?.modRevision).toBe(3);
  });

  it('has no previous value when etcd sent none', () => {
    const [batch] = toWatchBatches([put('a', 7)], 0);
    expect(batch?.events[0]).not.toHaveProperty('previous');
  });

  it('refuses events that go back in revision', () => {
    expect(() => toWatchBatches([put('a', 6), put('b', 5)], 0)).toThrow(UnexpectedResponseError);
  });
});
