// Login rate limiting, in memory per server process: failed logins counted per user name and per address.
import { LoginRateLimitedError } from './errors.js';

/**
 * Options of `LoginLimiter`.
 *
 * @example
 * new LoginLimiter({ maxFailures: 5, windowMs: 15 * 60_000 });
 */
export interface LoginLimiterOptions {
  /** Failures allowed in one window before logins are refused; default 5. */
  maxFailures?: number;
  /** The sliding window failures are counted in, in ms; default 15 minutes. */
  windowMs?: number;
  /** Subjects remembered at most (oldest forgotten first), so a flood of names cannot fill memory; default 10,000. */
  maxSubjects?: number;
  /** The clock, in ms (tests pass their own). */
  now?: () => number;
}

/**
 * The limiter's answer: allowed, or refused with how long to wait.
 *
 * @example
 * const verdict = limiter.check('alice', '192.0.2.1');
 * if (!verdict.allowed) reply.header('retry-after', Math.ceil(verdict.retryAfterMs / 1000));
 */
export type LoginVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * Counts failed logins per user name and per client address in a sliding window. Once either has
 * `maxFailures` failures within `windowMs`, logins for that name or from that address are refused
 * until the oldest of those failures leaves the window (`retryAfterMs`). A successful login clears
 * the user name's failures; the address's stay, so one account an attacker owns cannot wipe the
 * count of guesses made from their address against others. Refused attempts are not counted (a
 * locked-out user is not kept out longer by retrying). State is per process: several servers each
 * allow `maxFailures` (still a small multiple).
 *
 * @example
 * const limiter = new LoginLimiter();
 * limiter.assertAllowed(name, address); // throws LoginRateLimitedError when refused
 * if (await verify(name, password)) limiter.recordSuccess(name, address);
 * else limiter.recordFailure(name, address);
 */
export class LoginLimiter {
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly maxSubjects: number;
  private readonly now: () => number;
  /** Failure times per subject (`user:NAME` or `addr:ADDRESS`), oldest first; Map order is insertion order. */
  private readonly failures = new Map<string, number[]>();

  constructor({
    maxFailures = 5,
    windowMs = 15 * 60_000,
    maxSubjects = 10_000,
    now = Date.now,
  }: LoginLimiterOptions = {}) {
    if (!Number.isInteger(maxFailures) || maxFailures < 1)
      throw new TypeError('maxFailures must be a positive integer');
    if (!(windowMs > 0)) throw new TypeError('windowMs must be positive');
    this.maxFailures = maxFailures;
    this.windowMs = windowMs;
    this.maxSubjects = maxSubjects;
    this.now = now;
  }

  /**
   * Whether a login for `user` from `address` may be tried now.
   *
   * @example
   * limiter.check('alice', '192.0.2.1'); // { allowed: true }
   */
  check(user: string, address: string): LoginVerdict {
    const now = this.now();
    let wait = 0;
    for (const subject of subjects(user, address)) {
      const times = this.recent(subject, now);
      if (times.length >= this.maxFailures) {
        wait = Math.max(wait, times[times.length - this.maxFailures]! + this.windowMs - now);
      }
    }
    return wait > 0 ? { allowed: false, retryAfterMs: wait } : { allowed: true };
  }

  /**
   * Throws `LoginRateLimitedError` (with `retryAfterMs`) when `check` refuses.
   *
   * @example
   * limiter.assertAllowed('alice', '192.0.2.1');
   */
  assertAllowed(user: string, address: string): void {
    const verdict = this.check(user, address);
    if (!verdict.allowed) throw new LoginRateLimitedError(verdict.retryAfterMs);
  }

  /**
   * Counts a failed login against the user name and the address.
   *
   * @example
   * limiter.recordFailure('alice', '192.0.2.1');
   */
  recordFailure(user: string, address: string): void {
    const now = this.now();
    for (const subject of subjects(user, address)) {
      const times = this.recent(subject, now);
      times.push(now);
      // Re-insert so the Map's first entry is the least recently failed subject.
      this.failures.delete(subject);
      this.failures.set(subject, times.slice(-this.maxFailures));
    }
    while (this.failures.size > this.maxSubjects) {
      this.failures.delete(this.failures.keys().next().value!);
    }
  }

  /**
   * Clears the user name's failures after a successful login.
   *
   * @example
   * limiter.recordSuccess('alice', '192.0.2.1');
   */
  recordSuccess(user: string, _address: string): void {
    this.failures.delete(`user:${user}`);
  }

  private recent(subject: string, now: number): number[] {
    const times = (this.failures.get(subject) ?? []).filter((t) => t > now - this.windowMs);
    if (times.length === 0) this.failures.delete(subject);
    return times;
  }
}

function subjects(user: string, address: string): string[] {
  return [`user:${user}`, `addr:${address}`];
}
