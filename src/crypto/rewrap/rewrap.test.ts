// Unit tests of how rewrap cuts a directory's values into transactions.
import { expect, test } from 'vitest';
import { batches } from './rewrap.js';

const kv = (key: string, bytes: number) => ({ key, value: Buffer.alloc(bytes) });

test('batches hold at most the given number of values', () => {
  const values = Array.from({ length: 10 }, (_, i) => kv(`d/${i}`, 10));
  expect([...batches(values, 4)].map((b) => b.length)).toEqual([4, 4, 2]);
});

test('large values go in smaller batches, so a transaction stays under etcd request limit', () => {
  const values = [kv('d/a', 200_000), kv('d/b', 200_000), kv('d/c', 10), kv('d/d', 600_000)];
  expect([...batches(values, 64)].map((b) => b.map((v) => v.key))).toEqual([
    ['d/a'],
    ['d/b', 'd/c'],
    ['d/d'],
  ]);
});
