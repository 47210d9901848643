// Picking what to copy between two directories, and the copy request made from it.
import { describe, expect, test } from 'vitest';
import type { DiffEntry } from '../../shell/DiffTable';
import { copyablePaths, copyRequest, notCopyable, pickedPaths } from './selection';

const plain = (value: string) => ({ sealed: false, value, modRevision: 1 });
const sealed = { sealed: true, modRevision: 2 };
const entries: DiffEntry[] = [
  { path: 'http/addr', change: 'changed', before: plain(':443'), after: plain(':5000') },
  { path: 'log/level', change: 'added', after: plain('debug') },
  { path: 'old', change: 'removed', before: plain('x') },
  { path: 'storage/swift/password', change: 'added', after: sealed },
  { path: 'token', change: 'removed', before: sealed },
];

describe('notCopyable', () => {
  test('a value sealed in the source is not copyable, and says what to do instead', () => {
    expect(notCopyable(entries[3]!, 'registry-test', 'prod')).toBe(
      'sealed in registry-test: a sealed value opens only under its own key, so it is not copied; set prod/storage/swift/password with a new sensitive value',
    );
  });
  test('plain values, and keys only in the target (sealed or not), can be copied', () => {
    for (const entry of [entries[0]!, entries[1]!, entries[2]!, entries[4]!])
      expect(notCopyable(entry, 'a', 'b')).toBeUndefined();
  });
});

test('select all picks what can be copied, never a sealed value nor a deletion', () => {
  expect(copyablePaths(entries, 'a', 'b')).toEqual(['http/addr', 'log/level']);
});

test('pickedPaths keeps only picks still among the differences, in their order', () => {
  expect(pickedPaths(new Set(['log/level', 'gone', 'http/addr']), entries)).toEqual([
    'http/addr',
    'log/level',
  ]);
});

describe('copyRequest', () => {
  test('all: no paths, prune as asked, the message trimmed', () => {
    expect(copyRequest('a', 'b', { kind: 'all', prune: true }, entries, '  promote 1.0 ')).toEqual({
      from: 'a',
      to: 'b',
      prune: true,
      message: 'promote 1.0',
    });
  });
  test('picked: the paths, no prune without a deletion, no empty message', () => {
    expect(copyRequest('a', 'b', { kind: 'picked', paths: ['http/addr'] }, entries, '  ')).toEqual({
      from: 'a',
      to: 'b',
      paths: ['http/addr'],
      prune: false,
    });
  });
  test('picked with a key only in the target asks for prune', () => {
    expect(copyRequest('a', 'b', { kind: 'picked', paths: ['log/level', 'old'] }, entries, '')).toMatchObject(
      {
        paths: ['log/level', 'old'],
        prune: true,
      },
    );
  });
});
