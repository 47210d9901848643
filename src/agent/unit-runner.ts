// Follows one unit's directory: reads it at one revision, watches from the next, keeps the
// directory's values in memory revision by revision, and runs the apply pipeline (debounced) on
// each change. While etcd cannot be reached the file stays as it is and the status says so.
import { hostname } from 'node:os';
import { version } from '../cli/version.js';
import type { EtcdClient, KeyValue, PrefixSnapshot, PrefixWatch, WatchBatch } from '../etcd/index.js';
import { retryDelayMs } from '../etcd/retry-delay.js';
import type { Logger } from '../log/logger.js';
import type { ApplyOutcome, ApplyPipeline } from './apply-pipeline.js';
import { Debounce } from './debounce.js';
import type { AgentMetrics } from './metrics.js';
import type { UnitState } from './state-file.js';
import { type FollowedTemplate, NO_TEMPLATE, readFollowedTemplate, typesOf } from './template-types.js';
import type { Unit } from './unit.js';
import type { UnitPhase, UnitStatus } from './unit-status.js';

/** How long an apply waits for the directory's template before it renders with the one read before. */
const TEMPLATE_READ_TIMEOUT_MS = 5_000;

/**
 * One unit at work.
 *
 * @example
 * const runner = new UnitRunner(unit, { agent: 'host-1', pipeline, metrics, logger, report });
 * runner.start(client);
 * await runner.stop();
 */
export class UnitRunner {
  private readonly values = new Map<string, string>();
  /** The revision of the directory's latest change seen (a put's or delete's). */
  private revision: number | undefined;
  private phase: UnitPhase = 'starting';
  private etcdConnected = false;
  private lastOutcome: ApplyOutcome | undefined;
  private watch: PrefixWatch | undefined;
  private stopped = false;
  private running: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private readonly debounce: Debounce;
  /** The pipeline's state as of the last finished apply: a status never shows a run half-way. */
  private recorded: UnitState;
  private readonly applied: Array<(outcome: ApplyOutcome) => void> = [];
  private client: EtcdClient | undefined;
  /** The chart template the directory follows, as last read (its specs give the render types). */
  private followed: FollowedTemplate = NO_TEMPLATE;

  constructor(
    readonly unit: Unit,
    private readonly deps: {
      agent: string;
      pipeline: ApplyPipeline;
      metrics: AgentMetrics;
      logger: Logger;
      /** Receives every status change. */
      report: (status: UnitStatus) => void;
    },
  ) {
    this.debounce = new Debounce(unit.debounce, () => this.applyLatest());
    this.recorded = deps.pipeline.current;
    this.deps.metrics.etcdConnected.set({ unit: unit.name }, 0);
    this.deps.metrics.healthy.set({ unit: unit.name }, 0);
  }

  /** The unit's status now. */
  status(): UnitStatus {
    const state = this.recorded;
    const failed = this.lastOutcome?.result === 'failed' ? this.lastOutcome : undefined;
    return {
      agent: this.deps.agent,
      unit: this.unit.name,
      directory: this.unit.directory,
      output: this.unit.output.path,
      state: this.phase,
      appliedRevision: state.applied?.revision ?? null,
      contentHash: state.applied?.contentHash ?? null,
      seenRevision: this.revision ?? null,
      failedRevision: failed?.revision ?? state.failed?.revision ?? null,
      lastError: failed?.reason ?? state.failed?.reason ?? null,
      rolledBack: failed?.rolledBack ?? null,
      etcdConnected: this.etcdConnected,
      updatedAt: new Date().toISOString(),
      host: hostname(),
      pid: process.pid,
      version,
    };
  }

  /** Resolves with the outcome of the next apply run that finishes. */
  nextOutcome(): Promise<ApplyOutcome> {
    return new Promise((resolve) => this.applied.push(resolve));
  }

  /** Follows the directory through `client` until `stop()`. */
  start(client: EtcdClient): void {
    this.client = client;
    this.running = this.follow(client).catch((error: unknown) => {
      this.deps.logger.error(
        { unit: this.unit.name, err: error },
        'the unit stopped following its directory',
      );
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.watch?.stop();
    await this.running;
    await this.debounce.stop();
  }

  private async follow(client: EtcdClient): Promise<void> {
    const prefix = `${this.unit.directory}/`;
    let attempt = 0;
    while (!this.stopped) {
      let snapshot: PrefixSnapshot;
      try {
        snapshot = await client.rangeSnapshot(prefix);
        this.followed = await readFollowedTemplate(client, this.unit.directory, this.deps.logger);
      } catch (error) {
        this.disconnected(error as Error);
        await this.pause(retryDelayMs(attempt++, { initialDelayMs: 200, maxDelayMs: 5_000 }));
        continue;
      }
      attempt = 0;
      this.replaceAll(snapshot);
      this.connected();
      this.debounce.notify();
      const watch = client.watchPrefix(prefix, {
        fromRevision: snapshot.revision,
        onEvents: (batch) => this.receive(batch),
        onResync: (fresh) => {
          this.deps.logger.info(
            { unit: this.unit.name, revision: fresh.revision },
            'etcd compacted past the revision being watched; read the directory again',
          );
          this.replaceAll(fresh);
          this.debounce.notify();
        },
        onConnected: () => this.connected(),
        onDisconnected: (error) => this.disconnected(error),
        retry: { initialDelayMs: 100, maxDelayMs: 5_000 },
      });
      this.watch = watch;
      try {
        await watch.done;
      } catch (error) {
        this.disconnected(error as Error);
        await this.pause(retryDelayMs(attempt++, { initialDelayMs: 200, maxDelayMs: 5_000 }));
      }
    }
  }

  private receive(batch: WatchBatch): void {
    for (const event of batch.events) {
      if (event.type === 'put') this.values.set(event.kv.key, event.kv.value.toString('utf8'));
      else this.values.delete(event.kv.key);
    }
    this.revision = batch.revision;
    this.debounce.notify();
  }

  private replaceAll(snapshot: PrefixSnapshot): void {
    this.values.clear();
    let latest = 0;
    for (const kv of snapshot.kvs as KeyValue[]) {
      this.values.set(kv.key, kv.value.toString('utf8'));
      latest = Math.max(latest, kv.modRevision);
    }
    // The directory's revision is that of its latest change, not the store's: writes elsewhere
    // do not make the same directory look new.
    this.revision = latest;
  }

  private async applyLatest(): Promise<void> {
    const revision = this.revision;
    if (revision === undefined || this.stopped) return;
    const started = performance.now();
    await this.readTemplate();
    const prefix = `${this.unit.directory}/`;
    const types = typesOf(
      this.followed,
      [...this.values.keys()].map((key) => key.slice(prefix.length)),
    );
    const outcome = await this.deps.pipeline.apply(new Map(this.values), revision, { types });
    const { metrics } = this.deps;
    const unit = this.unit.name;
    metrics.applyDuration.observe({ unit }, (performance.now() - started) / 1000);
    metrics.applies.inc({ unit, result: outcome.result });
    this.lastOutcome = outcome;
    if (outcome.result === 'failed') {
      if (outcome.rolledBack !== null) metrics.rollbacks.inc({ unit, healthy: String(outcome.rolledBack) });
      this.deps.logger.error(
        { unit, revision, code: outcome.code, rolledBack: outcome.rolledBack, reason: outcome.reason },
        'the change was not applied',
      );
    } else if (outcome.result === 'applied') {
      this.deps.logger.info({ unit, revision, contentHash: outcome.contentHash }, 'applied');
    }
    this.phase = this.lastPhase();
    metrics.healthy.set({ unit }, this.phase === 'healthy' ? 1 : 0);
    this.recorded = this.deps.pipeline.current;
    const applied = this.recorded.applied?.revision;
    if (applied !== undefined) metrics.appliedRevision.set({ unit }, applied);
    this.deps.report(this.status());
    for (const resolve of this.applied.splice(0)) resolve(outcome);
  }

  /**
   * Reads the template again before each apply: an upgrade changes it together with keys, so the
   * change that wakes this apply may come with new types. While etcd does not answer, the template
   * last read is used.
   */
  private async readTemplate(): Promise<void> {
    if (this.client === undefined) return;
    let timer: NodeJS.Timeout | undefined;
    try {
      this.followed = await Promise.race([
        readFollowedTemplate(this.client, this.unit.directory, this.deps.logger),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error('etcd did not answer in time')),
            TEMPLATE_READ_TIMEOUT_MS,
          );
        }),
      ]);
    } catch (error) {
      this.deps.logger.warn(
        { unit: this.unit.name, err: (error as Error).message },
        "cannot read the directory's template now; rendering with the one read before",
      );
    } finally {
      clearTimeout(timer);
    }
  }

  private connected(): void {
    if (this.etcdConnected) return;
    this.etcdConnected = true;
    this.deps.metrics.etcdConnected.set({ unit: this.unit.name }, 1);
    if (this.phase === 'waiting-for-etcd') this.phase = this.lastPhase();
    this.deps.report(this.status());
  }

  private disconnected(error: Error): void {
    const first = this.etcdConnected || this.phase === 'starting';
    this.etcdConnected = false;
    this.deps.metrics.etcdConnected.set({ unit: this.unit.name }, 0);
    this.phase = 'waiting-for-etcd';
    if (first) {
      this.deps.logger.warn(
        { unit: this.unit.name, err: error },
        'etcd cannot be reached; keeping the file as it is and retrying',
      );
    }
    this.deps.report(this.status());
  }

  private lastPhase(): UnitPhase {
    if (this.lastOutcome === undefined) return 'starting';
    const { result } = this.lastOutcome;
    return result === 'failed' || result === 'skipped' ? 'failed' : 'healthy';
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}
