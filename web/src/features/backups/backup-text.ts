// What the backups screen says about sizes, progress and a restore plan, as pure functions (tested
// beside this file): byte counts for people, a progress report in words, the plan as diff entries.
import type { DiffEntry } from '../../shell/DiffTable';

/**
 * A byte count for people: `0 B`, `812 B`, `40.0 KiB`, `2.0 MiB`.
 *
 * @example
 * formatBytes(40960); // '40.0 KiB'
 */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** A `backup` event of the events stream (docs/api/events.md), as the screen reads it. */
export interface BackupProgress {
  readonly operation: 'create' | 'verify' | 'restore';
  readonly id: string;
  readonly backup: string | null;
  readonly by: string;
  readonly phase: string;
  readonly keys: number;
  readonly totalKeys: number | null;
  readonly bytes: number;
  readonly totalBytes: number | null;
  readonly done: boolean;
  readonly outcome: 'success' | 'failure' | null;
  readonly error: string | null;
}

const OPERATIONS = ['create', 'verify', 'restore'] as const;

/**
 * The event's data as a BackupProgress, or undefined when it is not one (a newer server's shape).
 *
 * @example
 * const progress = readBackupProgress(data);
 */
export function readBackupProgress(data: Record<string, unknown>): BackupProgress | undefined {
  const operation = OPERATIONS.find((name) => name === data.operation);
  if (operation === undefined || typeof data.id !== 'string' || typeof data.phase !== 'string')
    return undefined;
  const numberOr = (value: unknown, fallback: number | null) =>
    typeof value === 'number' ? value : fallback;
  return {
    operation,
    id: data.id,
    backup: typeof data.backup === 'string' ? data.backup : null,
    by: typeof data.by === 'string' ? data.by : '',
    phase: data.phase,
    keys: numberOr(data.keys, 0) ?? 0,
    totalKeys: numberOr(data.totalKeys, null),
    bytes: numberOr(data.bytes, 0) ?? 0,
    totalBytes: numberOr(data.totalBytes, null),
    done: data.done === true,
    outcome: data.outcome === 'success' || data.outcome === 'failure' ? data.outcome : null,
    error: typeof data.error === 'string' ? data.error : null,
  };
}

const OPERATION_WORDS = { create: 'Backing up', verify: 'Verifying', restore: 'Restoring' } as const;

/**
 * One line saying how far an operation is: `Backing up — backup: 1200 of 5000 keys, 1.0 MiB`.
 *
 * @example
 * describeProgress(progress);
 */
export function describeProgress(progress: BackupProgress): string {
  const what = progress.backup === null ? '' : ` ${progress.backup}`;
  if (progress.done) {
    const verb = { create: 'Backup', verify: 'Verification', restore: 'Restore' }[progress.operation];
    const bytes = progress.bytes > 0 ? `, ${formatBytes(progress.bytes)}` : '';
    return progress.outcome === 'success'
      ? `${verb}${what} finished: ${progress.keys} keys${bytes}`
      : `${verb}${what} failed${progress.error === null ? '' : ` (${progress.error})`}`;
  }
  const keys =
    progress.totalKeys === null ? `${progress.keys} keys` : `${progress.keys} of ${progress.totalKeys} keys`;
  return `${OPERATION_WORDS[progress.operation]}${what} — ${progress.phase}: ${keys}, ${formatBytes(progress.bytes)}`;
}

/**
 * How far an operation is, 0 to 100, when its total is known.
 *
 * @example
 * progressPercent({ keys: 50, totalKeys: 200, ... }); // 25
 */
export function progressPercent(progress: BackupProgress): number | undefined {
  if (progress.done) return 100;
  if (progress.totalKeys !== null && progress.totalKeys > 0)
    return Math.min(100, (progress.keys / progress.totalKeys) * 100);
  if (progress.totalBytes !== null && progress.totalBytes > 0)
    return Math.min(100, (progress.bytes / progress.totalBytes) * 100);
  return undefined;
}

/** One change of a restore plan (POST /restore): key names and sizes, never values. */
export interface RestoreChange {
  readonly kind: 'add' | 'change' | 'remove';
  readonly key: string;
  readonly bytes: number;
  readonly sealed: boolean;
}

/**
 * The plan as entries of the one diff table. The API never sends values, so a side says what is
 * there instead: the value now, or the backup's value and its size (sealed ones stay sealed).
 *
 * @example
 * <DiffTable entries={restoreEntries(plan.changes)} labels={['now', 'after the restore']} />
 */
export function restoreEntries(changes: readonly RestoreChange[]): DiffEntry[] {
  return changes.map((change) => {
    const restored = change.sealed
      ? { sealed: true }
      : { sealed: false, value: `value from the backup (${formatBytes(change.bytes)})` };
    if (change.kind === 'add') return { path: change.key, change: 'added', after: restored };
    if (change.kind === 'remove')
      return { path: change.key, change: 'removed', before: { sealed: false, value: 'current value' } };
    return {
      path: change.key,
      change: 'changed',
      before: { sealed: false, value: 'current value' },
      after: restored,
    };
  });
}

/**
 * What a restore will overwrite, in one sentence for the confirmation: counts and the first keys.
 *
 * @example
 * overwriteSummary(plan); // 'overwrite 1 key (hack/http/addr), add 0 keys and remove 0 keys'
 */
export function overwriteSummary(plan: {
  readonly added: number;
  readonly changed: number;
  readonly removed: number;
  readonly changes: readonly RestoreChange[];
}): string {
  const named = (kind: RestoreChange['kind'], count: number, verb: string) => {
    const keys = plan.changes.filter((change) => change.kind === kind).map((change) => change.key);
    const shown = keys.slice(0, 5).join(', ');
    const more = count > 5 ? ` and ${count - 5} more` : '';
    return `${verb} ${count} ${count === 1 ? 'key' : 'keys'}${count > 0 ? ` (${shown}${more})` : ''}`;
  };
  return [
    named('change', plan.changed, 'overwrite'),
    named('add', plan.added, 'add'),
    named('remove', plan.removed, 'remove'),
  ].join(', ');
}

/**
 * The prefixes a restore or backup is limited to, from what the user typed: trimmed, de-duplicated,
 * a bare directory name given its `/`; none (everything) when empty.
 *
 * @example
 * prefixesOf(['hack', ' team-a/ ']); // ['hack/', 'team-a/']
 */
export function prefixesOf(typed: readonly string[]): string[] {
  const prefixes = typed
    .map((text) => text.trim())
    .filter((text) => text !== '')
    .map((text) => (text.endsWith('/') ? text : `${text}/`));
  return [...new Set(prefixes)];
}

/**
 * A point in time as the restore API takes it: a revision as a number, anything else as text (an
 * ISO time); undefined when empty.
 *
 * @example
 * pointOf('48213'); // 48213
 */
export function pointOf(typed: string): number | string | undefined {
  const text = typed.trim();
  if (text === '') return undefined;
  return /^\d+$/.test(text) ? Number(text) : text;
}

/** Where Setpoint keeps its own records (users, tokens, sessions, history, change records). */
const OWN_RECORDS = '_setpoint/';

/**
 * How many of the plan's listed changes are Setpoint's own records: restoring everything puts back
 * users, tokens and history positions too, which the screen says before anyone confirms.
 *
 * @example
 * ownRecordCount(plan.changes); // 2
 */
export function ownRecordCount(changes: readonly RestoreChange[]): number {
  return changes.filter((change) => change.key.startsWith(OWN_RECORDS)).length;
}

/** The restore dialog's choice that means a point in time rather than one backup. */
export const POINT_IN_TIME = '@point';

/** What POST /restore takes. */
export interface RestoreRequest {
  readonly backup?: string;
  readonly at?: number | string;
  readonly prefixes?: string[];
  readonly prune: boolean;
  readonly dryRun: boolean;
}

/**
 * The restore request of the dialog's choices: one backup as it was, or a point in time (none
 * typed: the newest state recorded); the typed prefixes, or none for everything.
 *
 * @example
 * restoreRequestOf({ source: '@point', point: '48213', prefixes: ['hack'], prune: false }, true);
 * // { at: 48213, prefixes: ['hack/'], prune: false, dryRun: true }
 */
export function restoreRequestOf(
  choice: { source: string; point: string; prefixes: readonly string[]; prune: boolean },
  dryRun: boolean,
): RestoreRequest {
  const at = pointOf(choice.point);
  const prefixes = prefixesOf(choice.prefixes);
  return {
    ...(choice.source !== POINT_IN_TIME ? { backup: choice.source } : at !== undefined ? { at } : {}),
    ...(prefixes.length > 0 ? { prefixes } : {}),
    prune: choice.prune,
    dryRun,
  };
}
