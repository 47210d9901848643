// Unit tests of filtering loaded audit entries.
import { expect, test } from 'vitest';
import { detailText, filterAudit, isFiltering, NO_FILTER } from './audit-filter';

const entries = [
  { who: 'admin', action: 'user.create', where: 'alice', from: '127.0.0.1', outcome: 'success' },
  { who: 'alice', action: 'login', where: 'alice', from: '10.0.0.2', outcome: 'failure' },
  { who: 'admin', action: 'token.revoke', where: 'admin', from: '127.0.0.1', outcome: 'success' },
];

test('filters by parts of who, action and where, and by outcome', () => {
  expect(filterAudit(entries, NO_FILTER)).toHaveLength(3);
  expect(filterAudit(entries, { ...NO_FILTER, who: 'ADM' })).toHaveLength(2);
  expect(filterAudit(entries, { ...NO_FILTER, action: 'user.', where: 'ali' })).toEqual([entries[0]]);
  expect(filterAudit(entries, { ...NO_FILTER, outcome: 'failure' })).toEqual([entries[1]]);
  expect(isFiltering(NO_FILTER)).toBe(false);
  expect(isFiltering({ ...NO_FILTER, where: 'x' })).toBe(true);
});

test('detail as short text, token ids shortened', () => {
  expect(detailText({ status: 201, grants: 'editor on hack/' })).toBe('status 201, grants editor on hack/');
  expect(detailText({ id: 'a'.repeat(64) })).toBe('id aaaaaaaa…');
  expect(detailText(undefined)).toBe('');
});
