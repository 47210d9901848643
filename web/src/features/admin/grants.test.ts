// Unit tests of grants as the users screen edits them.
import { expect, test } from 'vitest';
import {
  describeGrant,
  findUsers,
  isAdminOnEverything,
  prefixOf,
  sameGrants,
  withGrant,
  withoutGrant,
} from './grants';

test('a grant in words', () => {
  expect(describeGrant({ role: 'admin', prefix: '' })).toBe('admin on everything');
  expect(describeGrant({ role: 'editor', prefix: 'hack/' })).toBe('editor on hack/');
});

test('typed prefixes', () => {
  expect(prefixOf(' hack ')).toBe('hack/');
  expect(prefixOf('hack/storage/')).toBe('hack/storage/');
  expect(prefixOf('')).toBe('');
  expect(prefixOf('*')).toBe('');
});

test('one role per prefix, added and removed', () => {
  const viewer = [{ role: 'viewer', prefix: 'hack/' }] as const;
  const editor = withGrant(viewer, { role: 'editor', prefix: 'hack/' });
  expect(editor).toEqual([{ role: 'editor', prefix: 'hack/' }]);
  const two = withGrant(editor, { role: 'admin', prefix: '' });
  expect(two.map(describeGrant)).toEqual(['admin on everything', 'editor on hack/']);
  expect(isAdminOnEverything(two)).toBe(true);
  expect(withoutGrant(two, '')).toEqual(editor);
  expect(isAdminOnEverything(editor)).toBe(false);
  expect(sameGrants(two, [...two].reverse())).toBe(true);
  expect(sameGrants(two, editor)).toBe(false);
});

test('users found by name or by a grant in words', () => {
  const users = [
    { name: 'admin', grants: [{ role: 'admin', prefix: '' }] },
    { name: 'alice', grants: [{ role: 'editor', prefix: 'hack/' }] },
    { name: 'bob', grants: [] },
  ] as const;
  expect(findUsers(users, '').map((u) => u.name)).toEqual(['admin', 'alice', 'bob']);
  expect(findUsers(users, 'HACK/').map((u) => u.name)).toEqual(['alice']);
  expect(findUsers(users, 'everything').map((u) => u.name)).toEqual(['admin']);
  expect(findUsers(users, ' bo ').map((u) => u.name)).toEqual(['bob']);
});
