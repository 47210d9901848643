import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Debounce } from './debounce.js';

describe('Debounce', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const counter = () => {
    const runs: number[] = [];
    return { runs, task: async () => void runs.push(Date.now()) };
  };

  it('runs once for a burst, minMs after the last change', async () => {
    const { runs, task } = counter();
    const debounce = new Debounce({ minMs: 100, maxMs: 1000 }, task, () => Date.now());
    const start = Date.now();
    debounce.notify();
    await vi.advanceTimersByTimeAsync(50);
    debounce.notify();
    await vi.advanceTimersByTimeAsync(99);
    expect(runs).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(runs).toEqual([start + 150]);
  });

  it('never waits longer than maxMs after the first change of a burst', async () => {
    const { runs, task } = counter();
    const debounce = new Debounce({ minMs: 100, maxMs: 300 }, task, () => Date.now());
    const start = Date.now();
    for (let i = 0; i < 10; i++) {
      debounce.notify();
      await vi.advanceTimersByTimeAsync(50);
    }
    expect(runs[0]).toBe(start + 300);
  });

  it('runs at once with no wait configured', async () => {
    const { runs, task } = counter();
    const debounce = new Debounce({ minMs: 0, maxMs: 0 }, task, () => Date.now());
    debounce.notify();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toHaveLength(1);
  });

  it('runs once more after a run when changes arrived during it', async () => {
    let release!: () => void;
    let runs = 0;
    const debounce = new Debounce(
      { minMs: 0, maxMs: 0 },
      async () => {
        runs++;
        if (runs === 1) await new Promise<void>((resolve) => (release = resolve));
      },
      () => Date.now(),
    );
    debounce.notify();
    await vi.advanceTimersByTimeAsync(0);
    debounce.notify();
    debounce.notify();
    expect(runs).toBe(1);
    release();
    await debounce.idle();
    await vi.advanceTimersByTimeAsync(0);
    await debounce.idle();
    expect(runs).toBe(2);
  });

  it('does nothing after stop', async () => {
    const { runs, task } = counter();
    const debounce = new Debounce({ minMs: 10, maxMs: 10 }, task, () => Date.now());
    debounce.notify();
    await debounce.stop();
    await vi.advanceTimersByTimeAsync(100);
    expect(runs).toEqual([]);
  });
});
