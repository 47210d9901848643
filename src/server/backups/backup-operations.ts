// What the backup endpoints do, without HTTP: list a target, verify a backup, and restore (or plan
// a restore) reporting key names and sizes only — a sealed value stays sealed, no value is shown.
import { BackupError } from '../../backup/errors.js';
import type { BackupManifest } from '../../backup/format/manifest.js';
import { findBackup, listBackups, listDeltas } from '../../backup/inventory.js';
import type { Progress } from '../../backup/progress.js';
import { verifyBackup } from '../../backup/read-backup.js';
import { restore } from '../../backup/restore/restore.js';
import type { BackupTarget } from '../../backup/target/target.js';
import { isSealed } from '../../crypto/index.js';
import type { EtcdClient } from '../../etcd/index.js';

/**
 * One backup of a target, usable or not.
 *
 * @example
 * { id: '20261130T030000Z-r48213', status: 'usable', usable: true, revision: 48213, keyCount: 812, ... }
 */
export interface BackupListEntry {
  readonly id: string;
  readonly status: 'usable' | 'incomplete' | 'damaged';
  readonly usable: boolean;
  readonly createdAt: string | null;
  readonly revision: number | null;
  readonly keyCount: number | null;
  /** Bytes as stored (compressed, maybe encrypted). */
  readonly bytes: number | null;
  readonly prefixes: readonly string[] | null;
  readonly encrypted: boolean | null;
  /** Why it cannot be used; null when usable. */
  readonly problem: string | null;
}

/**
 * A target's backups and the revisions its delta segments reach.
 *
 * @example
 * const { backups, deltas } = await listTarget(target);
 */
export interface TargetListing {
  readonly target: string;
  readonly backups: readonly BackupListEntry[];
  readonly deltas: {
    readonly segments: number;
    readonly fromRevision: number | null;
    readonly toRevision: number | null;
    readonly bytes: number;
  };
}

/**
 * Every backup (usable first, by revision; then the unusable with their problem), each usable one's
 * stored parts checked as `setpoint backup ls` checks them, and the delta segments' reach.
 *
 * @example
 * const listing = await listTarget(target);
 */
export async function listTarget(target: BackupTarget): Promise<TargetListing> {
  const entries = await listBackups(target, { checkParts: true });
  const deltas = await listDeltas(target);
  return {
    target: target.description,
    backups: entries.map((entry) =>
      entry.status === 'usable'
        ? {
            id: entry.id,
            status: entry.status,
            usable: true,
            createdAt: entry.manifest.createdAt,
            revision: entry.manifest.revision,
            keyCount: entry.manifest.keyCount,
            bytes: entry.manifest.bytes,
            prefixes: entry.manifest.prefixes,
            encrypted: entry.manifest.encryptedTo !== undefined,
            problem: null,
          }
        : {
            id: entry.id,
            status: entry.status,
            usable: false,
            createdAt: null,
            revision: null,
            keyCount: null,
            bytes: null,
            prefixes: null,
            encrypted: null,
            problem: entry.problem,
          },
    ),
    deltas: {
      segments: deltas.length,
      fromRevision: deltas[0]?.from ?? null,
      toRevision: deltas.at(-1)?.to ?? null,
      bytes: deltas.reduce((sum, delta) => sum + delta.bytes, 0),
    },
  };
}

/**
 * What a verification found: `ok` with the keys read (null when the backup is encrypted: the
 * server holds no private key, so only its bytes were checked), or the problem and its code.
 *
 * @example
 * { id: '20261130T030000Z-r48213', ok: true, keys: 812, bytes: 40960, code: null, problem: null }
 */
export interface VerifyResult {
  readonly id: string;
  readonly ok: boolean;
  readonly keys: number | null;
  readonly bytes: number | null;
  readonly code: string | null;
  readonly problem: string | null;
}

/**
 * Reads every byte of one backup and checks it against its manifest. A backup that is damaged or
 * incomplete is a result (`ok: false`); a backup that does not exist throws BACKUP_NOT_FOUND.
 *
 * @example
 * const result = await verifyOne(target, '20261130T030000Z-r48213', progress);
 */
export async function verifyOne(
  target: BackupTarget,
  id: string,
  progress?: Progress,
): Promise<VerifyResult> {
  try {
    const manifest = await findBackup(target, id);
    const { keys, bytes } = await verifyBackup(target, manifest, progress === undefined ? {} : { progress });
    return { id, ok: true, keys: keys ?? null, bytes, code: null, problem: null };
  } catch (err) {
    if (!(err instanceof BackupError) || err.code === 'BACKUP_NOT_FOUND') throw err;
    return { id, ok: false, keys: null, bytes: null, code: err.code, problem: err.message };
  }
}

/**
 * One key a restore adds, changes or removes: its name and the size of the value it would write,
 * never the value.
 *
 * @example
 * { kind: 'change', key: 'hack/storage/swift/password', bytes: 812, sealed: true }
 */
export interface PlannedChange {
  readonly kind: 'add' | 'change' | 'remove';
  readonly key: string;
  readonly bytes: number;
  /** Whether the value written is a sealed value (it is written as it is, still sealed). */
  readonly sealed: boolean;
}

/**
 * A restore's plan and, unless a dry run, what it wrote.
 *
 * @example
 * { backup: '20261130T030000Z-r48213', revision: 48290, added: 2, changed: 1, removed: 0, written: 0, dryRun: true, changes: [...] }
 */
export interface RestoreReport {
  readonly backup: string;
  readonly revision: number;
  readonly deltaSegments: number;
  readonly dryRun: boolean;
  readonly added: number;
  readonly changed: number;
  readonly removed: number;
  readonly written: number;
  readonly changes: readonly PlannedChange[];
  /** More changes than `changes` lists (the counts are complete). */
  readonly truncated: boolean;
}

/**
 * What to restore. `at` is a revision (a number, or digits) or a time (ISO 8601).
 *
 * @example
 * const request: RestoreRequest = { backup: '20261130T030000Z-r48213', prefixes: ['hack/'], dryRun: true };
 */
export interface RestoreRequest {
  readonly backup?: string;
  readonly at?: number | string;
  readonly prefixes?: readonly string[];
  readonly prune?: boolean;
  readonly dryRun: boolean;
  /** Changes listed at most; default 1000. */
  readonly listLimit?: number;
}

/**
 * Plans the restore and, unless `dryRun`, applies it in compare-and-swap transactions (see
 * `src/backup/restore/`). The server holds no private key: an encrypted backup is refused with
 * BACKUP_KEY_REQUIRED, naming the command that can restore it.
 *
 * @example
 * const report = await restoreFromTarget(client, target, { at: '2026-11-30T06:00:00Z', dryRun: true });
 */
export async function restoreFromTarget(
  client: EtcdClient,
  target: BackupTarget,
  request: RestoreRequest,
  progress?: Progress,
): Promise<RestoreReport> {
  const limit = request.listLimit ?? 1000;
  const changes: PlannedChange[] = [];
  let truncated = false;
  const point = restorePoint(request);
  try {
    const summary = await restore(client, target, {
      ...point,
      ...(request.prefixes !== undefined && request.prefixes.length > 0
        ? { prefixes: request.prefixes }
        : {}),
      prune: request.prune === true,
      dryRun: request.dryRun,
      ...(progress !== undefined ? { progress } : {}),
      onChange: (change) => {
        if (changes.length >= limit) {
          truncated = true;
          return;
        }
        changes.push({
          kind: change.kind,
          key: change.key.toString('utf8'),
          bytes: change.value.length,
          sealed: change.kind !== 'remove' && isSealed(change.value.toString('latin1')),
        });
      },
    });
    return { ...summary, changes, truncated };
  } catch (err) {
    if (err instanceof BackupError && err.code === 'BACKUP_KEY_REQUIRED') {
      const which = point.backupId === undefined ? 'this backup' : `backup '${point.backupId}'`;
      throw new BackupError(
        'BACKUP_KEY_REQUIRED',
        `${which} is encrypted and the server holds no private key; restore it where the key is: ` +
          `setpoint backup restore${point.backupId === undefined ? '' : ` ${point.backupId}`} --private-key FILE`,
        { cause: err },
      );
    }
    throw err;
  }
}

/**
 * The manifest of one usable backup; throws BACKUP_NOT_FOUND, or why it cannot be used.
 *
 * @example
 * const manifest = await showBackup(target, '20261130T030000Z-r48213');
 */
export function showBackup(target: BackupTarget, id: string): Promise<BackupManifest> {
  return findBackup(target, id);
}

function restorePoint(request: RestoreRequest): { backupId?: string; revision?: number; at?: Date } {
  const point: { backupId?: string; revision?: number; at?: Date } = {};
  if (request.backup !== undefined) point.backupId = request.backup;
  const at = request.at;
  if (typeof at === 'number') point.revision = at;
  else if (typeof at === 'string' && /^\d{1,16}$/.test(at.trim())) point.revision = Number(at.trim());
  else if (typeof at === 'string') {
    const time = new Date(at);
    if (Number.isNaN(time.getTime())) {
      throw new BackupError(
        'BACKUP_OPTION_INVALID',
        `'at' is '${at}', neither a revision nor a time; give a revision (48213) or an ISO 8601 time (2026-11-30T06:00:00Z)`,
      );
    }
    point.at = time;
  }
  return point;
}
