// Backup schedules: cron expressions checked by croner, and a runner that never overlaps runs.
export {
  BackupSettingsError,
  type BackupSettingsErrorCode,
  InvalidScheduleError,
  InvalidScheduleTimezoneError,
  ScheduleError,
  type ScheduleErrorCode,
  type ScheduleFailure,
  ScheduleNeverRunsError,
} from './errors.js';
export { type BackupSchedule, parseSchedule, type ScheduleOptions } from './parse-schedule.js';
export {
  type BackupScheduleOptions,
  type RunningBackupSchedule,
  startBackupSchedule,
} from './start-schedule.js';
