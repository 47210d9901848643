// Unit tests of the retention policy as form fields.
import { expect, test } from 'vitest';
import { retentionFields, retentionText, settingsFieldOf } from './retention';

test('policy text becomes fields and back', () => {
  expect(retentionFields('keep-daily=7 keep-weekly=4 keep-monthly=12')).toEqual({
    keepDaily: 7,
    keepWeekly: 4,
    keepMonthly: 12,
  });
  expect(retentionText({ keepWeekly: 4, keepDaily: 7, maxAgeDays: 400 })).toBe(
    'keep-daily=7 keep-weekly=4 max-age-days=400',
  );
  expect(retentionFields(null)).toEqual({});
});

test('text the fields cannot hold is left as text', () => {
  expect(retentionFields('keep-daily=7 keep-daily=8')).toBeUndefined();
  expect(retentionFields('keep-forever=1')).toBeUndefined();
  expect(retentionFields('keep-daily=x')).toBeUndefined();
});

test('an error code names its field', () => {
  expect(settingsFieldOf('SCHEDULE_INVALID')).toBe('schedule');
  expect(settingsFieldOf('RETENTION_RULE_UNKNOWN')).toBe('retention');
  expect(settingsFieldOf('BACKUP_SETTINGS_CHANGED')).toBeUndefined();
});
