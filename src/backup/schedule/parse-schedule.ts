// Reads a backup schedule: a cron expression checked by croner, in UTC unless told otherwise; an
// error names the expression and the field at fault.
import { Cron } from 'croner';
import { InvalidScheduleError, InvalidScheduleTimezoneError, ScheduleNeverRunsError } from './errors.js';

/**
 * A valid cron schedule.
 *
 * @example
 * const schedule = parseSchedule('0 3 * * *');
 * schedule.nextRun(); // the next 03:00 UTC
 */
export interface BackupSchedule {
  /** The cron expression, as given (trimmed). */
  readonly expression: string;
  /** The IANA time zone its times are read in. */
  readonly timezone: string;
  /** The first time after `after` (default: now) the schedule fires; `null` if none is left. */
  nextRun(after?: Date): Date | null;
  /** The next `count` times after `after` (default: now). */
  nextRuns(count: number, after?: Date): Date[];
}

/**
 * Options of `parseSchedule`.
 *
 * @example
 * parseSchedule('0 3 * * *', { timezone: 'Europe/Zurich' } satisfies ScheduleOptions);
 */
export interface ScheduleOptions {
  /**
   * IANA time zone the expression's hours and days are read in; default `UTC`, so every server of
   * a cluster reads a schedule the same way, as backup names and retention do.
   */
  timezone?: string;
}

const fieldNames: Record<number, readonly string[]> = {
  5: ['minute', 'hour', 'day of month', 'month', 'day of week'],
  6: ['second', 'minute', 'hour', 'day of month', 'month', 'day of week'],
  7: ['second', 'minute', 'hour', 'day of month', 'month', 'day of week', 'year'],
};

/**
 * Checks a cron expression with croner: five fields as crontab (`0 3 * * *`), six with seconds
 * first, seven with a year last, or a nickname (`@daily`, `@hourly`, ...). Throws
 * `InvalidScheduleError` naming the expression and the field at fault, `ScheduleNeverRunsError`
 * for an expression no date to come matches, `InvalidScheduleTimezoneError` for an unknown zone.
 *
 * @example
 * parseSchedule('30 2 * * MON-FRI').nextRun(new Date('2026-11-21T00:00:00Z')); // 2026-11-23T02:30:00Z
 * parseSchedule('0 25 * * *'); // throws: the hour field '25' ...
 */
export function parseSchedule(cron: string, options: ScheduleOptions = {}): BackupSchedule {
  const expression = cron.trim();
  const timezone = options.timezone ?? 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    throw new InvalidScheduleTimezoneError(timezone);
  }
  const job = compile(expression, timezone);
  if (job.nextRun() === null) throw new ScheduleNeverRunsError(expression);
  return {
    expression,
    timezone,
    nextRun: (after = new Date()) => job.nextRun(after),
    nextRuns: (count, after = new Date()) => job.nextRuns(count, after),
  };
}

/** A paused croner job for `expression`, or the error naming what is wrong with it. */
function compile(expression: string, timezone: string): Cron {
  if (expression === '') throw new InvalidScheduleError(expression, undefined, 'it is empty');
  try {
    return new Cron(expression, { paused: true, timezone });
  } catch (error) {
    throw describeFailure(expression, timezone, error);
  }
}

function describeFailure(expression: string, timezone: string, error: unknown): InvalidScheduleError {
  const detail = (error instanceof Error ? error.message : String(error)).replace(/^CronPattern:\s*/, '');
  const fields = expression.split(/\s+/);
  const names = fieldNames[fields.length];
  if (expression.startsWith('@')) {
    return new InvalidScheduleError(expression, undefined, `unknown nickname (${detail})`, { cause: error });
  }
  if (names === undefined) {
    return new InvalidScheduleError(
      expression,
      undefined,
      `it has ${fields.length} field${fields.length === 1 ? '' : 's'}, not 5, 6 or 7`,
      { cause: error },
    );
  }
  // croner's messages count fields its own way: try each field alone to name the one at fault.
  const index = fields.findIndex((field, at) => {
    const alone = fields.map((_, other) => (other === at ? field : '*')).join(' ');
    try {
      new Cron(alone, { paused: true, timezone });
      return false;
    } catch {
      return true;
    }
  });
  if (index < 0) return new InvalidScheduleError(expression, undefined, detail, { cause: error });
  const field = names[index]!;
  return new InvalidScheduleError(
    expression,
    field,
    `the ${field} field '${fields[index]}' is wrong (${detail})`,
    {
      cause: error,
    },
  );
}
