// Turns the events of watch responses into per-revision batches, dropping those already delivered.
import type { IEvent } from 'etcd3';
import { UnexpectedResponseError } from './errors.js';
import { type KeyValue, toKeyValue } from './key-value.js';

/**
 * One change to one key.
 *
 * @example
 * for (const event of batch.events) if (event.type === 'delete') forget(event.kv.key);
 */
export interface WatchEvent {
  readonly type: 'put' | 'delete';
  /** The key after the change; for a delete, the key with an empty value and `modRevision` of the delete. */
  readonly kv: KeyValue;
  /** The key before the change, when the watch asked for it (`withPrevious`) and it existed. */
  readonly previous?: KeyValue;
}

/**
 * Every event of one revision (one put, delete or transaction), delivered together.
 *
 * @example
 * onEvents: (batch) => state.apply(batch.revision, batch.events)
 */
export interface WatchBatch {
  readonly revision: number;
  readonly events: WatchEvent[];
}

/**
 * Groups events by revision, in order, and drops every revision up to `delivered` (those came
 * before, on an earlier stream). Throws `UnexpectedResponseError` if revisions go backwards.
 *
 * @example
 * toWatchBatches(response.events, 41); // [{ revision: 42, events: [...] }, { revision: 43, ... }]
 */
export function toWatchBatches(events: readonly IEvent[], delivered: number): WatchBatch[] {
  const batches: { revision: number; events: WatchEvent[] }[] = [];
  let previousRevision = 0;
  for (const event of events) {
    const kv = toKeyValue(event.kv);
    const revision = kv.modRevision;
    if (revision < previousRevision) {
      throw new UnexpectedResponseError(
        `etcd sent the event of revision ${revision} after one of revision ${previousRevision}; ` +
          'watch events must come in revision order',
      );
    }
    previousRevision = revision;
    if (revision <= delivered) continue;
    const change: WatchEvent = {
      type: event.type === 'Delete' ? 'delete' : 'put',
      kv,
      ...(event.prev_kv ? { previous: toKeyValue(event.prev_kv) } : {}),
    };
    const last = batches.at(-1);
    if (last !== undefined && last.revision === revision) last.events.push(change);
    else batches.push({ revision, events: [change] });
  }
  return batches;
}
