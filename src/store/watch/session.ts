// The watches of one client stream: create, cancel, progress, live delivery and catch-up after a stall.
import type { MvccStore } from '../mvcc/store.js';
import type { KeyRecord, StoreEvent } from '../types.js';
import type { WatchDelivery, WatchHub } from './hub.js';
import { Watcher, type WatchSpec } from './watcher.js';

/** etcd sends at most this many revisions of history in one reply. */
const MAX_REVISIONS_PER_REPLY = 1000;

export interface WatchedEvent {
  readonly type: StoreEvent['type'];
  readonly kv: KeyRecord;
  readonly prevKv: KeyRecord | undefined;
}

/** A reply on the stream, as etcd's WatchResponse. */
export interface WatchReply {
  readonly watchId: number;
  readonly headerRevision: number;
  readonly created?: boolean;
  readonly canceled?: boolean;
  readonly cancelReason?: string;
  readonly compactRevision?: number;
  readonly events: WatchedEvent[];
}

/** Where replies go; `write` returns false when the client is not reading fast enough. */
export interface WatchOutput {
  write(reply: WatchReply): boolean;
}

/** A watch as a client asks for it: `startRevision` 0 starts after the current revision. */
export interface CreateWatch extends WatchSpec {
  /** 0 lets the store choose. */
  readonly watchId: number;
}

export class WatchSession implements WatchDelivery {
  live = true;
  private readonly watchers = new Map<number, Watcher>();
  private nextId = 0;
  private readonly store: MvccStore;
  private readonly hub: WatchHub;
  private readonly output: WatchOutput;
  private readonly progressTimer: NodeJS.Timeout;

  constructor(store: MvccStore, hub: WatchHub, output: WatchOutput, progressIntervalMs: number) {
    this.store = store;
    this.hub = hub;
    this.output = output;
    this.progressTimer = setInterval(() => this.notifyProgress(), progressIntervalMs);
    this.progressTimer.unref();
  }

  get size(): number {
    return this.watchers.size;
  }

  create(request: CreateWatch): void {
    const current = this.store.revision;
    const refuse = (reason: string) =>
      this.send({
        watchId: -1,
        headerRevision: current,
        created: true,
        canceled: true,
        cancelReason: reason,
        events: [],
      });
    const { interval } = request;
    if (typeof interval.end === 'string' && interval.start >= interval.end) {
      refuse('mvcc: watcher range is empty');
      return;
    }
    let id = request.watchId;
    if (id === 0) {
      while (this.watchers.has(this.nextId)) this.nextId++;
      id = this.nextId++;
    } else if (this.watchers.has(id)) {
      refuse('mvcc: duplicate watch ID provided on the WatchStream');
      return;
    }
    const spec: WatchSpec = {
      interval,
      startRevision: request.startRevision > 0 ? request.startRevision : current + 1,
      noPut: request.noPut,
      noDelete: request.noDelete,
      prevKv: request.prevKv,
      progressNotify: request.progressNotify,
    };
    const watcher = new Watcher(id, spec);
    watcher.synced = spec.startRevision > current;
    this.watchers.set(id, watcher);
    this.hub.add(watcher, this);
    this.send({ watchId: id, headerRevision: current, created: true, events: [] });
    if (!watcher.synced) this.catchUp();
  }

  cancel(watchId: number): void {
    const watcher = this.watchers.get(watchId);
    // etcd answers nothing for a watch it does not know.
    if (watcher === undefined) return;
    this.remove(watcher);
    this.send({ watchId, headerRevision: this.store.revision, canceled: true, events: [] });
  }

  /** etcd's progress request: the current revision, for no watch in particular. */
  progress(): void {
    this.send({ watchId: -1, headerRevision: this.store.revision, events: [] });
  }

  deliver(watcher: Watcher, revision: number, events: StoreEvent[]): void {
    watcher.sentSinceProgress = true;
    this.send({ watchId: watcher.id, headerRevision: revision, events: this.withPrev(watcher, events) });
  }

  /** The client read what was queued: bring every watcher that fell behind up to date. */
  drained(): void {
    this.live = true;
    this.catchUp();
  }

  close(): void {
    clearInterval(this.progressTimer);
    for (const watcher of this.watchers.values()) this.hub.remove(watcher);
    this.watchers.clear();
  }

  private remove(watcher: Watcher): void {
    this.watchers.delete(watcher.id);
    this.hub.remove(watcher);
  }

  private send(reply: WatchReply): void {
    if (!this.output.write(reply)) this.live = false;
  }

  /** Replays history to watchers behind the current revision, until done or the stream stalls. */
  private catchUp(): void {
    for (const watcher of [...this.watchers.values()]) {
      while (!watcher.synced && this.live) {
        const current = this.store.revision;
        if (watcher.nextRevision < this.store.compactRevision) {
          // etcd cancels a watch whose history is gone and says from where it could resume.
          this.remove(watcher);
          this.send({
            watchId: watcher.id,
            headerRevision: 0,
            canceled: true,
            compactRevision: this.store.compactRevision,
            events: [],
          });
          break;
        }
        const changes = this.store.changesBetween(watcher.nextRevision, current, MAX_REVISIONS_PER_REPLY);
        const events: WatchedEvent[] = [];
        for (const c of changes) events.push(...this.withPrev(watcher, watcher.select(c.events)));
        const last = changes[changes.length - 1];
        watcher.nextRevision = last === undefined ? current + 1 : last.revision + 1;
        if (watcher.nextRevision > current) watcher.synced = true;
        if (events.length > 0) {
          watcher.sentSinceProgress = true;
          this.send({ watchId: watcher.id, headerRevision: current, events });
        }
      }
    }
  }

  private withPrev(watcher: Watcher, events: readonly StoreEvent[]): WatchedEvent[] {
    return events.map((e) => ({
      type: e.type,
      kv: e.kv,
      prevKv:
        watcher.spec.prevKv && !(e.type === 'PUT' && e.kv.version === 1) ? this.previous(e.kv) : undefined,
    }));
  }

  private previous(kv: KeyRecord): KeyRecord | undefined {
    if (kv.modRevision - 1 < this.store.compactRevision) return undefined;
    return this.store.previous(kv.key, kv.modRevision);
  }

  private notifyProgress(): void {
    for (const watcher of this.watchers.values()) {
      if (watcher.spec.progressNotify && watcher.synced && this.live && !watcher.sentSinceProgress) {
        this.send({ watchId: watcher.id, headerRevision: this.store.revision, events: [] });
      }
      watcher.sentSinceProgress = false;
    }
  }
}
