// Unit tests of when a Swift request is retried and how long the client waits.
import { describe, expect, it } from 'vitest';
import { backoffDelayMs, connectionFailure, isRetryableStatus, parseRetryAfterMs } from './backoff.js';

const policy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 1_000 };

describe('backoffDelayMs', () => {
  it.each([
    [0, 100],
    [1, 200],
    [2, 400],
    [3, 800],
    [4, 1_000],
    [40, 1_000],
  ])('retry %i waits at most %i ms, doubling up to the cap', (retry, ceiling) => {
    expect(backoffDelayMs(retry, policy, undefined, () => 1)).toBe(ceiling);
    expect(backoffDelayMs(retry, policy, undefined, () => 0)).toBe(0);
    expect(backoffDelayMs(retry, policy, undefined, () => 0.5)).toBe(ceiling / 2);
  });

  it('waits at least a Retry-After, but never past the cap', () => {
    expect(backoffDelayMs(0, policy, 500, () => 0)).toBe(500);
    expect(backoffDelayMs(0, policy, 60_000, () => 0)).toBe(1_000);
  });
});

describe('parseRetryAfterMs', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfterMs('3')).toBe(3_000);
    expect(parseRetryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfterMs(null)).toBeUndefined();
    expect(parseRetryAfterMs('soon')).toBeUndefined();
  });
});

describe('isRetryableStatus', () => {
  it.each([408, 429, 500, 502, 503, 504])('retries %i', (status) =>
    expect(isRetryableStatus(status)).toBe(true),
  );
  it.each([200, 201, 400, 401, 403, 404, 409, 412, 413, 422, 501, 505, 507])('does not retry %i', (status) =>
    expect(isRetryableStatus(status)).toBe(false),
  );
});

describe('connectionFailure', () => {
  const fetchFailed = (cause: unknown) => new TypeError('fetch failed', { cause });

  it('finds the socket error fetch wraps', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    expect(connectionFailure(fetchFailed(refused))).toBe('ECONNREFUSED (connect ECONNREFUSED 127.0.0.1:1)');
    const closed = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    expect(connectionFailure(fetchFailed(closed))).toMatch(/^UND_ERR_SOCKET/);
  });

  it('knows hang-ups and timeouts by their message or name', () => {
    expect(connectionFailure(new Error('socket hang up'))).toBe('socket hang up');
    expect(
      connectionFailure(Object.assign(new Error('no answer within 5 ms'), { name: 'TimeoutError' })),
    ).toBe('no answer within 5 ms');
  });

  it('leaves other errors alone', () => {
    expect(connectionFailure(new TypeError('Invalid URL'))).toBeUndefined();
    expect(connectionFailure(fetchFailed(new Error('unknown scheme')))).toBeUndefined();
    expect(connectionFailure('ECONNREFUSED')).toBeUndefined();
  });
});
