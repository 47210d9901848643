// How long to wait before reconnecting a watch: exponential backoff with full jitter.

/**
 * Bounds of the reconnect backoff.
 *
 * @example
 * client.watchPrefix('app/', { ...handlers, retry: { initialDelayMs: 100, maxDelayMs: 5000 } });
 */
export interface RetryPolicy {
  /** Delay ceiling of the first retry; default 50 ms. */
  initialDelayMs?: number;
  /** Delay ceiling of any retry; default 2000 ms. */
  maxDelayMs?: number;
}

/**
 * The delay before retry number `attempt` (0 for the first): a random time up to
 * `initialDelayMs * 2^attempt`, capped at `maxDelayMs`, so many clients do not reconnect in step.
 *
 * @example
 * retryDelayMs(3, { initialDelayMs: 50, maxDelayMs: 2000 }); // between 0 and 400
 */
export function retryDelayMs(
  attempt: number,
  policy: RetryPolicy = {},
  random: () => number = Math.random,
): number {
  const initial = policy.initialDelayMs ?? 50;
  const max = policy.maxDelayMs ?? 2000;
  const ceiling = Math.min(max, initial * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling * random());
}
