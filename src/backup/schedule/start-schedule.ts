// Runs backups on a cron schedule: one run at a time (a tick during a run is skipped and logged),
// failures reported to the caller and the log, never thrown.
import { Cron } from 'croner';
import type { Logger } from '../../log/logger.js';
import { parseSchedule, type ScheduleOptions } from './parse-schedule.js';

/**
 * What `startBackupSchedule` runs, and when.
 *
 * @example
 * const options: BackupScheduleOptions = {
 *   cron: '0 3 * * *',
 *   run: (signal) => createBackup({ client, target, signal }),
 *   logger,
 *   onError: (error) => metrics.backupFailures.inc(),
 * };
 */
export interface BackupScheduleOptions extends ScheduleOptions {
  /** The cron expression (see `parseSchedule`). */
  cron: string;
  /** One backup. `signal` aborts when the schedule stops; the run should then end soon. */
  run: (signal: AbortSignal) => Promise<void>;
  logger: Logger;
  /** Called with what a run threw or rejected with (it is logged as well). */
  onError?: (error: unknown) => void;
}

/**
 * A started schedule.
 *
 * @example
 * const schedule = startBackupSchedule(options);
 * schedule.nextRun(); // Date of the next tick
 * await schedule.stop();
 */
export interface RunningBackupSchedule {
  /** Stops ticking, aborts the signal of a run in progress and waits for it to end. */
  stop(): Promise<void>;
  /** When the next tick comes; `null` once stopped or when no tick is left. */
  nextRun(): Date | null;
}

/**
 * Starts running `run` at each tick of `cron` (UTC unless `timezone` says otherwise). Never runs
 * two at once: a tick that comes while a run is in progress is skipped, with a warning in the log.
 * What a run throws goes to `onError` and the log; the next tick runs as usual. Throws a
 * `ScheduleError` at once if the expression is invalid.
 *
 * @example
 * const schedule = startBackupSchedule({
 *   cron: '0 *\/6 * * *',
 *   run: (signal) => createBackup({ client, target, signal }),
 *   logger,
 *   onError: (error) => logger.error({ err: error }, 'scheduled backup failed'),
 * });
 * process.once('SIGTERM', () => void schedule.stop());
 */
export function startBackupSchedule(options: BackupScheduleOptions): RunningBackupSchedule {
  const schedule = parseSchedule(options.cron, { timezone: options.timezone });
  const logger = options.logger.child({ schedule: schedule.expression, timezone: schedule.timezone });
  const stopping = new AbortController();
  let current: { promise: Promise<void>; startedAt: Date } | undefined;

  const runOnce = async (): Promise<void> => {
    const startedAt = Date.now();
    logger.info('scheduled backup starts');
    try {
      await options.run(stopping.signal);
      logger.info({ durationMs: Date.now() - startedAt }, 'scheduled backup finished');
    } catch (error) {
      logger.error({ err: error, durationMs: Date.now() - startedAt }, 'scheduled backup failed');
      try {
        options.onError?.(error);
      } catch (reportError) {
        logger.error({ err: reportError }, 'the onError callback of the backup schedule threw');
      }
    }
  };

  const job = new Cron(schedule.expression, { timezone: schedule.timezone }, () => {
    if (stopping.signal.aborted) return;
    if (current !== undefined) {
      logger.warn(
        { runningSince: current.startedAt.toISOString() },
        'skipped a scheduled backup: the previous one is still running',
      );
      return;
    }
    const promise = runOnce().finally(() => {
      current = undefined;
    });
    current = { promise, startedAt: new Date() };
  });

  return {
    async stop() {
      job.stop();
      stopping.abort();
      await current?.promise;
    },
    nextRun: () => (stopping.signal.aborted ? null : job.nextRun()),
  };
}
