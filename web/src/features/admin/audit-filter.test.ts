// Unit tests of the audit log's filters and details.
import { expect, test } from 'vitest';
import { auditQueryOf, detailText, isFiltering, NO_FILTER } from './audit-filter';

test('only the filled-in fields become query parameters, trimmed', () => {
  expect(auditQueryOf(NO_FILTER)).toEqual({});
  expect(auditQueryOf({ who: ' alice ', action: 'user.', where: '', outcome: 'denied' })).toEqual({
    who: 'alice',
    action: 'user.',
    outcome: 'denied',
  });
  expect(isFiltering(NO_FILTER)).toBe(false);
  expect(isFiltering({ ...NO_FILTER, where: '  ' })).toBe(false);
  expect(isFiltering({ ...NO_FILTER, where: 'hack/' })).toBe(true);
});

test('detail as short text, token ids shortened', () => {
  expect(detailText({ status: 201, grants: 'editor on hack/' })).toBe('status 201, grants editor on hack/');
  expect(detailText({ id: 'a'.repeat(64) })).toBe('id aaaaaaaa…');
  expect(detailText(undefined)).toBe('');
});
