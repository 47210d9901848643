// One etcd watch shared by every live stream of this server, fanned out to subscriptions that each
// hold a bounded queue: a client too slow to keep up is dropped (it reconnects and resumes) rather
// than letting its backlog grow without end. Recent revisions are kept so a reconnecting client
// resumes without touching etcd; an older resume point is caught up from etcd while it still has it.
import type { EtcdClient, PrefixSnapshot, PrefixWatch, WatchBatch } from '../../etcd/index.js';
import { isCompactedError } from '../../etcd/snapshot.js';
import { AGENT_STATUS_PREFIX } from '../../keyspace/index.js';
import type { Logger } from '../../log/logger.js';
import { agentOfKey, parseAgentStatus } from './agent-status.js';
import { type ServerEvent, toServerEvents } from './server-events.js';

/**
 * Events handed to a subscription together: one revision's (with `revision`), or one event from
 * outside etcd (`revision` null).
 *
 * @example
 * for (const delivery of await subscription.next() ?? []) write(delivery.events);
 */
export interface Delivery {
  readonly revision: number | null;
  readonly events: readonly ServerEvent[];
}

/**
 * Why a subscription ended.
 *
 * @example
 * if (subscription.closedBecause() === 'too-slow') logger.info('dropped a slow client');
 */
export type CloseReason =
  | 'client-gone'
  | 'too-slow'
  | 'server-closing'
  | 'watch-failed'
  | 'signed-out'
  | 'timeout';

/**
 * What a subscription wants.
 *
 * @example
 * await hub.subscribe({ since: 812, accessKeys: new Set([userPath('alice')]), accepts: (e) => visible(e) });
 */
export interface SubscribeOptions {
  /** Resume after this revision (the last one the client saw); absent: from now. */
  since?: number;
  /** `access` events are delivered only for these keys (the caller's user, token or session records). */
  accessKeys: ReadonlySet<string>;
  /** Decides, when the events are taken, which the caller may see; `access` events bypass it. */
  accepts: (event: ServerEvent) => boolean;
  /** Events queued (not yet taken) beyond which the subscription is dropped; default `EventHub`'s. */
  maxQueued?: number;
}

/**
 * A client's view of the hub: a queue it takes from with `next()`.
 *
 * @example
 * for (let batch = await sub.next(); batch !== undefined; batch = await sub.next()) send(batch);
 */
export class Subscription {
  private queue: Delivery[] = [];
  private held: Delivery[] | undefined;
  private queued = 0;
  private wake: (() => void) | undefined;
  private reason: CloseReason | undefined;
  /** The newest etcd revision handed to the queue: older ones are never queued twice. */
  private lastRevision: number;

  constructor(
    private readonly options: SubscribeOptions & { maxQueued: number },
    /** The revision it delivers the events after: `since`, or the hub's revision when it opened. */
    readonly from: number,
    private readonly onClose: (subscription: Subscription) => void,
  ) {
    this.lastRevision = from;
  }

  /** The reason it ended, or undefined while it runs. */
  closedBecause(): CloseReason | undefined {
    return this.reason;
  }

  /**
   * The next deliveries, filtered by `accepts` now (so a change of the caller's grants applies to
   * everything after it): waits while there are none; undefined once closed. Stops after the first
   * `access` event, so the caller can check its access before anything later is filtered.
   */
  async next(): Promise<Delivery[] | undefined> {
    while (this.queue.length === 0 && this.reason === undefined) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
      this.wake = undefined;
    }
    if (this.reason !== undefined) return undefined;
    const taken: Delivery[] = [];
    while (this.queue.length > 0) {
      const delivery = this.queue.shift()!;
      this.queued -= delivery.events.length;
      const access = delivery.events.filter((event) => event.kind === 'access');
      const visible = delivery.events.filter(
        (event) => event.kind !== 'access' && this.options.accepts(event),
      );
      if (visible.length > 0) taken.push({ revision: delivery.revision, events: visible });
      if (access.length > 0) {
        taken.push({ revision: delivery.revision, events: access });
        break;
      }
    }
    return taken;
  }

  /** Ends the subscription (idempotent). */
  close(reason: CloseReason): void {
    if (this.reason !== undefined) return;
    this.reason = reason;
    this.queue = [];
    this.held = undefined;
    this.wake?.();
    this.onClose(this);
  }

  /**
   * @internal Queues one revision's events (once per revision). While older revisions are caught
   * up, live ones are held back unless `caughtUp` says they are the older ones.
   */
  pushBatch(revision: number, events: readonly ServerEvent[], caughtUp = false): void {
    if (this.reason !== undefined) return;
    if (this.held !== undefined && !caughtUp) {
      this.held.push({ revision, events });
      this.grow(events.length);
      return;
    }
    if (revision <= this.lastRevision) return;
    this.lastRevision = revision;
    const mine = events.filter((event) => event.kind !== 'access' || this.options.accessKeys.has(event.key));
    if (mine.length === 0) return;
    this.queue.push({ revision, events: mine });
    this.grow(mine.length);
  }

  /** @internal Queues an event from outside etcd (backup progress). */
  pushEvent(event: ServerEvent): void {
    if (this.reason !== undefined) return;
    this.queue.push({ revision: null, events: [event] });
    this.grow(1);
  }

  /** @internal Holds live batches back while older revisions are caught up. */
  hold(): void {
    this.held ??= [];
  }

  /** @internal Queues what was held, skipping revisions the catch-up already queued. */
  release(): void {
    const held = this.held ?? [];
    this.held = undefined;
    for (const delivery of held) {
      this.queued -= delivery.events.length;
      this.pushBatch(delivery.revision!, delivery.events);
    }
  }

  private grow(count: number): void {
    this.queued += count;
    if (this.queued > this.options.maxQueued) {
      this.close('too-slow');
      return;
    }
    this.wake?.();
  }
}

/**
 * Options of the hub.
 *
 * @example
 * new EventHub(client, logger, { recentEvents: 5000, maxQueued: 1000 });
 */
export interface EventHubOptions {
  /** Events of recent revisions kept for resumes; default 5000. */
  recentEvents?: number;
  /** Default bound of each subscription's queue; default 2000 events. */
  maxQueued?: number;
}

/**
 * The shared watch and its subscriptions. The watch starts with the first subscription.
 *
 * @example
 * const hub = new EventHub(client, logger);
 * const sub = await hub.subscribe({ accessKeys: new Set(), accepts: () => true });
 * await hub.stop();
 */
export class EventHub {
  private readonly subscriptions = new Set<Subscription>();
  private readonly agentDirectories = new Map<string, string>();
  private readonly recent: { revision: number; events: ServerEvent[] }[] = [];
  private recentCount = 0;
  /** Every revision after this one is in `recent`. */
  private recentFloor = 0;
  private position = 0;
  private watch: PrefixWatch | undefined;
  private starting: Promise<void> | undefined;
  private catchUps = new Set<PrefixWatch>();
  private stopped = false;

  constructor(
    private readonly client: EtcdClient,
    private readonly logger: Logger,
    private readonly options: EventHubOptions = {},
  ) {}

  /** The revision the hub has fanned out up to (0 before it started). */
  revision(): number {
    return this.position;
  }

  /** How many subscriptions are open. */
  size(): number {
    return this.subscriptions.size;
  }

  /**
   * Opens a subscription. With `since` below the hub's revision, the revisions after `since` come
   * first: from the recent ones kept, else from etcd; when etcd compacted them, a `reset` event
   * comes instead. Throws when the watch cannot start (etcd away).
   */
  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    if (this.stopped) throw new Error('the event hub is stopped');
    await this.start();
    const since = options.since;
    const from = since === undefined ? this.position : Math.min(since, this.position);
    const subscription = new Subscription(
      { ...options, maxQueued: options.maxQueued ?? this.options.maxQueued ?? 2000 },
      since === undefined ? this.position : since,
      (closed) => this.subscriptions.delete(closed),
    );
    this.subscriptions.add(subscription);
    if (from >= this.position) return subscription;
    if (from >= this.recentFloor) {
      for (const batch of this.recent) {
        if (batch.revision > from) subscription.pushBatch(batch.revision, batch.events);
      }
      return subscription;
    }
    subscription.hold();
    void this.catchUp(subscription, from, this.position);
    return subscription;
  }

  /** Sends an event from outside etcd to every subscription (each filters it when taking it). */
  publish(event: ServerEvent): void {
    for (const subscription of this.subscriptions) subscription.pushEvent(event);
  }

  /** Stops the watch and ends every subscription. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const subscription of [...this.subscriptions]) subscription.close('server-closing');
    await Promise.all([...this.catchUps].map((watch) => watch.stop()));
    await this.watch?.stop();
  }

  private start(): Promise<void> {
    this.starting ??= this.startWatch().catch((err: unknown) => {
      this.starting = undefined;
      throw err;
    });
    return this.starting;
  }

  private async startWatch(): Promise<void> {
    const agents = await this.client.rangeSnapshot(AGENT_STATUS_PREFIX);
    this.learnAgents(agents.kvs);
    this.position = agents.revision;
    this.recentFloor = agents.revision;
    const watch = this.client.watchPrefix('', {
      fromRevision: agents.revision,
      onEvents: (batch) => this.fanOut(batch),
      onResync: (snapshot) => this.resync(snapshot),
    });
    this.watch = watch;
    watch.done.catch((err: unknown) => {
      if (this.watch !== watch) return;
      this.logger.error({ err, revision: this.position }, 'the live events watch failed; streams end');
      this.watch = undefined;
      this.starting = undefined;
      for (const subscription of [...this.subscriptions]) subscription.close('watch-failed');
    });
  }

  private fanOut(batch: WatchBatch): void {
    const events = toServerEvents(batch, this.agentDirectories);
    this.position = batch.revision;
    this.remember(batch.revision, events);
    if (events.length === 0) return;
    for (const subscription of this.subscriptions) subscription.pushBatch(batch.revision, events);
  }

  private resync(snapshot: PrefixSnapshot): void {
    this.learnAgents(snapshot.kvs.filter((kv) => kv.key.startsWith(AGENT_STATUS_PREFIX)));
    this.logger.warn(
      { from: this.position, to: snapshot.revision },
      'etcd compacted revisions the live events watch had not seen; streams are told to read again',
    );
    this.position = snapshot.revision;
    this.recent.length = 0;
    this.recentCount = 0;
    this.recentFloor = snapshot.revision;
    const reset: ServerEvent = {
      kind: 'reset',
      revision: snapshot.revision,
      data: { revision: snapshot.revision, reason: 'etcd compacted revisions this server had not seen' },
    };
    for (const subscription of this.subscriptions) subscription.pushBatch(snapshot.revision, [reset]);
  }

  private remember(revision: number, events: ServerEvent[]): void {
    // Revisions without events (Setpoint's own records) need no replay.
    if (events.length === 0) return;
    const limit = this.options.recentEvents ?? 5000;
    this.recent.push({ revision, events });
    this.recentCount += events.length;
    while (this.recent.length > 1 && this.recentCount > limit) {
      const dropped = this.recent.shift()!;
      this.recentCount -= dropped.events.length;
      this.recentFloor = dropped.revision;
    }
  }

  private learnAgents(kvs: PrefixSnapshot['kvs']): void {
    for (const kv of kvs) {
      if (agentOfKey(kv.key) === undefined) continue;
      const status = parseAgentStatus(kv);
      if (status !== undefined) this.agentDirectories.set(kv.key, status.directory);
    }
  }

  /** Queues revisions `from + 1` to `until` from etcd, then what was held meanwhile. */
  private async catchUp(subscription: Subscription, from: number, until: number): Promise<void> {
    const reset = (reason: string) =>
      subscription.pushBatch(
        until,
        [{ kind: 'reset', revision: until, data: { revision: until, reason } }],
        true,
      );
    let watch: PrefixWatch | undefined;
    try {
      if (await this.compactedAfter(from)) {
        reset(`etcd no longer holds revision ${from + 1}: it was compacted`);
        return;
      }
      await new Promise<void>((resolve, reject) => {
        watch = this.client.watchPrefix('', {
          fromRevision: from,
          onEvents: (batch) => {
            if (batch.revision <= until) {
              const events = toServerEvents(batch, this.agentDirectories, false);
              subscription.pushBatch(batch.revision, events, true);
            }
            if (batch.revision >= until || subscription.closedBecause() !== undefined) resolve();
          },
          onResync: () => {
            reset(`etcd compacted revisions after ${from} while they were read`);
            resolve();
          },
        });
        this.catchUps.add(watch);
        watch.done.then(resolve, reject);
        if (subscription.closedBecause() !== undefined) resolve();
      });
    } catch (err) {
      this.logger.warn({ err, from, until }, 'could not read past revisions for a resumed stream');
      reset('the revisions to resume from could not be read');
    } finally {
      if (watch !== undefined) {
        this.catchUps.delete(watch);
        await watch.stop();
      }
      subscription.release();
    }
  }

  private async compactedAfter(revision: number): Promise<boolean> {
    try {
      await this.client.etcd.kv.range({
        key: Buffer.from([0]),
        keys_only: true,
        limit: 1,
        revision: revision + 1,
      });
      return false;
    } catch (err) {
      if (isCompactedError(err)) return true;
      throw err;
    }
  }
}
