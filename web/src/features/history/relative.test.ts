// Key paths relative to the directory shown.
import { expect, test } from 'vitest';
import { relativeEntries, relativeKey } from './relative';

test('a key under the directory loses its prefix; one outside stays whole', () => {
  expect(relativeKey('hack', 'hack/http/addr')).toBe('http/addr');
  expect(relativeKey('hack', 'hackney/http/addr')).toBe('hackney/http/addr');
  expect(relativeKey('hack', 'hack')).toBe('hack');
});

test('relativeEntries keeps everything but the path', () => {
  const after = { sealed: false, value: '1', modRevision: 3 };
  expect(relativeEntries('hack', [{ path: 'hack/a', change: 'added', after }])).toEqual([
    { path: 'a', change: 'added', after },
  ]);
});
