// The history recorder: follows every revision of etcd and keeps each change of each key as a record
// under `_setpoint/history/`, beyond etcd's compaction.
import type { EtcdClient, PrefixSnapshot, PrefixWatch, RetryPolicy, WatchBatch } from '../../etcd/index.js';
import { toRevision } from '../../etcd/index.js';
import { retryDelayMs } from '../../etcd/retry-delay.js';
import { isCompactedError } from '../../etcd/snapshot.js';
import { HISTORY_POSITION_KEY } from '../../keyspace/index.js';
import type { Logger } from '../../log/logger.js';
import { type CurrentValues, readCurrentValues } from './current-values.js';
import { HistoryError } from './errors.js';
import type { HistoryGap } from './position.js';
import { recordOfEvent, recordOfSnapshotValue } from './records.js';
import { applyHistoryRetention, type RetentionPolicy, resolveRetentionPolicy } from './retention.js';
import { isRecordedKey, isRecorderKey } from './scope.js';
import {
  chunkRecords,
  commitRecords,
  type EncodedRecord,
  encodeForCommit,
  MAX_OPS_PER_TXN,
  readHistoryPosition,
  type StoredPosition,
  writeRecordsIfAbsent,
} from './transactions.js';

/**
 * Options of `startHistoryRecorder`.
 *
 * @example
 * startHistoryRecorder(client, { logger, retention: { maxVersionsPerKey: 50 }, flushIntervalMs: 100 });
 */
export interface HistoryRecorderOptions {
  logger: Logger;
  /**
   * The retention policy the recorder applies every `intervalMs` (default one hour), or `false` to
   * apply none (e.g. when another process prunes with `applyHistoryRetention`).
   */
  retention?: (Partial<RetentionPolicy> & { intervalMs?: number }) | false;
  /**
   * How long changes wait to be written together (several revisions per transaction); default 50
   * ms. A full transaction's worth is written at once.
   */
  flushIntervalMs?: number;
  /**
   * How often the position is moved past revisions that held only unrecorded keys (agent status),
   * so a restart does not read them again; default 10 s.
   */
  idlePositionIntervalMs?: number;
  /** Backoff while etcd cannot be reached. */
  retry?: RetryPolicy;
}

/**
 * A running history recorder.
 *
 * @example
 * const recorder = startHistoryRecorder(client, { logger });
 * // ...
 * await recorder.stop();
 */
export interface HistoryRecorder {
  /** Writes what it holds, stops following etcd and its timers; resolves when done. */
  stop(): Promise<void>;
  /** The revision up to which history is recorded in etcd (0 before the recorder started). */
  position(): number;
  /** Resolves after `stop()`; rejects if the recorder fails (etcd refuses the watch, a damaged position). */
  readonly done: Promise<void>;
}

const defaultFlushIntervalMs = 50;
const defaultIdlePositionIntervalMs = 10_000;
const defaultRetentionIntervalMs = 60 * 60 * 1000;
/** Records held in memory before a new batch waits for them to be written. */
const maxPendingRecords = 4 * MAX_OPS_PER_TXN;

/**
 * Starts recording history: reads the position (`_setpoint/history-position`); without one, records
 * every key's current value (a baseline) and follows etcd from there; with one, follows etcd from
 * it — or, if etcd compacted past it, records the current values and a gap marker, and warns. Each
 * batch of revisions is written with the position in one transaction; several recorders may run at
 * once and each record is still written once.
 *
 * @example
 * const recorder = startHistoryRecorder(client, { logger: createLogger('history') });
 * process.on('SIGTERM', () => void recorder.stop());
 * await recorder.done;
 */
export function startHistoryRecorder(client: EtcdClient, options: HistoryRecorderOptions): HistoryRecorder {
  return new RunningRecorder(client, options);
}

class RunningRecorder implements HistoryRecorder {
  readonly done: Promise<void>;
  private resolveDone!: () => void;
  private rejectDone!: (error: Error) => void;
  private stored: StoredPosition = { position: undefined, modRevision: 0 };
  /** Every revision up to this one has been handed to `pending` (or holds nothing to record). */
  private handled = 0;
  /** Highest handled revision that held only unrecorded keys other than the recorder's own. */
  private noiseRevision = 0;
  private pending: EncodedRecord[] = [];
  /** Writes to etcd, one after another. */
  private writing: Promise<unknown> = Promise.resolve();
  private watch: PrefixWatch | undefined;
  private stopped = false;
  private flushTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private retentionTimer: NodeJS.Timeout | undefined;
  private retentionRun: Promise<void> | undefined;
  private readonly wakers = new Set<() => void>();
  private readonly logger: Logger;
  private readonly retention: (RetentionPolicy & { intervalMs: number }) | undefined;

  constructor(
    private readonly client: EtcdClient,
    private readonly options: HistoryRecorderOptions,
  ) {
    this.logger = options.logger;
    this.retention =
      options.retention === false
        ? undefined
        : {
            ...resolveRetentionPolicy(options.retention ?? {}),
            intervalMs: options.retention?.intervalMs ?? defaultRetentionIntervalMs,
          };
    this.done = new Promise<void>((resolve, reject) => {
      this.resolveDone = resolve;
      this.rejectDone = reject;
    });
    this.done.catch(() => undefined);
    this.run().catch((error: unknown) => this.fail(asError(error)));
  }

  position(): number {
    return this.stored.position?.revision ?? 0;
  }

  async stop(): Promise<void> {
    if (this.stopped) return this.done.catch(() => undefined);
    this.stopped = true;
    this.clearTimers();
    for (const wake of this.wakers) wake();
    await this.watch?.stop();
    await this.flush().catch((error: unknown) =>
      this.logger.warn({ err: error }, 'history recorder: could not write its last records'),
    );
    await this.retentionRun;
    this.logger.info({ revision: this.position() }, 'history recorder stopped');
    this.resolveDone();
  }

  private fail(error: Error): void {
    if (this.stopped) return;
    this.stopped = true;
    this.clearTimers();
    for (const wake of this.wakers) wake();
    void this.watch?.stop();
    this.logger.error({ err: error, revision: this.position() }, 'history recorder failed');
    this.rejectDone(error);
  }

  private clearTimers(): void {
    clearTimeout(this.flushTimer);
    clearTimeout(this.idleTimer);
    clearTimeout(this.retentionTimer);
  }

  private async run(): Promise<void> {
    const from = await this.retrying('start', () => this.start());
    if (from === undefined || this.stopped) return;
    this.handled = from;
    this.logger.info(
      { revision: from, since: this.stored.position?.since },
      'history recorder following etcd',
    );
    this.watch = this.client.watchPrefix('', {
      fromRevision: from,
      onEvents: (batch) => this.onEvents(batch),
      onResync: (snapshot) => this.onResync(snapshot),
      retry: this.options.retry,
    });
    this.watch.done.catch((error: unknown) => this.fail(asError(error)));
    this.scheduleIdlePosition();
    this.scheduleRetention();
  }

  /** Reads the position and brings history up to a revision to follow etcd from. */
  private async start(): Promise<number> {
    // Bounded: each pass either returns or lost a race to a recorder that has since written a position.
    for (;;) {
      this.stored = await readHistoryPosition(this.client);
      const position = this.stored.position;
      if (position === undefined) {
        const values = await readCurrentValues(this.client);
        this.logger.info(
          { revision: values.revision, keys: values.kvs.length },
          'history recorder: no position yet; recording the current value of every key as a baseline',
        );
        if (await this.recordBaseline(values, undefined, true)) return values.revision;
        continue;
      }
      if (!(await this.compactedAfter(position.revision))) return position.revision;
      const values = await readCurrentValues(this.client);
      const gap = this.gapUntil(position.revision, values.revision);
      if (await this.recordBaseline(values, gap, true)) return values.revision;
    }
  }

  /** Whether etcd compacted the revision after `revision`, so a watch cannot start there. */
  private async compactedAfter(revision: number): Promise<boolean> {
    const key = Buffer.from(HISTORY_POSITION_KEY);
    const head = await this.client.etcd.kv.range({ key, keys_only: true });
    if (revision + 1 > toRevision(head.header.revision)) return false;
    try {
      await this.client.etcd.kv.range({ key, keys_only: true, revision: revision + 1 });
      return false;
    } catch (error) {
      if (isCompactedError(error)) return true;
      throw error;
    }
  }

  private gapUntil(recorded: number, revision: number, compactRevision?: number): HistoryGap {
    const gap: HistoryGap = {
      from: recorded + 1,
      to: revision,
      ...(compactRevision === undefined ? {} : { compactRevision }),
      detectedAt: new Date().toISOString(),
    };
    this.logger.warn(
      { from: gap.from, to: gap.to },
      `history between revisions ${gap.from} and ${gap.to} was lost: etcd compacted it before the ` +
        'history recorder saw it; recording the current values instead',
    );
    return gap;
  }

  /**
   * Records each key's current value (if its change is not recorded yet), the gap marker if any,
   * and moves the position to the snapshot's revision. Strict: false when another recorder moved
   * the position first.
   */
  private async recordBaseline(
    values: CurrentValues,
    gap: HistoryGap | undefined,
    strict: boolean,
  ): Promise<boolean> {
    const recordedAt = new Date();
    const chunks = chunkRecords(
      values.kvs.map((kv) => encodeForCommit(recordOfSnapshotValue(kv, values.revision, recordedAt))),
    );
    const last = chunks.pop() ?? [];
    for (const chunk of chunks) await writeRecordsIfAbsent(this.client, chunk);
    const commit = {
      records: last,
      revision: values.revision,
      since: values.revision,
      ...(gap === undefined ? {} : { gap }),
    };
    if (!strict) {
      this.stored = await commitRecords(this.client, this.stored, commit);
      return true;
    }
    const stored = await commitRecords(this.client, this.stored, commit, { strict: true });
    if (stored === undefined) {
      this.logger.info('history recorder: another recorder wrote the position first; continuing from it');
      return false;
    }
    this.stored = stored;
    return true;
  }

  private async onEvents(batch: WatchBatch): Promise<void> {
    const recordedAt = new Date();
    let recorded = 0;
    let onlyRecorderKeys = true;
    for (const event of batch.events) {
      if (isRecordedKey(event.kv.key)) {
        this.pending.push(encodeForCommit(recordOfEvent(event, recordedAt)));
        recorded++;
      }
      if (!isRecorderKey(event.kv.key)) onlyRecorderKeys = false;
    }
    this.handled = batch.revision;
    if (recorded === 0) {
      if (!onlyRecorderKeys) this.noiseRevision = batch.revision;
      return;
    }
    if (this.pending.length >= maxPendingRecords) await this.flush();
    else this.scheduleFlush();
  }

  private async onResync(snapshot: PrefixSnapshot): Promise<void> {
    await this.flush();
    const values: CurrentValues = {
      revision: snapshot.revision,
      kvs: snapshot.kvs.filter((kv) => isRecordedKey(kv.key)),
    };
    const gap = this.gapUntil(this.handled, snapshot.revision);
    await this.serially(() =>
      this.retrying('record the values after a compaction', () => this.recordBaseline(values, gap, false)),
    );
    this.handled = snapshot.revision;
  }

  private scheduleFlush(): void {
    if (this.flushTimer !== undefined || this.stopped) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      this.flush().catch((error: unknown) => this.fail(asError(error)));
    }, this.options.flushIntervalMs ?? defaultFlushIntervalMs);
  }

  private scheduleIdlePosition(): void {
    if (this.stopped) return;
    this.idleTimer = setTimeout(() => {
      this.serially(() => this.writeIdlePosition())
        .catch((error: unknown) =>
          this.logger.warn({ err: error }, 'history recorder: cannot move its position'),
        )
        .finally(() => this.scheduleIdlePosition());
    }, this.options.idlePositionIntervalMs ?? defaultIdlePositionIntervalMs);
    this.idleTimer.unref();
  }

  private scheduleRetention(): void {
    const retention = this.retention;
    if (retention === undefined || this.stopped) return;
    this.retentionTimer = setTimeout(() => {
      this.retentionRun = applyHistoryRetention(this.client, retention)
        .then((result) => {
          if (result.dropped > 0) this.logger.info(result, 'history retention dropped old records');
        })
        .catch((error: unknown) =>
          this.logger.warn({ err: error }, 'history retention failed; trying again later'),
        )
        .finally(() => {
          this.retentionRun = undefined;
          this.scheduleRetention();
        });
    }, retention.intervalMs);
    this.retentionTimer.unref();
  }

  /** Writes every pending record, batched, each batch with the position it completes. */
  private flush(): Promise<void> {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    return this.serially(() => this.writePending());
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const next = this.writing.then(task);
    this.writing = next.catch(() => undefined);
    return next;
  }

  private async writePending(): Promise<void> {
    const records = this.pending;
    const through = this.handled;
    this.pending = [];
    if (records.length === 0) return;
    const chunks = chunkRecords(records);
    for (const [index, chunk] of chunks.entries()) {
      // A chunk completes every revision before the next chunk's first record (a revision may span chunks).
      const next = chunks[index + 1]?.[0];
      const revision = next === undefined ? through : next.record.revision - 1;
      const committed = await this.retrying('write history records', async () => {
        this.stored = await commitRecords(this.client, this.stored, {
          records: chunk,
          revision,
          since: revision,
        });
        return true;
      });
      if (committed === undefined) {
        // Stopped while etcd could not be reached: the position stays before these records, so the
        // next start records them again.
        this.logger.warn(
          { revision: this.position(), records: records.length },
          'history recorder stopped before it could write its last records; the next start records them',
        );
        return;
      }
    }
  }

  /** Moves the position past revisions that held only agent status and the like. */
  private async writeIdlePosition(): Promise<void> {
    if (this.pending.length > 0 || this.noiseRevision <= this.position()) return;
    const revision = this.handled;
    await this.retrying('move the history position', async () => {
      this.stored = await commitRecords(this.client, this.stored, { records: [], revision, since: revision });
      return true;
    });
  }

  /**
   * Runs `task` until it succeeds, waiting between tries while etcd cannot be reached. Undefined
   * when stopped first; a damaged record fails at once.
   */
  private async retrying<T>(what: string, task: () => Promise<T>): Promise<T | undefined> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await task();
      } catch (error) {
        if (error instanceof HistoryError || error instanceof TypeError) throw error;
        if (this.stopped) return undefined;
        const delay = retryDelayMs(attempt, {
          initialDelayMs: 100,
          maxDelayMs: 5_000,
          ...this.options.retry,
        });
        this.logger.warn({ err: error, retryInMs: delay }, `history recorder cannot ${what} yet; retrying`);
        await this.pause(delay);
        if (this.stopped) return undefined;
      }
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakers.add(wake);
    });
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
