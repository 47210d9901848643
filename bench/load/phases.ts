// The measured work: closed-loop requests at a given concurrency and put-to-watch-event probes, run in
// slices, with a tally per store and phase. Every loop stops by itself after a time or a count.
import { performance } from 'node:perf_hooks';
import { ownCpuMs, processCpuMs } from './cpu.js';
import type { Driver, PrefixWatch } from './driver.js';
import type { PhaseName, PhaseResult } from './protocol.js';
import { LatencyRecorder } from './stats.js';

export interface SliceLimits {
  durationMs: number;
  maxOps: number;
}

/** What one slice of work did. */
export interface SliceOutcome {
  ops: number;
  /** From the slice's start to its last completed operation. */
  seconds: number;
}

/** Errors beyond which a loop gives up: a store that fails most requests is not being measured. */
const maxErrors = 1000;

export class ErrorLog {
  count = 0;
  readonly samples: string[] = [];

  add(err: unknown): void {
    this.count++;
    const text = err instanceof Error ? err.message : String(err);
    if (this.samples.length < 5 && !this.samples.includes(text)) this.samples.push(text);
  }
}

/**
 * `clients` workers each issue `op` and the next one when it returns (64 clients = 64 requests
 * outstanding), until the time or the count runs out.
 */
export async function closedLoop(
  clients: number,
  limits: SliceLimits,
  errors: ErrorLog,
  latencies: LatencyRecorder | undefined,
  op: (seq: number, worker: number) => Promise<void>,
): Promise<SliceOutcome> {
  const start = performance.now();
  const deadline = start + limits.durationMs;
  const errorsBefore = errors.count;
  let issued = 0;
  let ops = 0;
  let end = start;
  const worker = async (id: number): Promise<void> => {
    while (
      issued < limits.maxOps &&
      performance.now() < deadline &&
      errors.count - errorsBefore < maxErrors
    ) {
      const seq = issued++;
      const t0 = performance.now();
      try {
        await op(seq, id);
        end = performance.now();
        latencies?.record(end - t0);
        ops++;
      } catch (err) {
        errors.add(err);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(clients, limits.maxOps) }, (_, id) => worker(id)));
  return { ops, seconds: (end - start) / 1000 };
}

/** One store's running totals in one phase, summed over its slices. */
export class PhaseTally {
  readonly latencies: LatencyRecorder;
  private ops = 0;
  private seconds = 0;
  private clientCpuMs = 0;
  private serverCpuMs: number | undefined = 0;
  private readonly errorsAtStart: number;

  constructor(
    readonly name: PhaseName,
    readonly clients: number,
    private readonly maxOps: number,
    private readonly serverPid: number | undefined,
    private readonly errors: ErrorLog,
  ) {
    this.latencies = new LatencyRecorder(maxOps);
    this.errorsAtStart = errors.count;
  }

  /** Operations this store may still do in this phase. */
  get remaining(): number {
    return this.maxOps - this.ops;
  }

  /** Runs one slice, counting its operations, time, and the client's and the server's CPU. */
  async slice(body: () => Promise<SliceOutcome>): Promise<void> {
    const [ownBefore, serverBefore] = [ownCpuMs(), processCpuMs(this.serverPid)];
    const outcome = await body();
    const [ownAfter, serverAfter] = [ownCpuMs(), processCpuMs(this.serverPid)];
    this.ops += outcome.ops;
    this.seconds += outcome.seconds;
    this.clientCpuMs += ownAfter - ownBefore;
    this.serverCpuMs =
      this.serverCpuMs === undefined || serverBefore === undefined || serverAfter === undefined
        ? undefined
        : this.serverCpuMs + serverAfter - serverBefore;
  }

  result(): PhaseResult {
    const [p50Ms, p99Ms] = this.latencies.percentiles(0.5, 0.99);
    const perKop = (ms: number) => (this.ops > 0 ? (ms * 1000) / this.ops : Number.NaN);
    const result: PhaseResult = {
      name: this.name,
      clients: this.clients,
      ops: this.ops,
      errors: this.errors.count - this.errorsAtStart,
      seconds: this.seconds,
      opsPerSec: this.seconds > 0 ? this.ops / this.seconds : 0,
      p50Ms: p50Ms ?? Number.NaN,
      p99Ms: p99Ms ?? Number.NaN,
      clientCpuPerKop: perKop(this.clientCpuMs),
    };
    if (this.serverCpuMs !== undefined) result.serverCpuPerKop = perKop(this.serverCpuMs);
    return result;
  }
}

/**
 * A watcher on a prefix and one writer putting keys under it one at a time; each latency runs from
 * sending the put to receiving its event (the put's own answer is awaited too before the next put).
 */
export class WatchProbe {
  private expected = '';
  private delivered: ((at: number) => void) | undefined;
  private failed: ((err: Error) => void) | undefined;
  private seq = 0;
  private broken = false;

  private constructor(
    private readonly driver: Driver,
    private readonly prefix: Buffer,
    private readonly value: Buffer,
  ) {}

  private watch: PrefixWatch | undefined;

  static async open(driver: Driver, prefix: Buffer, value: Buffer): Promise<WatchProbe> {
    const probe = new WatchProbe(driver, prefix, value);
    probe.watch = await driver.watchPrefix(
      prefix,
      (key) => {
        const at = performance.now();
        if (probe.delivered !== undefined && key.toString('latin1') === probe.expected) probe.delivered(at);
      },
      (err) => probe.failed?.(err),
    );
    return probe;
  }

  async run(
    limits: SliceLimits,
    errors: ErrorLog,
    latencies: LatencyRecorder,
    eventTimeoutMs = 5_000,
  ): Promise<SliceOutcome> {
    const start = performance.now();
    const deadline = start + limits.durationMs;
    let ops = 0;
    let end = start;
    // A lost event leaves the stream in an unknown state: the probe stops for good.
    for (let n = 0; !this.broken && n < limits.maxOps && performance.now() < deadline; n++) {
      const key = Buffer.concat([this.prefix, Buffer.from(String(this.seq++))]);
      this.expected = key.toString('latin1');
      let timer: NodeJS.Timeout | undefined;
      const event = new Promise<number>((resolve, reject) => {
        this.delivered = resolve;
        this.failed = reject;
        timer = setTimeout(
          () => reject(new Error(`no watch event within ${eventTimeoutMs} ms`)),
          eventTimeoutMs,
        );
      });
      const t0 = performance.now();
      try {
        const [at] = await Promise.all([event, this.driver.put(0, key, this.value)]);
        end = performance.now();
        latencies.record(at - t0);
        ops++;
      } catch (err) {
        errors.add(err);
        this.broken = true;
      } finally {
        clearTimeout(timer);
        this.delivered = undefined;
        this.failed = undefined;
      }
    }
    return { ops, seconds: (end - start) / 1000 };
  }

  close(): void {
    this.watch?.close();
  }
}
