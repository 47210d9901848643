// parseSchedule: crontab's five fields, seconds, nicknames, UTC by default, and errors that name
// the expression and the field at fault.
import { describe, expect, test } from 'vitest';
import {
  InvalidScheduleError,
  InvalidScheduleTimezoneError,
  ScheduleError,
  ScheduleNeverRunsError,
} from './errors.js';
import { parseSchedule } from './parse-schedule.js';

const saturday = new Date('2026-11-21T10:00:00Z');

describe('parseSchedule', () => {
  test.each([
    ['0 3 * * *', '2026-11-22T03:00:00.000Z'],
    ['30 2 * * MON-FRI', '2026-11-23T02:30:00.000Z'],
    ['*/15 * * * *', '2026-11-21T10:15:00.000Z'],
    ['@daily', '2026-11-22T00:00:00.000Z'],
    ['@hourly', '2026-11-21T11:00:00.000Z'],
    ['30 0 12 * * *', '2026-11-21T12:00:30.000Z'],
    ['  0 3 1 * *  ', '2026-12-01T03:00:00.000Z'],
  ])('reads %j; next run after Saturday 10:00 UTC is %s', (cron, next) => {
    expect(parseSchedule(cron).nextRun(saturday)?.toISOString()).toBe(next);
  });

  test('reads hours in UTC unless a time zone is given', () => {
    const utc = parseSchedule('0 3 * * *');
    expect(utc.timezone).toBe('UTC');
    expect(utc.expression).toBe('0 3 * * *');
    const zurich = parseSchedule('0 3 * * *', { timezone: 'Europe/Zurich' });
    expect(zurich.nextRun(saturday)?.toISOString()).toBe('2026-11-22T02:00:00.000Z');
  });

  test('lists the next runs', () => {
    expect(
      parseSchedule('0 */6 * * *')
        .nextRuns(3, saturday)
        .map((d) => d.toISOString()),
    ).toEqual(['2026-11-21T12:00:00.000Z', '2026-11-21T18:00:00.000Z', '2026-11-22T00:00:00.000Z']);
  });

  test.each([
    ['61 * * * *', 'minute', /the minute field '61' is wrong/],
    ['0 25 * * *', 'hour', /the hour field '25' is wrong/],
    ['0 0 32 * *', 'day of month', /the day of month field '32'/],
    ['0 0 * 13 *', 'month', /the month field '13'/],
    ['0 0 * * 8', 'day of week', /the day of week field '8'/],
    ['0 0 * * FUNDAY', 'day of week', /day of week field 'FUNDAY'/],
    ['x 0 * * *', 'minute', /minute field 'x'/],
    ['*/0 * * * *', 'minute', /illegal stepping/],
    ['0 5-1 * * *', 'hour', /From value is larger than to value/],
    ['61 0 3 * * *', 'second', /the second field '61'/],
    ['* * *', undefined, /it has 3 fields, not 5, 6 or 7/],
    ['* * * * * * * *', undefined, /it has 8 fields/],
    ['', undefined, /it is empty/],
    ['@fortnightly', undefined, /unknown nickname/],
  ])('refuses %j, naming the %s field', (cron, field, message) => {
    try {
      parseSchedule(cron);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidScheduleError);
      expect(err).toBeInstanceOf(ScheduleError);
      const error = err as InvalidScheduleError;
      expect(error.code).toBe('SCHEDULE_INVALID');
      expect(error.field).toBe(field);
      expect(error.expression).toBe(cron.trim());
      expect(error.message).toContain(`invalid backup schedule '${cron.trim()}'`);
      expect(error.message).toMatch(message);
      expect(error.message).toContain("e.g. '0 3 * * *'");
    }
  });

  test('refuses a schedule that never runs', () => {
    expect(() => parseSchedule('0 0 30 2 *')).toThrow(ScheduleNeverRunsError);
    expect(() => parseSchedule('0 0 30 2 *')).toThrow(/'0 0 30 2 \*' never runs/);
  });

  test('refuses an unknown time zone', () => {
    expect(() => parseSchedule('0 3 * * *', { timezone: 'Mars/Olympus' })).toThrow(
      InvalidScheduleTimezoneError,
    );
    expect(() => parseSchedule('0 3 * * *', { timezone: 'Mars/Olympus' })).toThrow(
      /unknown time zone 'Mars\/Olympus'/,
    );
  });
});
