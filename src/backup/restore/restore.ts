// `backup restore`: finds the point, checks every byte it will use, compares with etcd and either
// says what it would do (dry run) or does it in compare-and-swap transactions.
import type { PrivateKey } from '../../crypto/index.js';
import type { EtcdClient } from '../../etcd/index.js';
import { BackupError } from '../errors.js';
import { normalisePrefixes } from '../prefixes.js';
import type { Progress } from '../progress.js';
import { readAhead } from '../read-ahead.js';
import { openVerifiedBackup } from '../read-backup.js';
import type { BackupTarget } from '../target/target.js';
import { type ApplyOptions, applyRestore } from './apply.js';
import { desiredState } from './desired-state.js';
import { planRestore, type RestoreChange, type RestoreScope } from './plan.js';
import { findRestorePoint, type RestorePointRequest } from './restore-point.js';

/** Batches of changes decoded ahead of the transactions (each up to a few transactions' worth). */
const batchesAhead = 4;

/**
 * What to restore, from where, to what point.
 *
 * @example
 * await restore(client, target, { revision: 1234, prefixes: ['hack/'], dryRun: true, onChange: print });
 */
export interface RestoreOptions extends RestorePointRequest, ApplyOptions {
  /** Key prefixes to restore; default everything the backup holds. */
  prefixes?: readonly string[];
  /** Restore the (single) prefix under this prefix instead. */
  into?: string;
  /** Remove keys that did not exist at the restored point. */
  prune?: boolean;
  /** Only report what would change. */
  dryRun?: boolean;
  /** Opens an encrypted backup. */
  privateKey?: PrivateKey;
  progress?: Progress;
  /** Told about every change (planned in a dry run, about to be written otherwise). */
  onChange?: (change: RestoreChange) => void;
}

/**
 * What a restore did (or, in a dry run, would do).
 *
 * @example
 * console.log(`${summary.added} added, ${summary.changed} changed, ${summary.removed} removed`);
 */
export interface RestoreSummary {
  readonly backup: string;
  readonly revision: number;
  readonly deltaSegments: number;
  readonly added: number;
  readonly changed: number;
  readonly removed: number;
  readonly written: number;
  readonly dryRun: boolean;
}

/**
 * Restores. Nothing is written before the backup and the deltas have been checked.
 *
 * @example
 * const summary = await restore(client, target, { at: new Date('2026-11-30T06:00:00Z'), prune: true });
 */
export async function restore(
  client: EtcdClient,
  target: BackupTarget,
  options: RestoreOptions = {},
): Promise<RestoreSummary> {
  const point = await findRestorePoint(target, options, options.privateKey);
  if (point.base.encryptedTo !== undefined && options.privateKey === undefined) {
    throw new BackupError(
      'BACKUP_KEY_REQUIRED',
      `backup '${point.base.id}' is encrypted to ${point.base.encryptedTo.join(', ')}; give one of their private keys with --private-key FILE (or PRIVATE_KEY)`,
    );
  }
  const prefixes = normalisePrefixes(options.prefixes ?? point.base.prefixes);
  const outside = prefixes.filter((prefix) => !point.base.prefixes.some((held) => prefix.startsWith(held)));
  if (outside.length > 0) {
    throw new BackupError(
      'BACKUP_OPTION_INVALID',
      `backup '${point.base.id}' holds only ${point.base.prefixes.map(show).join(', ')}; it cannot restore ${outside.map(show).join(', ')}`,
    );
  }
  if (options.into !== undefined && prefixes.length !== 1) {
    throw new BackupError(
      'BACKUP_OPTION_INVALID',
      '--into restores one directory: give exactly one --prefix with it',
    );
  }
  const scope: RestoreScope = {
    prefixes,
    prune: options.prune === true,
    ...(options.into !== undefined ? { into: options.into } : {}),
  };
  const backup = await openVerifiedBackup(target, point.base, {
    ...(options.privateKey !== undefined ? { privateKey: options.privateKey } : {}),
    ...(options.progress !== undefined ? { progress: options.progress } : {}),
  });
  const counts = { added: 0, changed: 0, removed: 0 };
  try {
    const revision = await client.currentRevision();
    let read = 0;
    async function* readRecords() {
      for await (const records of backup.recordBatches()) {
        read += records.length;
        options.progress?.update({ keys: read, bytes: 0 });
        yield records;
      }
    }
    const changes = planRestore(
      client,
      desiredState(
        readRecords(),
        point.deltas.flatMap((segment) => segment.changes),
        point.base.prefixes,
      ),
      scope,
      revision,
    );
    async function* counted(): AsyncGenerator<RestoreChange[]> {
      for await (const planned of changes) {
        for (const change of planned) {
          counts[change.kind === 'add' ? 'added' : change.kind === 'change' ? 'changed' : 'removed'] += 1;
          options.onChange?.(change);
        }
        yield planned;
      }
    }
    let written = 0;
    if (options.dryRun === true) {
      for await (const _change of counted()) {
        // counted() does the work
      }
    } else {
      // Progress counts the backup's keys read (their number is known), not only those written.
      options.progress?.start('restore', point.base.keyCount);
      // Records are decoded and planned while the transactions before them are in flight.
      written = await applyRestore(client, readAhead(counted(), batchesAhead), options);
      options.progress?.done({ keys: read, bytes: 0 });
    }
    return {
      backup: point.base.id,
      revision: point.revision,
      deltaSegments: point.deltas.length,
      ...counts,
      written,
      dryRun: options.dryRun === true,
    };
  } finally {
    await backup.close();
  }
}

function show(prefix: string): string {
  return prefix === '' ? 'everything' : `'${prefix}'`;
}
