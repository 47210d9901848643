// One watch: what it covers, what it wants, and how far it has been told.
import { contains } from '../mvcc/interval.js';
import type { KeyInterval, StoreEvent } from '../types.js';

export interface WatchSpec {
  readonly interval: KeyInterval;
  /** The first revision to report. */
  readonly startRevision: number;
  readonly noPut: boolean;
  readonly noDelete: boolean;
  readonly prevKv: boolean;
  readonly progressNotify: boolean;
}

export class Watcher {
  readonly id: number;
  readonly spec: WatchSpec;
  /**
   * Synced: it receives each revision as it commits. Otherwise it is behind (replaying history, or
   * its stream stalled) and `nextRevision` is the first revision it has not been told about.
   */
  synced = false;
  nextRevision: number;
  /** Set when events were sent since the last progress notification. */
  sentSinceProgress = false;

  constructor(id: number, spec: WatchSpec) {
    this.id = id;
    this.spec = spec;
    this.nextRevision = spec.startRevision;
  }

  /** The events of one revision this watcher reports, after its key interval and filters. */
  select(events: readonly StoreEvent[]): StoreEvent[] {
    const { interval, noPut, noDelete } = this.spec;
    return events.filter(
      (e) => contains(interval, e.kv.key.toString('latin1')) && !(e.type === 'PUT' ? noPut : noDelete),
    );
  }
}
