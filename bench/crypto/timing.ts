// Times one operation run back to back: a short warm-up, then until a time or a count bound is reached.
import { performance } from 'node:perf_hooks';

/** One measured phase of an operation. */
export interface PhaseTiming {
  ops: number;
  seconds: number;
  opsPerSec: number;
  /** Wall-clock microseconds per operation (one at a time, so also its latency). */
  microsPerOp: number;
  /** CPU microseconds (user + system, all threads of the process) per operation. */
  cpuMicrosPerOp: number;
}

export interface PhaseBounds {
  maxMs: number;
  maxOps: number;
  warmupMs: number;
}

/** At most this many warm-up operations, whatever the warm-up time allows. */
const WARMUP_OPS = 200;

function cpuMicros(): number {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/**
 * Runs `operation` one at a time (each awaited before the next): warm-up first, unmeasured, then
 * measured until `maxMs` has passed or `maxOps` operations are done, whichever comes first.
 */
export async function timePhase(operation: () => unknown, bounds: PhaseBounds): Promise<PhaseTiming> {
  const warmupEnd = performance.now() + bounds.warmupMs;
  for (let i = 0; i < WARMUP_OPS && performance.now() < warmupEnd; i++) await operation();
  const cpuStart = cpuMicros();
  const start = performance.now();
  const end = start + bounds.maxMs;
  let ops = 0;
  while (ops < bounds.maxOps) {
    await operation();
    ops += 1;
    if (performance.now() >= end) break;
  }
  const elapsedMs = performance.now() - start;
  const cpu = cpuMicros() - cpuStart;
  return {
    ops,
    seconds: elapsedMs / 1000,
    opsPerSec: ops / (elapsedMs / 1000),
    microsPerOp: (elapsedMs * 1000) / ops,
    cpuMicrosPerOp: cpu / ops,
  };
}
