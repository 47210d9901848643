// The login limiter on a hand-driven clock: per user name, per address, sliding window, reset on success.
import { describe, expect, test } from 'vitest';
import { LoginRateLimitedError } from './errors.js';
import { LoginLimiter } from './login-limiter.js';

function limiter(options: { maxSubjects?: number } = {}) {
  const clock = { now: 1_000_000 };
  return {
    clock,
    limiter: new LoginLimiter({ maxFailures: 5, windowMs: 15 * 60_000, now: () => clock.now, ...options }),
  };
}

describe('LoginLimiter', () => {
  test('allows five failures for a name, then refuses with the time until the oldest leaves the window', () => {
    const { clock, limiter: l } = limiter();
    for (let i = 0; i < 5; i++) {
      expect(l.check('alice', `10.0.0.${i}`)).toEqual({ allowed: true });
      l.recordFailure('alice', `10.0.0.${i}`);
      clock.now += 60_000;
    }
    expect(l.check('alice', '10.0.0.99')).toEqual({ allowed: false, retryAfterMs: 10 * 60_000 });
    expect(() => l.assertAllowed('alice', '10.0.0.99')).toThrow(LoginRateLimitedError);
    expect(l.check('bob', '10.0.0.99')).toEqual({ allowed: true });
    clock.now += 10 * 60_000;
    expect(l.check('alice', '10.0.0.99')).toEqual({ allowed: true });
  });

  test('counts failures per address across names', () => {
    const { limiter: l } = limiter();
    for (let i = 0; i < 5; i++) l.recordFailure(`user${i}`, '192.0.2.1');
    const verdict = l.check('someone-else', '192.0.2.1');
    expect(verdict.allowed).toBe(false);
    expect(l.check('someone-else', '192.0.2.2')).toEqual({ allowed: true });
  });

  test('a success clears the name but not the address', () => {
    const { limiter: l } = limiter();
    for (let i = 0; i < 4; i++) l.recordFailure('alice', '192.0.2.1');
    l.recordSuccess('alice', '192.0.2.1');
    l.recordFailure('alice', '192.0.2.7');
    expect(l.check('alice', '192.0.2.7')).toEqual({ allowed: true });
    l.recordFailure('bob', '192.0.2.1');
    expect(l.check('carol', '192.0.2.1').allowed).toBe(false);
  });

  test('the error gives Retry-After in whole seconds', () => {
    const { limiter: l } = limiter();
    for (let i = 0; i < 5; i++) l.recordFailure('alice', '192.0.2.1');
    try {
      l.assertAllowed('alice', '192.0.2.1');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(LoginRateLimitedError);
      expect((err as LoginRateLimitedError).code).toBe('LOGIN_RATE_LIMITED');
      expect((err as LoginRateLimitedError).retryAfterSeconds).toBe(900);
    }
  });

  test('forgets the least recently failed subjects beyond maxSubjects', () => {
    const { limiter: l } = limiter({ maxSubjects: 4 });
    for (let i = 0; i < 5; i++) l.recordFailure('alice', '192.0.2.1');
    for (let i = 0; i < 3; i++) l.recordFailure(`other${i}`, `198.51.100.${i}`);
    expect(l.check('alice', '192.0.2.9')).toEqual({ allowed: true });
  });

  test('misuse is a TypeError', () => {
    expect(() => new LoginLimiter({ maxFailures: 0 })).toThrow(TypeError);
  });
});
