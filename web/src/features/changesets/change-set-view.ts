// What a change set means for the screens: the user's own open change set in a directory, its staged
// changes as a diff (what publishing will do), per key, and its conflicts as "theirs" and "yours".
import type { DiffEntry, DiffSide } from '../../shell/DiffTable';

/** A change set as the list answer shows it. */
export interface ChangeSetSummary {
  readonly id: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly message: string;
  readonly keys: number;
}

/** One staged change as the change set answer shows it. */
export interface StagedChange {
  readonly key: string;
  readonly action: 'put' | 'delete';
  readonly base: number;
  readonly current?: DiffSide;
  readonly staged?: DiffSide;
  readonly conflict: boolean;
  readonly stagedBy: string;
  readonly stagedAt: string;
}

/** A change set as its answer shows it. */
export interface ChangeSet {
  readonly id: string;
  readonly directory: string;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly message: string;
  readonly changes: readonly StagedChange[];
  readonly conflicts: number;
  readonly modRevision: number;
}

/**
 * The change set the user stages into: their newest one in the directory, if any. Others' change
 * sets are listed beside it, never staged into without asking.
 *
 * @example
 * myOpenChangeSet(list, 'alice')?.id;
 */
export function myOpenChangeSet(
  changeSets: readonly ChangeSetSummary[] | undefined,
  user: string,
): ChangeSetSummary | undefined {
  const mine = (changeSets ?? []).filter((set) => set.createdBy === user);
  return mine.reduce<ChangeSetSummary | undefined>(
    (newest, set) => (newest === undefined || set.createdAt >= newest.createdAt ? set : newest),
    undefined,
  );
}

/**
 * What publishing will do, one diff entry per staged key: added (no key now), removed (a staged
 * delete), or changed; before is the key now, after what is staged.
 *
 * @example
 * <DiffTable entries={publishDiff(changeSet)} labels={['now', 'after publishing']} />
 */
export function publishDiff(changeSet: ChangeSet): DiffEntry[] {
  return changeSet.changes.map((change) => ({
    path: change.key,
    change: change.action === 'delete' ? 'removed' : change.current === undefined ? 'added' : 'changed',
    ...(change.current !== undefined ? { before: change.current } : {}),
    ...(change.action === 'put' && change.staged !== undefined ? { after: change.staged } : {}),
  }));
}

/**
 * The staged changes by key, for the key table to show what is staged beside each value.
 *
 * @example
 * stagedByKey(changeSet).get('hack/http/addr')?.staged?.value;
 */
export function stagedByKey(changeSet: ChangeSet | undefined): ReadonlyMap<string, StagedChange> {
  return new Map((changeSet?.changes ?? []).map((change) => [change.key, change]));
}

/** A key someone else changed since it was staged: their value now and the user's staged one. */
export interface Conflict {
  readonly key: string;
  /** The key now (undefined: they deleted it). */
  readonly theirs: DiffSide | undefined;
  /** What the user staged (undefined: a delete). */
  readonly yours: DiffSide | undefined;
  readonly action: 'put' | 'delete';
  /** Keeping the user's value restages it on the key's revision now; a sealed one must be typed again. */
  readonly keepNeedsValue: boolean;
}

/**
 * The conflicts of a change set, one per staged key that changed since it was staged.
 *
 * @example
 * conflictsOf(changeSet).map((c) => c.key);
 */
export function conflictsOf(changeSet: ChangeSet | undefined): Conflict[] {
  return (changeSet?.changes ?? [])
    .filter((change) => change.conflict)
    .map((change) => ({
      key: change.key,
      theirs: change.current,
      yours: change.action === 'put' ? change.staged : undefined,
      action: change.action,
      keepNeedsValue: change.action === 'put' && change.staged?.sealed === true,
    }));
}

/**
 * How to stage the user's value again on the revision the key is at now ("keep mine"), or undefined
 * when it is sealed and must be typed again.
 *
 * @example
 * const restage = keepMine(conflict); // { action: 'put', value: ':5001', sensitive: false }
 */
export function keepMine(
  conflict: Conflict,
): { action: 'put'; value: string; sensitive: boolean } | { action: 'delete' } | undefined {
  if (conflict.action === 'delete') return { action: 'delete' };
  if (conflict.yours === undefined || conflict.yours.sealed) return undefined;
  return { action: 'put', value: conflict.yours.value ?? '', sensitive: false };
}
