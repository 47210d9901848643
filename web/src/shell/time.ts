// Times as every screen shows them: one short, sortable, unambiguous form.

/**
 * A time as a short local date and time (`2026-11-30 09:00:00`), sortable and
 * unambiguous; unreadable text stays as it is.
 *
 * @example
 * shortTime('2026-11-30T09:00:00.000Z', 'UTC'); // '2026-11-30 09:00:00'
 */
export function shortTime(iso: string, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('en-GB', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    ...(timeZone !== undefined ? { timeZone } : {}),
  }).formatToParts(date);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')}`;
}
