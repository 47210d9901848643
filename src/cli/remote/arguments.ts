// Reading what a command line gives the commands that call the server: revisions, counts, days,
// key paths; each refusal a UsageError (exit status 2) saying what to write instead.
import { validateKeyName } from '../../keyspace/index.js';
import { UsageError } from './run-action.js';

/**
 * A whole number given to `flag`, from `minimum` to `maximum`.
 *
 * @example
 * wholeNumberOf('--limit', '50', { minimum: 1 }); // 50
 */
export function wholeNumberOf(
  flag: string,
  text: string,
  {
    minimum,
    maximum = Number.MAX_SAFE_INTEGER,
    what = 'a whole number',
  }: { minimum: number; maximum?: number; what?: string },
): number {
  const value = Number(text);
  if (!/^[0-9]+$/.test(text) || !Number.isSafeInteger(value) || value < minimum || value > maximum) {
    const range =
      maximum === Number.MAX_SAFE_INTEGER ? `of at least ${minimum}` : `from ${minimum} to ${maximum}`;
    throw new UsageError(`${flag} takes ${what} ${range}, not '${text}'`);
  }
  return value;
}

/**
 * A revision given to `flag` (at least 1; 0 allowed where it means "must not exist yet").
 *
 * @example
 * revisionOf('--from', '120'); // 120
 */
export function revisionOf(flag: string, text: string, minimum = 1): number {
  return wholeNumberOf(flag, text, { minimum, what: 'a revision (a whole number)' });
}

/**
 * The days of `--expires-in-days`: 1 to 3650, as the server takes them.
 *
 * @example
 * daysOf('90'); // 90
 */
export function daysOf(text: string): number {
  return wholeNumberOf('--expires-in-days', text, {
    minimum: 1,
    maximum: 3650,
    what: 'a whole number of days',
  });
}

/**
 * `If-Match: REV` for --if-match (0: only if the key does not exist yet); no header without it.
 *
 * @example
 * ifMatchHeader('41'); // { 'if-match': '41' }
 */
export function ifMatchHeader(text: string | undefined): Record<string, string> {
  if (text === undefined) return {};
  return { 'if-match': String(revisionOf('--if-match', text, 0)) };
}

/**
 * Throws KEY_NAME_INVALID unless `path` is a key or a prefix ending in '/': checked before a
 * request, because a '..' segment would otherwise change the URL it goes to.
 *
 * @example
 * validatePath('hack/storage/'); // ok
 */
export function validatePath(path: string): void {
  validateKeyName(path.endsWith('/') ? path.slice(0, -1) : path);
}
