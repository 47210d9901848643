// The folder tree and the key filter of the keys tab: counts, order, folders, search words, sealed values.
import { describe, expect, test } from 'vitest';
import { filterKeys, foldersOnTheWay, folderTree, searchTextOf } from './key-tree';

const keys = [
  { path: 'http/addr', sealed: false, value: ':5000' },
  { path: 'storage/swift/authurl', sealed: false, value: 'https://keystone.example.com/v3' },
  { path: 'storage/swift/password', sealed: true },
  { path: 'storage/delete/enabled', sealed: false, value: 'true' },
  { path: 'version', sealed: false, value: '0.1' },
];

describe('folderTree', () => {
  test('folders by segment, sorted, with the keys below each counted', () => {
    const root = folderTree(keys.map((k) => k.path));
    expect(root.keyCount).toBe(5);
    expect(root.children.map((f) => [f.path, f.keyCount])).toEqual([
      ['http', 1],
      ['storage', 3],
    ]);
    const storage = root.children[1];
    expect(storage?.children.map((f) => [f.name, f.keyCount])).toEqual([
      ['delete', 1],
      ['swift', 2],
    ]);
  });

  test('a directory of keys without folders has no children', () => {
    expect(folderTree(['a', 'b']).children).toEqual([]);
  });
});

describe('filterKeys', () => {
  test('a folder keeps the keys below it only, not a sibling sharing its prefix', () => {
    const more = [...keys, { path: 'storagex/a', sealed: false, value: '' }];
    expect(filterKeys(more, { folder: 'storage', search: '' }).map((k) => k.path)).toEqual([
      'storage/swift/authurl',
      'storage/swift/password',
      'storage/delete/enabled',
    ]);
  });

  test('search matches names and plain values, any case, every word', () => {
    expect(filterKeys(keys, { folder: '', search: 'KEYSTONE' }).map((k) => k.path)).toEqual([
      'storage/swift/authurl',
    ]);
    expect(filterKeys(keys, { folder: '', search: 'swift pass' }).map((k) => k.path)).toEqual([
      'storage/swift/password',
    ]);
    expect(filterKeys(keys, { folder: '', search: 'swift nothing' })).toEqual([]);
  });

  test('the search text worked out once finds the same keys', () => {
    const indexed = keys.map((key) => ({ ...key, searchText: searchTextOf(key) }));
    expect(filterKeys(indexed, { folder: '', search: 'keystone v3' }).map((k) => k.path)).toEqual([
      'storage/swift/authurl',
    ]);
    expect(searchTextOf({ path: 'A/B', sealed: true, value: 'Secret' })).toBe('a/b');
  });

  test('a sealed key is found by its name only, never by a value', () => {
    const sealedWithText = [{ path: 'a/secret', sealed: true, value: 'hunter2' }];
    expect(filterKeys(sealedWithText, { folder: '', search: 'hunter2' })).toEqual([]);
    expect(filterKeys(sealedWithText, { folder: '', search: 'secret' })).toHaveLength(1);
  });
});

test('foldersOnTheWay opens every folder above the selection', () => {
  expect(foldersOnTheWay('')).toEqual([]);
  expect(foldersOnTheWay('storage/swift')).toEqual(['storage', 'storage/swift']);
});
