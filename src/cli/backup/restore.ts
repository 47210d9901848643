// `setpoint backup restore [BACKUP] [--at TIME | --revision R] [--prefix P]... [--into Q] [--dry-run] [--prune]`
import { type Command, InvalidArgumentError } from 'commander';
import { BackupError } from '../../backup/errors.js';
import type { RestoreChange } from '../../backup/restore/plan.js';
import { restore } from '../../backup/restore/restore.js';
import { addEtcdFlags, connect, type EtcdFlags, etcdConnectOptionsFromFlags } from '../../etcd/index.js';
import { exitStatusHelp, progressFromFlags, runAction } from './run-action.js';
import {
  addPrivateKeyFlag,
  addTargetFlags,
  type KeyFlags,
  privateKeyFromFlags,
  type TargetFlags,
  targetFromFlags,
} from './target-flags.js';

interface RestoreFlags extends EtcdFlags, TargetFlags, KeyFlags {
  at?: Date;
  revision?: number;
  prefix?: string[];
  into?: string;
  dryRun: boolean;
  prune: boolean;
}

export function restoreCommand(backup: Command): void {
  const command = backup
    .command('restore')
    .summary('restore as of a backup, a revision or a time')
    .description(
      'restore keys as they were in a backup, at a revision or at a time (full backup + delta segments). ' +
        'Every hash is checked before etcd is touched; writes are transactions that compare each key with the ' +
        'revision read, so a concurrent change stops the restore instead of being overwritten',
    )
    .argument('[backup]', 'start from this backup (default: the newest one at or before the point asked for)')
    .option('--at <time>', 'the state at this time (ISO 8601, e.g. 2026-11-30T06:00:00Z)', parseTime)
    .option('--revision <revision>', 'the state at this etcd revision', parseRevision)
    .option(
      '--prefix <prefix...>',
      'restore only keys under these prefixes, e.g. hack/ (default: all the backup holds)',
    )
    .option('--into <prefix>', 'restore the single --prefix under this prefix instead, e.g. hack-restored/')
    .option('--dry-run', 'print what would be added (+), changed (~) and removed (-), write nothing', false)
    .option(
      '--prune',
      'remove keys that did not exist at the restored point (keys on a lease are never touched)',
      false,
    )
    .addHelpText('after', `\nValues are never printed, only key names and sizes.${exitStatusHelp}`);
  addPrivateKeyFlag(addTargetFlags(addEtcdFlags(command))).action(
    (id: string | undefined, flags: RestoreFlags) =>
      runAction('restore', async () => {
        if (flags.at !== undefined && flags.revision !== undefined) {
          throw new BackupError('BACKUP_OPTION_INVALID', 'give --at or --revision, not both');
        }
        const target = targetFromFlags(flags);
        const privateKey = await privateKeyFromFlags(flags);
        const client = await connect(etcdConnectOptionsFromFlags(flags));
        const changes: { kind: string; key: string; bytes: number }[] = [];
        const print = (change: RestoreChange) => {
          const key = change.key.toString('utf8');
          if (flags.json) changes.push({ kind: change.kind, key, bytes: change.value.length });
          else if (flags.dryRun) {
            const sign = change.kind === 'add' ? '+' : change.kind === 'change' ? '~' : '-';
            process.stdout.write(
              `${sign} ${key}${change.kind === 'remove' ? '' : ` (${change.value.length} bytes)`}\n`,
            );
          }
        };
        try {
          const summary = await restore(client, target, {
            ...(id !== undefined ? { backupId: id } : {}),
            ...(flags.at !== undefined ? { at: flags.at } : {}),
            ...(flags.revision !== undefined ? { revision: flags.revision } : {}),
            ...(flags.prefix !== undefined ? { prefixes: flags.prefix } : {}),
            ...(flags.into !== undefined ? { into: flags.into } : {}),
            ...(privateKey !== undefined ? { privateKey } : {}),
            dryRun: flags.dryRun,
            prune: flags.prune,
            progress: progressFromFlags(flags),
            onChange: print,
          });
          if (flags.json) {
            process.stdout.write(`${JSON.stringify({ ...summary, ...(flags.dryRun ? { changes } : {}) })}\n`);
            return;
          }
          const counts = `${summary.added} to add, ${summary.changed} to change, ${summary.removed} to remove`;
          process.stdout.write(
            summary.dryRun
              ? `dry run: revision ${summary.revision} from backup ${summary.backup} (+${summary.deltaSegments} delta segments): ${counts}; nothing written\n`
              : `restored revision ${summary.revision} from backup ${summary.backup} (+${summary.deltaSegments} delta segments): ` +
                  `${summary.added} added, ${summary.changed} changed, ${summary.removed} removed\n`,
          );
        } finally {
          await client.close();
        }
      }),
  );
}

function parseTime(text: string): Date {
  const time = new Date(text);
  if (Number.isNaN(time.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(text)) {
    throw new InvalidArgumentError(
      `'${text}' is not a time; write it as ISO 8601, e.g. 2026-11-30T06:00:00Z`,
    );
  }
  return time;
}

function parseRevision(text: string): number {
  const revision = Number(text);
  if (!Number.isSafeInteger(revision) || revision < 1) {
    throw new InvalidArgumentError(`'${text}' is not a revision (a positive integer)`);
  }
  return revision;
}
