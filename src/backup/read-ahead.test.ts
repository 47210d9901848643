import { describe, expect, test } from 'vitest';
import { readAhead } from './read-ahead.js';

function counting(count: number, failAt?: number) {
  const seen = { pulled: 0, stopped: false };
  async function* source() {
    try {
      for (let i = 0; i < count; i++) {
        if (i === failAt) throw new Error(`source failed at ${i}`);
        seen.pulled += 1;
        yield i;
      }
    } finally {
      seen.stopped = true;
    }
  }
  return { seen, source: source() };
}

async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

describe('readAhead', () => {
  test('yields every item in order, undefined ones included', async () => {
    async function* source() {
      yield 1;
      yield undefined;
      yield 3;
    }
    const out: unknown[] = [];
    for await (const item of readAhead(source(), 2)) out.push(item);
    expect(out).toEqual([1, undefined, 3]);
  });

  test('pulls at most its limit ahead of a consumer that waits', async () => {
    const { seen, source } = counting(100);
    const reader = readAhead(source, 5);
    expect((await reader.next()).value).toBe(0);
    await turns(20);
    // one handed out, five buffered, and at most one being pulled
    expect(seen.pulled).toBeGreaterThanOrEqual(6);
    expect(seen.pulled).toBeLessThanOrEqual(7);
    await reader.return(undefined);
  });

  test('hands out the items before a failure, then the failure', async () => {
    const { source } = counting(10, 4);
    const out: number[] = [];
    await expect(
      (async () => {
        for await (const item of readAhead(source, 3)) out.push(item);
      })(),
    ).rejects.toThrow('source failed at 4');
    expect(out).toEqual([0, 1, 2, 3]);
  });

  test('stops the source when the consumer stops early', async () => {
    const { seen, source } = counting(1000);
    for await (const item of readAhead(source, 4)) if (item === 2) break;
    expect(seen.stopped).toBe(true);
    expect(seen.pulled).toBeLessThan(1000);
  });
});
