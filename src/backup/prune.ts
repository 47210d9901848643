// `backup prune`: applies a retention policy to a target's full backups, removes incomplete ones
// left by runs that failed a while ago, the parts of failed uploads nothing refers to (Swift
// segments whose clean-up could not reach Swift), and the delta segments no kept backup can use.
import { BackupError } from './errors.js';
import { fullBackupObjects } from './format/naming.js';
import { listBackups, listDeltas } from './inventory.js';
import { chooseBackupsToKeep, type RetentionPolicy } from './retention/index.js';
import type { BackupTarget } from './target/target.js';

/**
 * What prune removed (or, in a dry run, would remove).
 *
 * @example
 * for (const { id, reason } of result.removed) console.log(`- ${id}: ${reason}`);
 */
export interface PruneResult {
  readonly kept: string[];
  readonly removed: { id: string; reason: string }[];
  /** Delta segments older than the oldest kept backup. */
  readonly deltasRemoved: string[];
  /**
   * Parts no object refers to, older than a day: Swift segments of uploads that failed, temporary
   * files of a folder target.
   */
  readonly orphanedPartsRemoved: { name: string; bytes: number }[];
  readonly dryRun: boolean;
}

/** An incomplete backup, or an orphaned part, younger than this may belong to a run still going. */
const incompleteGraceMs = 24 * 3_600_000;

/**
 * Prunes the target. The newest usable backup is always kept.
 *
 * @example
 * await pruneBackups(target, { keepDaily: 7, keepWeekly: 4 }, { dryRun: true });
 */
export async function pruneBackups(
  target: BackupTarget,
  policy: RetentionPolicy,
  options: { now?: Date; dryRun?: boolean } = {},
): Promise<PruneResult> {
  const now = options.now ?? new Date();
  const entries = await listBackups(target);
  const usable = entries.flatMap((entry) => (entry.status === 'usable' ? [entry.manifest] : []));
  const decision = chooseBackupsToKeep(
    usable.map((manifest) => ({ id: manifest.id, time: new Date(manifest.createdAt) })),
    policy,
    now,
  );
  const removed = [...decision.remove];
  for (const entry of entries) {
    if (entry.status === 'usable') continue;
    const started = timeOfId(entry.id);
    if (started !== undefined && now.getTime() - started.getTime() > incompleteGraceMs) {
      removed.push({ id: entry.id, reason: `${entry.status}: ${entry.problem}` });
    }
  }
  const kept = usable.filter((manifest) => decision.keep.includes(manifest.id));
  const oldestKept = Math.min(...kept.map((manifest) => manifest.revision));
  // Without a kept backup the deltas have no base, but they are left alone: nothing is lost by waiting.
  const deltasRemoved =
    kept.length === 0
      ? []
      : (await listDeltas(target)).filter((delta) => delta.to <= oldestKept).map((delta) => delta.name);
  const orphanedPartsRemoved = (await target.orphanedParts())
    .filter((part) => now.getTime() - part.since.getTime() > incompleteGraceMs)
    .map(({ name, bytes }) => ({ name, bytes }));
  if (options.dryRun !== true) {
    for (const { id } of removed) await removeBackup(target, id);
    for (const name of deltasRemoved) await target.remove(name);
    for (const { name } of orphanedPartsRemoved) await target.remove(name);
  }
  return {
    kept: decision.keep,
    removed,
    deltasRemoved,
    orphanedPartsRemoved,
    dryRun: options.dryRun === true,
  };
}

/**
 * Removes one backup: its manifest first, so a removal cut short leaves an incomplete backup that
 * is never used, not a usable one with data missing.
 *
 * @example
 * await removeBackup(target, '20261130T063000Z-r42');
 */
export async function removeBackup(target: BackupTarget, id: string): Promise<void> {
  const objects = fullBackupObjects(id);
  const names: string[] = [];
  for await (const entry of target.list(objects.folder)) names.push(entry.name);
  if (names.length === 0)
    throw new BackupError('BACKUP_NOT_FOUND', `no backup '${id}' in ${target.description}`);
  if (names.includes(objects.manifest)) await target.remove(objects.manifest);
  for (const name of names) if (name !== objects.manifest) await target.remove(name);
}

function timeOfId(id: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/.exec(id);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second] = match;
  return new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}Z`);
}
