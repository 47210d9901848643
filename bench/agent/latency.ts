// Latency summaries of the agent benchmark, in milliseconds.
import { LatencyRecorder, median } from '../load/stats.js';

/** Percentiles of some latencies (nearest rank), in milliseconds; NaN where there are none. */
export interface Latency {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export function summarizeLatencies(values: readonly number[]): Latency {
  const recorder = new LatencyRecorder(values.length);
  for (const v of values) if (Number.isFinite(v)) recorder.record(v);
  const [p50, p99, max] = recorder.percentiles(0.5, 0.99, 1);
  return { count: recorder.size, p50: p50!, p99: p99!, max: max! };
}

/** Median and range over rounds, in milliseconds. */
export interface OverRounds {
  rounds: number;
  median: number;
  min: number;
  max: number;
}

export function overRounds(values: readonly number[]): OverRounds {
  const finite = values.filter(Number.isFinite);
  return {
    rounds: finite.length,
    median: median(finite),
    min: finite.length ? Math.min(...finite) : Number.NaN,
    max: finite.length ? Math.max(...finite) : Number.NaN,
  };
}
