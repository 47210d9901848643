// The reconnect backoff: exponential ceiling, capped, with full jitter.
import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './retry-delay.js';

describe('retryDelayMs', () => {
  const policy = { initialDelayMs: 50, maxDelayMs: 2000 };

  it.each([
    [0, 50],
    [1, 100],
    [3, 400],
    [6, 2000],
    [1000, 2000],
  ])('attempt %i waits at most %i ms', (attempt, ceiling) => {
    expect(retryDelayMs(attempt, policy, () => 1)).toBe(ceiling);
    expect(retryDelayMs(attempt, policy, () => 0)).toBe(0);
  });

  it('spreads retries across the whole window', () => {
    expect(retryDelayMs(3, policy, () => 0.5)).toBe(200);
  });

  it('has defaults', () => {
    expect(retryDelayMs(100, {}, () => 1)).toBe(2000);
  });
});
