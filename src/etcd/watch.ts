// Watches a prefix from a snapshot's revision on, across reconnects and compactions, delivering
// every revision exactly once, in order.
//
// etcd3's own Watcher is not used: it resumes from the last response *header* revision + 1, and a
// create response's header is the server's current revision, so a stream lost before its catch-up
// events arrived resumes past them and misses them (the same happens after a catch-up batch, whose
// header is also the current revision); it reports a compaction as a generic error without the
// compact revision; and it never refreshes a stale auth token for a stream. Here the resume point is
// the revision of the last event received.
import {
  type Etcd3,
  EtcdPermissionDeniedError,
  type IDuplexStream,
  type IWatchRequest,
  type IWatchResponse,
  Range,
} from 'etcd3';
import type { Logger } from '../log/logger.js';
import { WatchFailedError, WatchHandlerError } from './errors.js';
import { toRevision } from './key-value.js';
import { requireLeader } from './require-leader.js';
import { type RetryPolicy, retryDelayMs } from './retry-delay.js';
import { type PrefixSnapshot, rangeSnapshot } from './snapshot.js';
import { toWatchBatches, type WatchBatch } from './watch-batches.js';

/**
 * Options of `watchPrefix`.
 *
 * @example
 * client.watchPrefix('app/', { fromRevision: 41, onEvents: apply, onResync: replaceAll, withPrevious: true });
 */
export interface WatchPrefixOptions {
  /** The revision the caller's state is at (a snapshot's); events from the next one on are delivered. */
  fromRevision: number;
  /**
   * Receives every revision's events together, in revision order, each revision once. Awaited:
   * the next batch waits for it. If it throws, the watch stops and `done` rejects.
   */
  onEvents: (batch: WatchBatch) => void | Promise<void>;
  /**
   * Receives a fresh snapshot when etcd compacted the revisions the watch still needed: the
   * caller replaces its state with it; events then continue after `snapshot.revision`. Awaited.
   */
  onResync: (snapshot: PrefixSnapshot) => void | Promise<void>;
  /** Called each time a watch stream is established (the first time, and after every reconnect). */
  onConnected?: (stream: WatchConnection) => void;
  /** Called each time the stream is lost (member down, no leader, network); the watch retries. */
  onDisconnected?: (error: Error) => void;
  /** Include each key's previous value in the events (`WatchEvent.previous`). */
  withPrevious?: boolean;
  /** Page size of the resync snapshot; default 1000. */
  pageSize?: number;
  /** Reconnect backoff. */
  retry?: RetryPolicy;
}

/**
 * Which member serves a newly established watch stream, and from which revision.
 *
 * @example
 * onConnected: ({ memberId, fromRevision }) => log.info({ memberId, fromRevision }, 'watching')
 */
export interface WatchConnection {
  /** The serving member's id, as in `MemberStatus.memberId`. */
  readonly memberId: string;
  /** The first revision this stream delivers. */
  readonly fromRevision: number;
}

/**
 * A running prefix watch.
 *
 * @example
 * const watch = client.watchPrefix('app/', options);
 * await watch.stop();
 * await watch.done;
 */
export interface PrefixWatch {
  readonly prefix: string;
  /** The revision the caller has been brought up to (last batch or resync handled). */
  lastRevision(): number;
  /** Stops the watch; once it resolves no callback starts any more. */
  stop(): Promise<void>;
  /** Resolves after `stop()`; rejects with `WatchFailedError` or `WatchHandlerError` if the watch fails. */
  readonly done: Promise<void>;
}

type WatchStream = IDuplexStream<IWatchRequest, IWatchResponse>;

/** How one watch stream ended. */
type StreamOutcome =
  | { kind: 'stopped' }
  | { kind: 'lost'; error: Error }
  | { kind: 'compacted'; compactRevision: number }
  | { kind: 'auth'; reason: string }
  | { kind: 'fatal'; error: Error };

/** Consecutive stale-token refreshes that did not lead to a stream before the watch gives up. */
const maxAuthRefreshes = 3;

/**
 * Watches everything under `prefix` from `fromRevision + 1` on. Reconnects (to any endpoint) after
 * the stream is lost and resumes after the last revision received, dropping anything at or below
 * it; on a compacted start revision it reads a fresh snapshot and hands it to `onResync`. Streams
 * carry `hasleader: true`, so a member without a leader ends them and the watch moves on.
 *
 * @example
 * const snapshot = await client.rangeSnapshot('app/');
 * const watch = client.watchPrefix('app/', {
 *   fromRevision: snapshot.revision,
 *   onEvents: (batch) => apply(batch.events),
 *   onResync: (fresh) => replaceAll(fresh.kvs),
 * });
 * await watch.stop();
 */
export function watchPrefix(
  etcd: Etcd3,
  prefix: string,
  options: WatchPrefixOptions,
  logger: Logger,
): PrefixWatch {
  return new PrefixWatcher(etcd, prefix, options, logger);
}

class PrefixWatcher implements PrefixWatch {
  readonly done: Promise<void>;
  /** Highest revision handed to the delivery queue, or known to hold nothing more (progress). */
  private received: number;
  /** Highest revision the caller has handled. */
  private delivered: number;
  private stopped = false;
  /** Streams established so far; a new one resets the backoff. */
  private connections = 0;
  private deliveries: Promise<void> = Promise.resolve();
  private closeStream: (() => void) | undefined;
  private wake: (() => void) | undefined;
  private resolveDone!: () => void;
  private rejectDone!: (error: Error) => void;
  private readonly range: Range;

  constructor(
    private readonly etcd: Etcd3,
    readonly prefix: string,
    private readonly options: WatchPrefixOptions,
    private readonly logger: Logger,
  ) {
    if (!Number.isSafeInteger(options.fromRevision) || options.fromRevision < 0) {
      throw new TypeError(`fromRevision must be a revision (an integer >= 0), got ${options.fromRevision}`);
    }
    this.received = options.fromRevision;
    this.delivered = options.fromRevision;
    this.range = Range.prefix(prefix);
    this.done = new Promise<void>((resolve, reject) => {
      this.resolveDone = resolve;
      this.rejectDone = reject;
    });
    // A failure is also logged, so a caller that never awaits `done` does not crash the process.
    this.done.catch(() => undefined);
    this.run().catch((error: unknown) => this.fail(asError(error)));
  }

  lastRevision(): number {
    return this.delivered;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.closeStream?.();
    this.wake?.();
    this.resolveDone();
  }

  private fail(error: Error): void {
    if (this.stopped) return;
    this.stopped = true;
    this.closeStream?.();
    this.wake?.();
    this.logger.error({ prefix: this.prefix, revision: this.delivered, err: error }, 'etcd watch failed');
    this.rejectDone(error);
  }

  private async run(): Promise<void> {
    let attempt = 0;
    let authRefreshes = 0;
    while (!this.stopped) {
      const connectionsBefore = this.connections;
      const outcome = await this.follow();
      if (this.stopped) return;
      if (this.connections > connectionsBefore) {
        attempt = 0;
        authRefreshes = 0;
      }
      switch (outcome.kind) {
        case 'stopped':
          return;
        case 'fatal':
          this.fail(outcome.error);
          return;
        case 'compacted':
          attempt = 0;
          await this.resync(outcome.compactRevision);
          break;
        case 'auth':
          if (++authRefreshes > maxAuthRefreshes) {
            this.fail(
              new WatchFailedError(
                `etcd keeps refusing to watch '${this.prefix}' (${outcome.reason}) although the token was ` +
                  'refreshed; grant the etcd user read access to that prefix',
              ),
            );
            return;
          }
          this.logger.info(
            { prefix: this.prefix, reason: outcome.reason },
            'etcd refused the watch; refreshing the auth token and trying again',
          );
          if (!(await this.refreshToken(outcome.reason))) return;
          break;
        case 'lost': {
          this.logger.warn(
            { prefix: this.prefix, revision: this.received, err: outcome.error },
            'etcd watch stream lost; reconnecting',
          );
          this.options.onDisconnected?.(outcome.error);
          await this.pause(retryDelayMs(attempt++, this.options.retry));
          break;
        }
      }
    }
  }

  /** Opens one watch stream from the revision after the last one received; settles when it ends. */
  private async follow(): Promise<StreamOutcome> {
    let stream: WatchStream;
    try {
      stream = await this.etcd.watchClient.watch({ interceptors: [requireLeader] });
    } catch (error) {
      return { kind: 'lost', error: asError(error) };
    }
    return new Promise<StreamOutcome>((resolve) => {
      let settled = false;
      const settle = (outcome: StreamOutcome) => {
        if (settled) return;
        settled = true;
        this.closeStream = undefined;
        close(stream);
        resolve(outcome);
      };
      stream.on('data', (response) => {
        if (settled || this.stopped) return;
        try {
          if (response.created && !response.canceled) {
            this.connections++;
            const connection = { memberId: response.header.member_id, fromRevision: this.received + 1 };
            this.logger.debug({ prefix: this.prefix, ...connection }, 'etcd watch connected');
            this.options.onConnected?.(connection);
          }
          const outcome = this.receive(response);
          if (outcome !== undefined) settle(outcome);
        } catch (error) {
          settle({ kind: 'fatal', error: asError(error) });
        }
      });
      stream.on('error', (error) => settle({ kind: 'lost', error }));
      stream.on('end', () => settle({ kind: 'lost', error: new Error('etcd ended the watch stream') }));
      if (this.stopped) {
        settle({ kind: 'stopped' });
        return;
      }
      this.closeStream = () => settle({ kind: 'stopped' });
      stream.write({
        create_request: {
          key: this.range.start,
          range_end: this.range.end,
          start_revision: this.received + 1,
          progress_notify: true,
          prev_kv: this.options.withPrevious === true,
        },
      });
    });
  }

  /** Handles one response; returns how the stream ends if this response ends it. */
  private receive(response: IWatchResponse): StreamOutcome | undefined {
    // etcd 3.4 sends the compaction as a cancel with `compact_revision` set and no reason.
    if (response.compact_revision !== '0' && response.compact_revision !== '') {
      return { kind: 'compacted', compactRevision: toRevision(response.compact_revision) };
    }
    if (response.canceled) {
      const reason = response.cancel_reason;
      // A stale token (etcd restarted, token expired) shows as "invalid auth token"; treat
      // "permission denied" alike, and let a unary read with a fresh token tell a real denial apart.
      if (/invalid auth token|permission denied/i.test(reason)) return { kind: 'auth', reason };
      return {
        kind: 'fatal',
        error: new WatchFailedError(
          `etcd cancelled the watch of '${this.prefix}' at revision ${this.received + 1}: ${reason || 'no reason given'}`,
        ),
      };
    }
    if (response.events.length > 0) {
      for (const batch of toWatchBatches(response.events, this.received)) {
        this.received = batch.revision;
        this.enqueue(async () => {
          await this.options.onEvents(batch);
          this.delivered = batch.revision;
        });
      }
    } else if (!response.created) {
      // A progress notification: every event up to the header revision has been sent, so a later
      // reconnect may start after it (fewer resyncs when the prefix is quiet and etcd compacts).
      const revision = toRevision(response.header.revision);
      if (revision > this.received) {
        this.received = revision;
        this.enqueue(() => {
          this.delivered = Math.max(this.delivered, revision);
        });
      }
    }
    return undefined;
  }

  /** Runs callbacks one after another; a callback that throws stops the watch. */
  private enqueue(task: () => void | Promise<void>): void {
    this.deliveries = this.deliveries
      .then(async () => {
        if (!this.stopped) await task();
      })
      .catch((error: unknown) => {
        this.fail(
          new WatchHandlerError(
            `a watch callback for '${this.prefix}' threw at revision ${this.delivered + 1}; the watch stopped`,
            { cause: error },
          ),
        );
      });
  }

  /** Replaces the caller's state with a fresh snapshot after the revisions it needed were compacted. */
  private async resync(compactRevision: number): Promise<void> {
    this.logger.info(
      { prefix: this.prefix, revision: this.received, compactRevision },
      'etcd compacted the revisions this watch needed; reading the prefix again',
    );
    await this.deliveries;
    let attempt = 0;
    let snapshot: PrefixSnapshot | undefined;
    while (!this.stopped && snapshot === undefined) {
      try {
        snapshot = await rangeSnapshot(this.etcd, this.prefix, { pageSize: this.options.pageSize });
      } catch (error) {
        if (error instanceof EtcdPermissionDeniedError) {
          this.fail(
            new WatchFailedError(`cannot read '${this.prefix}' to resync the watch: ${error.message}`),
          );
          return;
        }
        if (this.stopped) return;
        this.logger.warn({ prefix: this.prefix, err: error }, 'etcd watch resync failed; retrying');
        this.options.onDisconnected?.(asError(error));
        await this.pause(retryDelayMs(attempt++, this.options.retry));
      }
    }
    if (this.stopped || snapshot === undefined) return;
    const fresh = snapshot;
    this.received = fresh.revision;
    this.enqueue(async () => {
      await this.options.onResync(fresh);
      this.delivered = fresh.revision;
    });
    await this.deliveries;
  }

  /**
   * Makes etcd3 fetch a new token: a unary call that meets "invalid auth token" re-authenticates
   * and retries. Returns false (and fails the watch) when the user really may not read the prefix.
   */
  private async refreshToken(reason: string): Promise<boolean> {
    try {
      await this.etcd.kv.range({
        key: this.range.start,
        range_end: this.range.end,
        limit: 1,
        keys_only: true,
      });
      return true;
    } catch (error) {
      if (error instanceof EtcdPermissionDeniedError) {
        this.fail(
          new WatchFailedError(
            `etcd refused to watch '${this.prefix}' (${reason}); grant the etcd user read access to that prefix`,
          ),
        );
        return false;
      }
      // Unreachable etcd and the like: the next stream attempt reports it.
      return true;
    }
  }

  /** Waits `ms`, or less if the watch is stopped meanwhile. */
  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = undefined;
        done();
      };
    });
  }
}

/** Ends a stream without etcd3 counting it as a failure of its host (it does so while writable). */
function close(stream: WatchStream): void {
  stream.on('error', () => undefined);
  try {
    stream.end();
    stream.cancel();
  } catch {
    // Already closed.
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
