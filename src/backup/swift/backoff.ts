// When a Swift request is worth another attempt, and how long to wait first: exponential backoff
// with full jitter, bounded attempts.

/**
 * How often and how patiently a request is retried.
 *
 * @example
 * new SwiftClient({ auth, retry: { attempts: 8, baseDelayMs: 200, maxDelayMs: 5_000 } });
 */
export interface SwiftRetryPolicy {
  /** Attempts in all, the first included; default 5. */
  attempts: number;
  /** Delay ceiling before the first retry; doubles with each one; default 250 ms. */
  baseDelayMs: number;
  /** Delay ceiling of any retry (a `Retry-After` from Swift is capped by it too); default 10 s. */
  maxDelayMs: number;
}

/**
 * The retry policy used where the caller gives none.
 *
 * @example
 * new SwiftClient({ auth, retry: { ...defaultSwiftRetryPolicy, attempts: 10 } });
 */
export const defaultSwiftRetryPolicy: Readonly<SwiftRetryPolicy> = Object.freeze({
  attempts: 5,
  baseDelayMs: 250,
  maxDelayMs: 10_000,
});

/**
 * The delay before retry number `retry` (0 for the first): a random time up to
 * `baseDelayMs * 2^retry`, capped at `maxDelayMs`, so many clients do not retry in step. A
 * `Retry-After` of Swift's (429, 503) raises the delay to at least that, within `maxDelayMs`.
 *
 * @example
 * backoffDelayMs(3, { attempts: 5, baseDelayMs: 100, maxDelayMs: 2_000 }); // between 0 and 800
 */
export function backoffDelayMs(
  retry: number,
  policy: SwiftRetryPolicy,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(retry, 30));
  const jittered = Math.round(ceiling * random());
  if (retryAfterMs === undefined) return jittered;
  return Math.min(policy.maxDelayMs, Math.max(jittered, retryAfterMs));
}

/**
 * `Retry-After` as milliseconds: seconds or an HTTP date; undefined when absent or unreadable.
 *
 * @example
 * parseRetryAfterMs('2'); // 2000
 */
export function parseRetryAfterMs(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * Whether an HTTP status from Swift is transient: 408, 429 and 5xx, except 501 and 505 (the
 * request itself is wrong) and 507 (the disks are full: a quota error, not worth waiting for).
 *
 * @example
 * isRetryableStatus(503); // true
 * isRetryableStatus(404); // false
 */
export function isRetryableStatus(status: number): boolean {
  if (status === 408 || status === 429) return true;
  return status >= 500 && status !== 501 && status !== 505 && status !== 507;
}

const connectionErrorCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/**
 * What went wrong on the way to Swift, when it is a network failure worth retrying (refused,
 * reset, hang-up, timeout); undefined for anything else. Looks through `cause` chains, since
 * fetch wraps the socket error in a `TypeError: fetch failed`.
 *
 * @example
 * connectionFailure(await fetch(url).catch((e) => e)); // 'ECONNREFUSED' when nothing listens
 */
export function connectionFailure(err: unknown): string | undefined {
  for (let current = err, depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    if (typeof current !== 'object') return undefined;
    const { code, name, message } = current as { code?: unknown; name?: unknown; message?: unknown };
    if (typeof code === 'string' && connectionErrorCodes.has(code)) {
      return typeof message === 'string' && message !== '' ? `${code} (${message})` : code;
    }
    if (name === 'TimeoutError') return typeof message === 'string' && message !== '' ? message : 'a timeout';
    if (typeof message === 'string' && /socket hang up|other side closed|terminated/i.test(message)) {
      return message;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
