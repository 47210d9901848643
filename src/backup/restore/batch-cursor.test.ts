import { describe, expect, test } from 'vitest';
import { BatchCursor } from './batch-cursor.js';

async function* batches<T>(...items: T[][]): AsyncGenerator<T[]> {
  yield* items;
}

describe('BatchCursor', () => {
  test('walks every item in order, across batch ends and empty batches', async () => {
    const cursor = new BatchCursor(batches([1, 2], [], [3], [], []));
    const seen: number[] = [];
    while (await cursor.fill()) {
      seen.push(cursor.current!);
      cursor.advance();
    }
    expect(seen).toEqual([1, 2, 3]);
    expect(cursor.current).toBeUndefined();
    expect(cursor.needsFill).toBe(false);
  });

  test('needs a fill only when its batch is used up', async () => {
    const cursor = new BatchCursor(batches(['a', 'b']));
    expect(cursor.needsFill).toBe(true);
    await cursor.fill();
    expect(cursor.needsFill).toBe(false);
    cursor.advance();
    expect(cursor.current).toBe('b');
    cursor.advance();
    expect(cursor.needsFill).toBe(true);
    expect(await cursor.fill()).toBe(false);
  });
});
