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
 * A restore point lies inside or after a hole in the delta chain: revisions `missingFrom` to
 * `missingTo` are in no delta segment (etcd compacted them while no recorder ran, or a segment was
 * removed), so no state after `lastReachable` can be rebuilt from the backup before the hole.
 * `backupAfter` is the oldest usable full backup past the hole, when there is one.
 *
 * @example
 * if (err instanceof DeltaChainHoleError) console.log(`try --revision ${err.lastReachable}`);
 */
export class DeltaChainHoleError extends BackupError {
  override readonly name = 'DeltaChainHoleError';
  constructor(
    readonly point: string,
    readonly missingFrom: number,
    readonly missingTo: number,
    readonly lastReachable: number,
    readonly backupAfter: BackupManifest | undefined,
  ) {
    const missing =
      missingFrom === missingTo
        ? `revision ${missingFrom} is`
        : `revisions ${missingFrom} to ${missingTo} are`;
    const after =
      backupAfter === undefined
        ? ''
        : `, or a point from full backup ${backupAfter.id} on (revision ${backupAfter.revision}, made ${backupAfter.createdAt})`;
    super(
      'RESTORE_POINT_UNREACHABLE',
      `cannot restore to ${point}: the recorded changes have a hole, ${missing} in no delta segment ` +
        '(etcd compacted them while no recorder ran, or a segment was removed), so no state after revision ' +
        `${lastReachable} can be rebuilt from the backup before the hole. Restore to revision ${lastReachable} ` +
        `(--revision ${lastReachable}) or earlier${after}. See setpoint backup ls`,
    );
  }
}

/**
 * Finds the restore point; throws RESTORE_POINT_UNREACHABLE with what is available when the
 * target's backups and deltas cannot reach it, and `DeltaChainHoleError` when the point lies in or
 * after a hole in the delta segments.
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
  /** The hole after `reached`: up to the next segment, else up to the next full backup. */
  const holeError = (point: string, reached: number, nextFrom: number | undefined) => {
    const backupAfter = usable.find((manifest) => manifest.revision > reached);
    const missingTo =
      nextFrom !== undefined ? nextFrom - 1 : (backupAfter?.revision ?? newestRecorded + 1) - 1;
    return new DeltaChainHoleError(
      point,
      reached + 1,
      Math.max(missingTo, reached + 1),
      reached,
      backupAfter,
    );
  };

  if (request.backupId !== undefined && request.revision === undefined && request.at === undefined) {
    const base = await findBackup(target, request.backupId);
    return { base, revision: base.revision, deltas: [] };
  }
  if (usable.length === 0) throw unreachable('nothing to restore from');

  let base: BackupManifest | undefined;
  if (request.at !== undefined) {
    const at = request.at.getTime();
    const point = request.at.toISOString();
    if (request.backupId !== undefined) {
      base = await findBackup(target, request.backupId);
      if (Date.parse(base.createdAt) > at) {
        throw unreachable(`backup '${base.id}' was made at ${base.createdAt}, after the requested ${point}`);
      }
    } else {
      base = [...usable].reverse().find((manifest) => Date.parse(manifest.createdAt) <= at);
      if (base === undefined) throw unreachable(`no full backup was made at or before ${point}`);
    }
    const from = base.revision;
    const chain = await readChain(target, deltas, from, { at }, privateKey);
    const changes = chain.segments
      .flatMap((segment) => segment.changes)
      .filter((change) => change.modRevision > from);
    if (chain.holeAfter !== undefined) {
      // The missing revisions came after the last change recorded before the hole, at a time the
      // segments do not say: any point from that change's time on may include some of them.
      const lastSeen = changes.at(-1)?.at ?? Date.parse(base.createdAt);
      if (at >= lastSeen) throw holeError(point, chain.reached, chain.holeAfter);
    }
    const revision = changes.filter((change) => (change.at ?? 0) <= at).at(-1)?.modRevision ?? base.revision;
    return { base, revision, deltas: trimmed(chain.segments, base.revision, revision) };
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
  const chain = await readChain(target, deltas, base.revision, { revision }, privateKey);
  if (chain.reached < revision) throw holeError(`revision ${revision}`, chain.reached, chain.holeAfter);
  return { base, revision, deltas: trimmed(chain.segments, base.revision, revision) };
}

/** The segments read after a full backup, and where the chain stopped. */
interface Chain {
  readonly segments: DeltaSegment[];
  /** The last revision the segments reach without a hole. */
  readonly reached: number;
  /** When a hole stopped the chain: the first revision of the segment after it. */
  readonly holeAfter?: number;
}

/**
 * Reads the segments from `after + 1` on, each checked, until one reaches `stop.revision`, one
 * starts after `stop.at` (a time: later segments cannot matter), a hole, or the last segment.
 */
async function readChain(
  target: BackupTarget,
  deltas: readonly DeltaEntry[],
  after: number,
  stop: { revision?: number; at?: number },
  privateKey: PrivateKey | undefined,
): Promise<Chain> {
  const segments: DeltaSegment[] = [];
  let reached = after;
  for (const delta of deltas) {
    if (delta.to <= reached) continue;
    if (stop.revision !== undefined && reached >= stop.revision) break;
    if (delta.from > reached + 1) return { segments, reached, holeAfter: delta.from };
    const segment = await readDeltaSegment(target, delta.name, delta, privateKey);
    const first = segment.changes.find((change) => change.modRevision > reached);
    if (stop.at !== undefined && first !== undefined && (first.at ?? 0) > stop.at) break;
    segments.push(segment);
    reached = delta.to;
  }
  return { segments, reached };
}

function trimmed(segments: readonly DeltaSegment[], after: number, until: number): DeltaSegment[] {
  return segments.map((segment) => ({
    ...segment,
    changes: segment.changes.filter((change) => change.modRevision > after && change.modRevision <= until),
  }));
}
