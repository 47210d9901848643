// Stored backup settings: checked with the parsers of serve's flags, written back in one form, and
// an unreadable record refused with what is wrong and what to do.
import { describe, expect, test } from 'vitest';
import { BackupSettingsError, InvalidScheduleError } from './index.js';
import { checkBackupSettings, parseStoredBackupSettings } from './stored-settings.js';

describe('backup settings', () => {
  test('are checked as serve checks its flags, retention as text or fields', () => {
    expect(
      checkBackupSettings({ schedule: ' 0 4 * * * ', retention: 'keep-daily=7, keep-weekly=4' }),
    ).toEqual({
      schedule: '0 4 * * *',
      retention: { keepDaily: 7, keepWeekly: 4 },
    });
    expect(checkBackupSettings({ schedule: '@daily', retention: { keepLast: 3 } }).retention).toEqual({
      keepLast: 3,
    });
    expect(() => checkBackupSettings({ schedule: '0 25 * * *', retention: 'keep-last=1' })).toThrow(
      InvalidScheduleError,
    );
    expect(() => checkBackupSettings({ schedule: '0 4 * * *', retention: 'keep-daily=0' })).toThrow(
      /no rule above 0/,
    );
  });

  test('a stored record is read with its revision, the policy in its one written form', () => {
    const record = {
      schedule: '0 4 * * *',
      retention: 'keep-weekly=4 keep-daily=7',
      updatedAt: '2026-11-22T10:00:00.000Z',
      updatedBy: 'alice',
    };
    expect(parseStoredBackupSettings(Buffer.from(JSON.stringify(record)), 812)).toEqual({
      ...record,
      retention: 'keep-daily=7 keep-weekly=4',
      modRevision: 812,
    });
  });

  test.each([
    ['not JSON', 'nope', /the record is not JSON/],
    [
      'without a schedule',
      JSON.stringify({ retention: 'keep-last=1', updatedAt: '', updatedBy: '' }),
      /schedule/,
    ],
    [
      'with a wrong schedule',
      JSON.stringify({ schedule: '0 25 * * *', retention: 'keep-last=1', updatedAt: '', updatedBy: '' }),
      /the hour field '25'/,
    ],
  ])('a record %s is refused with BACKUP_SETTINGS_INVALID', (_what, text, reason) => {
    try {
      parseStoredBackupSettings(Buffer.from(text), 9);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(BackupSettingsError);
      expect((err as BackupSettingsError).code).toBe('BACKUP_SETTINGS_INVALID');
      expect((err as Error).message).toMatch(reason);
      expect((err as Error).message).toContain('_setpoint/backup-settings (revision 9)');
      expect((err as Error).message).toContain('PUT /api/v1/backups/settings');
    }
  });
});
