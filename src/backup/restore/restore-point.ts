// Which full backup and which delta segments reach the point a restore asks for: a backup as it was,
// a revision, or a time. Revisions between full backups are reached by replaying the deltas
// recorded after the newest full backup at or before them.
import type { PrivateKey } from '../../crypto/index.js';
import { type DeltaSegment, readDeltaSegment } from '../deltas/delta-segment.js';
import { BackupError } from '../errors.js';
import type { BackupManifest } from '../format/manifest.js';
import { type DeltaEntry, findBackup, listBackups, listDeltas } from '../inventory.js';
import type { BackupTarget } from '../target/target.js';

/**
 * The point to restore to; nothing: the newest state recorded.
 *
 * @example
 * const wanted: RestorePointRequest = { revision: 1234 };
 */
export interface RestorePointRequest {
  /** Start from this full backup (and, with neither revision nor time, restore it as it was). */
  backupId?: string;
  revision?: number;
  at?: Date;
}

/**
 * A full backup and the delta segments that carry it to `revision`.
 *
 * @example
 * const point = await findRestorePoint(target, { revision: 1234 });
 * point.base.revision <= point.revision;
 */
export interface RestorePoint {
  readonly base: BackupManifest;
  readonly revision: number;
  /** Segments read and checked, in order, with only the changes after the base and up to `revision`. */
  readonly deltas: readonly DeltaSegment[];
}

/**
 * Finds the restore point; throws RESTORE_POINT_UNREACHABLE with what is available when the
 * target's backups and deltas cannot reach it.
 *
 * @example
 * const point = await findRestorePoint(target, { at: new Date('2026-11-30T06:00:00Z') }, privateKey);
 */
export async function findRestorePoint(
  target: BackupTarget,
  request: RestorePointRequest,
  privateKey?: PrivateKey,
): Promise<RestorePoint> {
  const entries = await listBackups(target);
  const usable = entries.flatMap((entry) => (entry.status === 'usable' ? [entry.manifest] : []));
  const unusable = entries.flatMap((entry) =>
    entry.status === 'usable' ? [] : [`${entry.id} is ${entry.status}: ${entry.problem}`],
  );
  const deltas = await listDeltas(target);
  const newestRecorded = Math.max(usable.at(-1)?.revision ?? 0, deltas.at(-1)?.to ?? 0);
  const available = () =>
    usable.length === 0
      ? `${target.description} holds no usable backup${unusable.length > 0 ? ` (${unusable.join('; ')})` : ''}`
      : `${target.description} reaches revisions ${usable[0]!.revision} to ${newestRecorded} ` +
        `(full backups ${usable[0]!.createdAt} to ${usable.at(-1)!.createdAt})`;
  const unreachable = (why: string) =>
    new BackupError('RESTORE_POINT_UNREACHABLE', `${why}; ${available()}. See setpoint backup ls`);

  if (request.backupId !== undefined && request.revision === undefined && request.at === undefined) {
    const base = await findBackup(target, request.backupId);
    return { base, revision: base.revision, deltas: [] };
  }
  if (usable.length === 0) throw unreachable('nothing to restore from');

  let base: BackupManifest | undefined;
  if (request.at !== undefined) {
    const at = request.at.getTime();
    base = [...usable].reverse().find((manifest) => Date.parse(manifest.createdAt) <= at);
    if (base === undefined)
      throw unreachable(`no full backup was made at or before ${request.at.toISOString()}`);
    const segments = await readChain(target, deltas, base.revision, Number.MAX_SAFE_INTEGER, privateKey);
    const changes = segments.flatMap((segment) => segment.changes).filter((change) => (change.at ?? 0) <= at);
    const revision = changes.at(-1)?.modRevision ?? base.revision;
    return { base, revision, deltas: trimmed(segments, base.revision, revision) };
  }

  const revision = request.revision ?? newestRecorded;
  if (request.backupId !== undefined) {
    base = await findBackup(target, request.backupId);
    if (base.revision > revision) {
      throw unreachable(
        `backup '${base.id}' is at revision ${base.revision}, after the requested ${revision}`,
      );
    }
  } else {
    base = [...usable].reverse().find((manifest) => manifest.revision <= revision);
    if (base === undefined) throw unreachable(`no full backup is at or before revision ${revision}`);
  }
  if (revision > newestRecorded) throw unreachable(`revision ${revision} is newer than anything recorded`);
  const segments = await readChain(target, deltas, base.revision, revision, privateKey);
  return { base, revision, deltas: trimmed(segments, base.revision, revision) };
}

/** Reads the segments from `after + 1` up to `until`, refusing a hole in the chain. */
async function readChain(
  target: BackupTarget,
  deltas: readonly DeltaEntry[],
  after: number,
  until: number,
  privateKey: PrivateKey | undefined,
): Promise<DeltaSegment[]> {
  const segments: DeltaSegment[] = [];
  let reached = after;
  for (const delta of deltas) {
    if (delta.to <= reached) continue;
    if (reached >= until) break;
    if (delta.from > reached + 1) {
      if (until === Number.MAX_SAFE_INTEGER) break;
      throw new BackupError(
        'RESTORE_POINT_UNREACHABLE',
        `the recorded changes have a hole: revisions ${reached + 1} to ${delta.from - 1} are in no delta segment ` +
          `(the recorder was stopped or etcd compacted them first), so revision ${until} cannot be rebuilt; ` +
          `restore to revision ${reached} or to a full backup after the hole`,
      );
    }
    segments.push(await readDeltaSegment(target, delta.name, delta, privateKey));
    reached = delta.to;
  }
  if (reached < until && until !== Number.MAX_SAFE_INTEGER) {
    throw new BackupError(
      'RESTORE_POINT_UNREACHABLE',
      `changes are recorded up to revision ${reached}, not up to ${until}`,
    );
  }
  return segments;
}

function trimmed(segments: readonly DeltaSegment[], after: number, until: number): DeltaSegment[] {
  return segments.map((segment) => ({
    ...segment,
    changes: segment.changes.filter((change) => change.modRevision > after && change.modRevision <= until),
  }));
}
