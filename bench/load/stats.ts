// Latency samples for one benchmark phase, bounded in count, and the percentiles taken from them.

export class LatencyRecorder {
  private readonly samples: Float64Array;
  private count = 0;

  constructor(capacity: number) {
    this.samples = new Float64Array(capacity);
  }

  /** Records one latency in milliseconds; samples beyond the capacity are dropped. */
  record(ms: number): void {
    if (this.count < this.samples.length) this.samples[this.count++] = ms;
  }

  get size(): number {
    return this.count;
  }

  /** The `q` quantile (0..1) by the nearest-rank method; NaN with no samples. */
  percentiles(...qs: number[]): number[] {
    if (this.count === 0) return qs.map(() => Number.NaN);
    const sorted = this.samples.slice(0, this.count).sort();
    return qs.map(
      (q) => sorted[Math.min(this.count - 1, Math.max(0, Math.ceil(q * this.count) - 1))] ?? Number.NaN,
    );
  }
}

/** The median of some numbers (mean of the middle two for an even count); NaN if empty. */
export function median(values: readonly number[]): number {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
