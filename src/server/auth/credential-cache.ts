// API tokens and user records held in the server's memory, loaded once and kept current by etcd
// watches on `_setpoint/tokens/` and `_setpoint/users/`, so a request is authenticated without a
// round trip to etcd. While the watches are not in sync (starting, reconnecting, failed) the cache
// says so and callers read etcd, as they did before it existed.
import type { EtcdClient, KeyValue, PrefixSnapshot, PrefixWatch, WatchBatch } from '../../etcd/index.js';
import { TOKENS_PREFIX, USERS_PREFIX } from '../../keyspace/index.js';
import { parseTokenRecord, parseUserRecord, type TokenRecord, type UserRecord } from './records.js';

/**
 * One record as the cache holds it, with the revision it was last changed at (the revision a
 * change made on its strength compares against).
 *
 * @example
 * const { record, modRevision } = cache.user('alice')!;
 */
export interface CachedRecord<T> {
  readonly record: T;
  readonly modRevision: number;
}

/** The two prefixes the cache follows. */
export type CredentialPrefix = 'tokens' | 'users';

const PREFIXES: Record<CredentialPrefix, string> = { tokens: TOKENS_PREFIX, users: USERS_PREFIX };

/** How long a writer waits for the watch to show its own change before the cache stands aside. */
const CATCH_UP_TIMEOUT_MS = 2_000;
/** How long after a failed watch a new cache may be started for the same client. */
const RESTART_AFTER_MS = 10_000;

/** Caches per client (one per server), started by the first request that asks. */
const caches = new WeakMap<EtcdClient, CredentialCache>();

/**
 * The credentials of one etcd client's server, kept current from etcd.
 *
 * @example
 * const cache = CredentialCache.of(client);
 * if (cache.inSync()) console.log(cache.token(id)?.record.owner);
 */
export class CredentialCache {
  private readonly entries: Record<CredentialPrefix, Map<string, CachedRecord<TokenRecord | UserRecord>>> = {
    tokens: new Map(),
    users: new Map(),
  };
  /** The revision each prefix's entries reflect: events at or below it are already in them. */
  private readonly applied: Record<CredentialPrefix, number> = { tokens: 0, users: 0 };
  private readonly connected: Record<CredentialPrefix, boolean> = { tokens: false, users: false };
  private readonly everConnected: Record<CredentialPrefix, boolean> = { tokens: false, users: false };
  /** In sync only once each prefix reached this revision (a writer's change the watch was slow to show). */
  private readonly behind: Record<CredentialPrefix, number> = { tokens: 0, users: 0 };
  private readonly watches: PrefixWatch[] = [];
  /** Reloads asked for and finished: one is running (at start, after a reconnection) while they differ. */
  private reloadsAsked = 1;
  private reloadsDone = 0;
  private failedAt: number | undefined;
  private readonly waiters = new Set<{ prefix: CredentialPrefix; revision: number; wake: () => void }>();
  /** When this server last recorded each token's use (or tried to): at most one write per interval. */
  private readonly lastUseWrites = new Map<string, number>();

  private constructor(private readonly client: EtcdClient) {}

  /**
   * The cache of `client`'s server, started (in the background) on first use; a cache whose watch
   * failed is replaced after a pause.
   *
   * @example
   * const cache = CredentialCache.of(client);
   */
  static of(client: EtcdClient): CredentialCache {
    const known = caches.get(client);
    if (
      known !== undefined &&
      (known.failedAt === undefined || Date.now() - known.failedAt < RESTART_AFTER_MS)
    )
      return known;
    const cache = new CredentialCache(client);
    caches.set(client, cache);
    cache.start().catch(() => cache.fail());
    return cache;
  }

  /**
   * The cache of `client`'s server if one was started, without starting one (for writers, which
   * wait for it to see their change).
   *
   * @example
   * await CredentialCache.existing(client)?.reached(revision, 'tokens');
   */
  static existing(client: EtcdClient): CredentialCache | undefined {
    return caches.get(client);
  }

  /**
   * Whether lookups answer from memory: loaded, both watches connected, nothing pending.
   *
   * @example
   * const found = cache.inSync() ? cache.token(id) : await readToken(client, bearer);
   */
  inSync(): boolean {
    return (
      this.failedAt === undefined &&
      this.reloadsDone === this.reloadsAsked &&
      this.connected.tokens &&
      this.connected.users &&
      this.applied.tokens >= this.behind.tokens &&
      this.applied.users >= this.behind.users
    );
  }

  /**
   * The token record with this id (SHA-256 hex), as of the watch; meaningful only in sync.
   *
   * @example
   * cache.token(sha256Hex(bearer))?.record.owner; // 'alice'
   */
  token(id: string): CachedRecord<TokenRecord> | undefined {
    return this.entries.tokens.get(id) as CachedRecord<TokenRecord> | undefined;
  }

  /**
   * The record of user `name`, as of the watch; meaningful only in sync.
   *
   * @example
   * cache.user('alice')?.record.disabled; // false
   */
  user(name: string): CachedRecord<UserRecord> | undefined {
    return this.entries.users.get(name) as CachedRecord<UserRecord> | undefined;
  }

  /**
   * Whether this server should record a use of token `id` now: its stored `lastUsedAt` is older
   * than `everyMs` and this server has not tried within `everyMs` (the watch shows a write only
   * a moment later, and every request meanwhile would try again).
   *
   * @example
   * if (cache.shouldRecordUse(id, record.lastUsedAt, Date.now(), LAST_USED_EVERY_MS)) await recordUse();
   */
  shouldRecordUse(id: string, lastUsedAt: string | undefined, now: number, everyMs: number): boolean {
    const stored = lastUsedAt === undefined ? 0 : Date.parse(lastUsedAt);
    if (now - stored < everyMs) return false;
    const tried = this.lastUseWrites.get(id) ?? 0;
    if (now - tried < everyMs) return false;
    if (this.lastUseWrites.size > 100_000) this.lastUseWrites.clear();
    this.lastUseWrites.set(id, now);
    return true;
  }

  /**
   * Takes a token's record as this server just wrote it (its use recorded, at `modRevision`), so
   * the requests let in before the watch brings it compare the revision it is at. Only forward: a
   * record the watch brought at a later revision stays.
   *
   * @example
   * cache.tokenWritten(id, used, Number(result.header.revision));
   */
  tokenWritten(id: string, record: TokenRecord, modRevision: number): void {
    const known = this.entries.tokens.get(id);
    if (known !== undefined && known.modRevision < modRevision)
      this.entries.tokens.set(id, { record, modRevision });
  }

  /**
   * Waits until the cache holds every change of `prefix` up to `revision` (a change this server
   * just made), so the next request sees it. If the watch does not show it in time, the cache
   * stands aside (lookups read etcd) until it does. Returns at once when not in sync (the cache
   * then answers from memory only once it holds the change).
   *
   * @example
   * const { header } = await client.etcd.kv.txn(revoke);
   * await cache.reached(Number(header.revision), 'tokens');
   */
  async reached(revision: number, prefix: CredentialPrefix): Promise<void> {
    if (this.applied[prefix] >= revision) return;
    if (!this.inSync()) {
      // Not answering from memory now; and not before it holds this change either.
      this.behind[prefix] = Math.max(this.behind[prefix], revision);
      return;
    }
    let waiter: { prefix: CredentialPrefix; revision: number; wake: () => void } | undefined;
    let timer: NodeJS.Timeout | undefined;
    const seen = await new Promise<boolean>((resolve) => {
      waiter = { prefix, revision, wake: () => resolve(true) };
      this.waiters.add(waiter);
      timer = setTimeout(() => resolve(false), CATCH_UP_TIMEOUT_MS);
      timer.unref();
    });
    clearTimeout(timer);
    if (waiter !== undefined) this.waiters.delete(waiter);
    if (!seen) this.behind[prefix] = Math.max(this.behind[prefix], revision);
  }

  private async start(): Promise<void> {
    const revision = await this.client.currentRevision();
    await this.load(revision);
    this.reloadsDone = this.reloadsAsked;
    for (const prefix of ['tokens', 'users'] as const) {
      const watch = this.client.watchPrefix(PREFIXES[prefix], {
        fromRevision: revision,
        onEvents: (batch) => this.apply(prefix, batch),
        onResync: (snapshot) => this.replace(prefix, snapshot),
        onConnected: () => {
          this.connected[prefix] = true;
          // A stream established again replays what it missed, but nothing says when it is done:
          // read both prefixes anew, and answer from memory once that read is in.
          if (this.everConnected[prefix]) this.reload();
          this.everConnected[prefix] = true;
        },
        onDisconnected: () => {
          this.connected[prefix] = false;
        },
      });
      this.watches.push(watch);
      watch.done.then(
        () => this.fail(),
        () => this.fail(),
      );
    }
  }

  /** Reads both prefixes again, retrying while etcd does not answer; in sync again once it is in. */
  private reload(): void {
    const asked = ++this.reloadsAsked;
    const attempt = () => {
      if (this.failedAt !== undefined || asked !== this.reloadsAsked) return;
      this.client
        .currentRevision()
        .then((revision) => this.load(revision))
        .then(() => {
          if (asked === this.reloadsAsked) this.reloadsDone = asked;
        })
        .catch(() => setTimeout(attempt, 1_000).unref());
    };
    attempt();
  }

  /** Reads both prefixes at `revision` and takes each unless the watch already went past it. */
  private async load(revision: number): Promise<void> {
    const [tokens, users] = await Promise.all([
      this.client.rangeSnapshot(TOKENS_PREFIX, { revision }),
      this.client.rangeSnapshot(USERS_PREFIX, { revision }),
    ]);
    this.replace('tokens', tokens);
    this.replace('users', users);
  }

  private replace(prefix: CredentialPrefix, snapshot: PrefixSnapshot): void {
    if (snapshot.revision <= this.applied[prefix]) return;
    const entries = this.entries[prefix];
    entries.clear();
    for (const kv of snapshot.kvs) this.put(prefix, kv);
    this.advance(prefix, snapshot.revision);
  }

  private apply(prefix: CredentialPrefix, batch: WatchBatch): void {
    if (batch.revision <= this.applied[prefix]) return;
    for (const event of batch.events) {
      if (event.type === 'put') this.put(prefix, event.kv);
      else this.entries[prefix].delete(event.kv.key.slice(PREFIXES[prefix].length));
    }
    this.advance(prefix, batch.revision);
  }

  private put(prefix: CredentialPrefix, kv: KeyValue): void {
    const name = kv.key.slice(PREFIXES[prefix].length);
    try {
      const record =
        prefix === 'tokens' ? parseTokenRecord(kv.key, kv.value) : parseUserRecord(kv.key, kv.value);
      this.entries[prefix].set(name, { record, modRevision: kv.modRevision });
    } catch {
      // A damaged record: left out, so its lookup reads etcd and reports it as it always has.
      this.entries[prefix].delete(name);
    }
  }

  private advance(prefix: CredentialPrefix, revision: number): void {
    this.applied[prefix] = revision;
    for (const waiter of this.waiters) {
      if (waiter.prefix === prefix && revision >= waiter.revision) waiter.wake();
    }
  }

  private fail(): void {
    if (this.failedAt !== undefined) return;
    this.failedAt = Date.now();
    for (const waiter of this.waiters) waiter.wake();
    for (const watch of this.watches) void watch.stop();
  }
}
