// The change set as the screens read it: the user's open one, the publish diff, conflicts and
// what "keep mine" restages.
import { describe, expect, test } from 'vitest';
import {
  type ChangeSet,
  conflictsOf,
  keepMine,
  myOpenChangeSet,
  publishDiff,
  stagedByKey,
} from './change-set-view';

const base = { stagedBy: 'alice', stagedAt: '2026-11-30T08:00:00.000Z' };
const changeSet: ChangeSet = {
  id: '9f2c4a1b0d3e5f67',
  directory: 'hack',
  createdBy: 'alice',
  createdAt: '2026-11-30T08:00:00.000Z',
  message: '',
  modRevision: 905,
  conflicts: 2,
  changes: [
    {
      ...base,
      key: 'hack/http/addr',
      action: 'put',
      base: 41,
      current: { sealed: false, value: ':5000', modRevision: 43 },
      staged: { sealed: false, value: ':5001' },
      conflict: true,
    },
    {
      ...base,
      key: 'hack/new',
      action: 'put',
      base: 0,
      staged: { sealed: false, value: 'x' },
      conflict: false,
    },
    {
      ...base,
      key: 'hack/old',
      action: 'delete',
      base: 7,
      current: { sealed: false, value: 'y', modRevision: 7 },
      conflict: false,
    },
    {
      ...base,
      key: 'hack/storage/swift/password',
      action: 'put',
      base: 50,
      current: { sealed: true, modRevision: 57 },
      staged: { sealed: true },
      conflict: true,
    },
  ],
};

describe('myOpenChangeSet', () => {
  const list = [
    { id: 'a', createdBy: 'bob', createdAt: '2026-11-30T09:00:00.000Z', message: '', keys: 1 },
    { id: 'b', createdBy: 'alice', createdAt: '2026-11-30T07:00:00.000Z', message: '', keys: 1 },
    { id: 'c', createdBy: 'alice', createdAt: '2026-11-30T08:00:00.000Z', message: '', keys: 0 },
  ];
  test("the user's newest, never another user's", () => {
    expect(myOpenChangeSet(list, 'alice')?.id).toBe('c');
    expect(myOpenChangeSet(list, 'carol')).toBeUndefined();
    expect(myOpenChangeSet(undefined, 'alice')).toBeUndefined();
  });
});

test('publishDiff: added, removed and changed, sealed sides kept sealed', () => {
  expect(publishDiff(changeSet)).toEqual([
    {
      path: 'hack/http/addr',
      change: 'changed',
      before: { sealed: false, value: ':5000', modRevision: 43 },
      after: { sealed: false, value: ':5001' },
    },
    { path: 'hack/new', change: 'added', after: { sealed: false, value: 'x' } },
    { path: 'hack/old', change: 'removed', before: { sealed: false, value: 'y', modRevision: 7 } },
    {
      path: 'hack/storage/swift/password',
      change: 'changed',
      before: { sealed: true, modRevision: 57 },
      after: { sealed: true },
    },
  ]);
});

test('stagedByKey', () => {
  expect(stagedByKey(changeSet).get('hack/old')?.action).toBe('delete');
  expect(stagedByKey(undefined).size).toBe(0);
});

describe('conflicts', () => {
  test('theirs and yours for each key that moved', () => {
    const conflicts = conflictsOf(changeSet);
    expect(conflicts.map((c) => [c.key, c.theirs?.value, c.yours?.value, c.keepNeedsValue])).toEqual([
      ['hack/http/addr', ':5000', ':5001', false],
      ['hack/storage/swift/password', undefined, undefined, true],
    ]);
  });

  test('keep mine restages a plain value, a delete; a sealed one must be typed again', () => {
    const [addr, password] = conflictsOf(changeSet);
    expect(addr && keepMine(addr)).toEqual({ action: 'put', value: ':5001', sensitive: false });
    expect(password && keepMine(password)).toBeUndefined();
    expect(
      keepMine({
        key: 'hack/old',
        theirs: undefined,
        yours: undefined,
        action: 'delete',
        keepNeedsValue: false,
      }),
    ).toEqual({ action: 'delete' });
  });
});
