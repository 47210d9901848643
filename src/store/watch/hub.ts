// Routes each committed revision to the watchers it concerns, without waiting for any of them.
import type { MvccStore } from '../mvcc/store.js';
import type { RevisionChanges, StoreEvent } from '../types.js';
import type { Watcher } from './watcher.js';

/** What the hub needs from a stream of watches: to be handed one revision's events for one watcher. */
export interface WatchDelivery {
  /** Whether the stream takes live events now (false while it is catching up after a stall). */
  readonly live: boolean;
  deliver(watcher: Watcher, revision: number, events: StoreEvent[]): void;
}

interface Entry {
  watcher: Watcher;
  delivery: WatchDelivery;
}

export class WatchHub {
  /** Watchers of one key, by key (latin1): found by a map lookup per event. */
  private readonly single = new Map<string, Set<Entry>>();
  /** Watchers of a range: checked against every event. */
  private readonly ranges = new Set<Entry>();
  private readonly entries = new Map<Watcher, Entry>();

  constructor(store: MvccStore) {
    store.onChanges((changes) => {
      for (const c of changes) this.route(c);
    });
  }

  get watcherCount(): number {
    return this.entries.size;
  }

  add(watcher: Watcher, delivery: WatchDelivery): void {
    const entry = { watcher, delivery };
    this.entries.set(watcher, entry);
    const { interval } = watcher.spec;
    if (interval.end === undefined) {
      const set = this.single.get(interval.start) ?? new Set<Entry>();
      this.single.set(interval.start, set);
      set.add(entry);
    } else this.ranges.add(entry);
  }

  remove(watcher: Watcher): void {
    const entry = this.entries.get(watcher);
    if (entry === undefined) return;
    this.entries.delete(watcher);
    const { interval } = watcher.spec;
    if (interval.end === undefined) {
      const set = this.single.get(interval.start);
      set?.delete(entry);
      if (set?.size === 0) this.single.delete(interval.start);
    } else this.ranges.delete(entry);
  }

  private route(changes: RevisionChanges): void {
    const concerned = new Set<Entry>(this.ranges);
    for (const event of changes.events) {
      const set = this.single.get(event.kv.key.toString('latin1'));
      if (set !== undefined) for (const entry of set) concerned.add(entry);
    }
    for (const { watcher, delivery } of concerned) {
      if (!watcher.synced || changes.revision < watcher.spec.startRevision) continue;
      if (!delivery.live) {
        // Its stream is stalled: from here on it catches up from history once the stream drains.
        watcher.synced = false;
        watcher.nextRevision = changes.revision;
        continue;
      }
      const events = watcher.select(changes.events);
      if (events.length > 0) delivery.deliver(watcher, changes.revision, events);
    }
  }
}
