// The one time format of the UI.
import { expect, test } from 'vitest';
import { shortTime } from './time';

test('shortTime writes a date and time, and leaves unreadable text as it is', () => {
  expect(shortTime('2026-11-30T09:00:00.000Z', 'UTC')).toBe('2026-11-30 09:00:00');
  expect(shortTime('2026-01-02T00:05:09.000Z', 'UTC')).toBe('2026-01-02 00:05:09');
  expect(shortTime('not a date')).toBe('not a date');
});
