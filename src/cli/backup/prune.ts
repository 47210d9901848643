// `setpoint backup prune --keep-daily 7 ...`: applies a retention policy to the target.
import type { Command } from 'commander';
import { pruneBackups } from '../../backup/prune.js';
import { parseRetentionPolicy, type RetentionFlags } from '../../backup/retention/index.js';
import { exitStatusHelp, runAction } from './run-action.js';
import { addTargetFlags, type TargetFlags, targetFromFlags } from './target-flags.js';

interface PruneFlags extends TargetFlags, RetentionFlags {
  dryRun: boolean;
}

export function pruneCommand(backup: Command): void {
  addTargetFlags(
    backup
      .command('prune')
      .summary('remove backups a retention policy does not keep')
      .description(
        "remove full backups a retention policy does not keep (restic's forget rules: the newest backup of each\n" +
          'of the last N hours/days/weeks/months; a backup any rule keeps is kept; the newest is never removed), ' +
          'incomplete backups and parts of failed uploads (Swift segments no object refers to) older than a day, ' +
          'and delta segments older than the oldest kept backup',
      )
      .option('--keep-last <n>', 'keep the n newest backups')
      .option('--keep-hourly <n>', 'keep the newest backup of each of the last n hours that have one')
      .option('--keep-daily <n>', 'keep the newest backup of each of the last n days (UTC) that have one')
      .option('--keep-weekly <n>', 'keep the newest backup of each of the last n ISO weeks that have one')
      .option('--keep-monthly <n>', 'keep the newest backup of each of the last n months that have one')
      .option('--max-age-days <n>', 'remove backups older than n days (except the newest)')
      .option('--dry-run', 'print what would be removed, remove nothing', false)
      .addHelpText('after', exitStatusHelp),
  ).action((flags: PruneFlags) =>
    runAction('prune', async () => {
      const policy = parseRetentionPolicy(flags);
      const target = targetFromFlags(flags);
      const result = await pruneBackups(target, policy, { dryRun: flags.dryRun });
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(result)}\n`);
        return;
      }
      const verb = flags.dryRun ? 'would remove' : 'removed';
      for (const { id, reason } of result.removed) process.stdout.write(`${verb} ${id}: ${reason}\n`);
      const orphans = result.orphanedPartsRemoved;
      if (orphans.length > 0) {
        const bytes = orphans.reduce((sum, part) => sum + part.bytes, 0);
        process.stdout.write(
          `${verb} ${orphans.length} parts of failed uploads (${bytes} bytes) that nothing refers to, ` +
            `e.g. ${orphans[0]!.name}\n`,
        );
      }
      process.stdout.write(
        `${result.kept.length} kept, ${result.removed.length} ${verb}, ${result.deltasRemoved.length} delta segments ${verb}\n`,
      );
    }),
  );
}
