// The errors of backup schedules: one class per failure, each with a stable `code`.

/**
 * Every code a schedule error carries.
 *
 * @example
 * if (err instanceof ScheduleError && err.code === 'SCHEDULE_INVALID') console.error(err.field);
 */
export type ScheduleErrorCode = 'SCHEDULE_INVALID' | 'SCHEDULE_NEVER_RUNS' | 'SCHEDULE_TIMEZONE_INVALID';

const syntax =
  "write it as crontab does, 'minute hour day-of-month month day-of-week' (a sixth field in front " +
  "for seconds), or a nickname such as '@daily'; e.g. '0 3 * * *' runs at 03:00 every day";

/**
 * The base of every error `parseSchedule` and `startBackupSchedule` throw.
 *
 * @example
 * try { parseSchedule(text); } catch (err) { if (err instanceof ScheduleError) exitWith(err.message); }
 */
export abstract class ScheduleError extends Error {
  abstract readonly code: ScheduleErrorCode;
}

/**
 * The cron expression cannot be read; `field` names the field at fault when one is.
 *
 * @example
 * parseSchedule('61 * * * *'); // throws InvalidScheduleError, field 'minute'
 */
export class InvalidScheduleError extends ScheduleError {
  readonly code = 'SCHEDULE_INVALID';
  override readonly name = 'InvalidScheduleError';
  constructor(
    readonly expression: string,
    readonly field: string | undefined,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`invalid backup schedule '${expression}': ${reason}; ${syntax}`, options);
  }
}

/**
 * The cron expression is valid but matches no time to come (`0 0 30 2 *`: 30 February).
 *
 * @example
 * parseSchedule('0 0 30 2 *'); // throws ScheduleNeverRunsError
 */
export class ScheduleNeverRunsError extends ScheduleError {
  readonly code = 'SCHEDULE_NEVER_RUNS';
  override readonly name = 'ScheduleNeverRunsError';
  constructor(readonly expression: string) {
    super(
      `the backup schedule '${expression}' never runs: no date to come matches it; check the day and month fields`,
    );
  }
}

/**
 * The time zone is not an IANA name the runtime knows.
 *
 * @example
 * parseSchedule('0 3 * * *', { timezone: 'Mars/Olympus' }); // throws InvalidScheduleTimezoneError
 */
export class InvalidScheduleTimezoneError extends ScheduleError {
  readonly code = 'SCHEDULE_TIMEZONE_INVALID';
  override readonly name = 'InvalidScheduleTimezoneError';
  constructor(readonly timezone: string) {
    super(
      `unknown time zone '${timezone}' for the backup schedule; give an IANA name such as 'UTC' or 'Europe/Zurich'`,
    );
  }
}

/**
 * Every concrete error class of schedules, as a union `switch (err.code)` narrows.
 *
 * @example
 * function hint(err: ScheduleFailure): string {
 *   switch (err.code) {
 *     case 'SCHEDULE_INVALID': return err.field ?? 'the whole expression';
 *     default: return err.message;
 *   }
 * }
 */
export type ScheduleFailure = InvalidScheduleError | ScheduleNeverRunsError | InvalidScheduleTimezoneError;

/**
 * Every code a backup settings error carries.
 *
 * @example
 * if (err instanceof BackupSettingsError && err.code === 'BACKUP_SETTINGS_CHANGED') reload();
 */
export type BackupSettingsErrorCode = 'BACKUP_SETTINGS_CHANGED' | 'BACKUP_SETTINGS_INVALID';

/**
 * The stored backup settings cannot be used: someone changed them since they were read
 * (`BACKUP_SETTINGS_CHANGED`), or the record in etcd is not valid settings (`BACKUP_SETTINGS_INVALID`,
 * e.g. written by hand with etcdctl).
 *
 * @example
 * throw new BackupSettingsError('BACKUP_SETTINGS_CHANGED', 'the backup settings changed at revision 812 ...');
 */
export class BackupSettingsError extends Error {
  override readonly name = 'BackupSettingsError';
  constructor(
    readonly code: BackupSettingsErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
