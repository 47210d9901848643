// Merging keys read one by one into a directory's keys: changed in place, deleted, added in order.
import { expect, test } from 'vitest';
import { mergeKeys } from './merge-keys';

const previous = {
  revision: 10,
  keys: [
    { key: 'hack/a', modRevision: 3, value: 'a' },
    { key: 'hack/c', modRevision: 5, value: 'c' },
    { key: 'hack/e', modRevision: 10, value: 'e' },
  ],
};

test('a changed key keeps its place and the newest revision is kept', () => {
  const merged = mergeKeys(previous, new Map([['hack/c', { key: 'hack/c', modRevision: 12, value: 'C' }]]));
  expect(merged.revision).toBe(12);
  expect(merged.keys.map((k) => [k.key, k.value])).toEqual([
    ['hack/a', 'a'],
    ['hack/c', 'C'],
    ['hack/e', 'e'],
  ]);
});

test('a key read as gone is removed; a new one is put in key order', () => {
  const merged = mergeKeys(
    previous,
    new Map([
      ['hack/a', undefined],
      ['hack/d', { key: 'hack/d', modRevision: 13, value: 'd' }],
    ]),
  );
  expect(merged.keys.map((k) => k.key)).toEqual(['hack/c', 'hack/d', 'hack/e']);
  expect(merged.revision).toBe(13);
});

test('a key gone that was never read changes nothing', () => {
  const merged = mergeKeys(previous, new Map([['hack/zz', undefined]]));
  expect(merged).toEqual({ revision: 10, keys: previous.keys });
});
