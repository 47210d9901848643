// Times one step: wall-clock seconds, this process's CPU, and how busy the whole machine was (from
// /proc/stat), which tells a step bound by this process from one waiting on etcd or Swift.
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

export interface StepTiming {
  seconds: number;
  /** CPU seconds of this (the benchmark's) process, all threads: Setpoint's code, not Swift's or etcd's. */
  processCpuSeconds: number;
  /** Share of all cores busy over the step, 0-1, every process counted. */
  machineBusy: number;
}

/** Busy and total jiffies of all cores since boot; undefined where /proc/stat cannot be read. */
function machineJiffies(): { busy: number; total: number } | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    const fields = line.trim().split(/\s+/).slice(1).map(Number);
    const total = fields.reduce((sum, f) => sum + f, 0);
    // idle and iowait are the idle columns.
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

function processCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** Runs `step` once and times it. */
export async function timeStep<T>(step: () => Promise<T>): Promise<{ result: T; timing: StepTiming }> {
  const jiffies = machineJiffies();
  const cpu = processCpuSeconds();
  const start = performance.now();
  const result = await step();
  const seconds = (performance.now() - start) / 1000;
  const after = machineJiffies();
  const machineBusy =
    jiffies && after && after.total > jiffies.total
      ? (after.busy - jiffies.busy) / (after.total - jiffies.total)
      : Number.NaN;
  return {
    result,
    timing: { seconds, processCpuSeconds: processCpuSeconds() - cpu, machineBusy },
  };
}

/** Cores, for turning the machine's busy share into cores busy. */
export const coreCount = cpus().length;

/**
 * Progress (src/backup/progress.ts) that notes when each phase started and ended, so the parts of
 * a restore (download and check, then the writes) can be timed from outside.
 */
export class PhaseClock {
  readonly #started = new Map<string, number>();
  readonly #ended = new Map<string, number>();
  #current = '';

  start(phase: string): void {
    this.#current = phase;
    this.#started.set(phase, performance.now());
  }

  update(): void {}

  done(): void {
    this.#ended.set(this.#current, performance.now());
  }

  /** performance.now() when the phase started; NaN when it did not. */
  startedAt(phase: string): number {
    return this.#started.get(phase) ?? Number.NaN;
  }

  /** Seconds from the phase's start to its end; NaN when it did not both start and end. */
  seconds(phase: string): number {
    const start = this.#started.get(phase);
    const end = this.#ended.get(phase);
    return start === undefined || end === undefined ? Number.NaN : (end - start) / 1000;
  }
}
