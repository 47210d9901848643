// `setpoint backup record`: the continuous history in the foreground, for those who run backups
// from cron instead of `setpoint serve` (which records by itself).
import type { Command } from 'commander';
import { parseDuration } from '../../agent/duration.js';
import { startDeltaRecorder } from '../../backup/deltas/delta-recorder.js';
import { BackupError } from '../../backup/errors.js';
import { addEtcdFlags, connect, type EtcdFlags, etcdConnectOptionsFromFlags } from '../../etcd/index.js';
import { createLogger } from '../../log/logger.js';
import { exitStatusHelp, runAction } from './run-action.js';
import { addTargetFlags, recipientsFromFiles, type TargetFlags, targetFromFlags } from './target-flags.js';

interface RecordFlags extends EtcdFlags, TargetFlags {
  interval: string;
  recipient?: string[];
}

export function recordCommand(backup: Command): void {
  const command = backup
    .command('record')
    .summary('record changes as delta segments (without serve)')
    .description(
      'watch every key and write the changes to the target as delta segments every --interval, so a restore ' +
        'can reach any revision after the oldest full backup; makes a first full backup when there is none. ' +
        'Runs until stopped (Ctrl-C or SIGTERM write what is pending first)',
    )
    .option('--interval <duration>', 'how often pending changes are written, e.g. 10s, 1m', '10s')
    .option('--recipient <file...>', 'encrypt the segments to these public keys')
    .addHelpText('after', exitStatusHelp);
  addTargetFlags(addEtcdFlags(command)).action((flags: RecordFlags) =>
    runAction('record', async () => {
      const target = targetFromFlags(flags);
      const intervalMs = parseDuration(flags.interval);
      if (intervalMs === undefined || intervalMs < 100) {
        throw new BackupError(
          'BACKUP_OPTION_INVALID',
          `--interval '${flags.interval}' is not a duration of at least 100ms (e.g. 10s, 1m)`,
        );
      }
      const recipients = await recipientsFromFiles(flags.recipient);
      const client = await connect(etcdConnectOptionsFromFlags(flags));
      const logger = createLogger('backup-recorder');
      const recorder = await startDeltaRecorder(client, target, { intervalMs, recipients, logger });
      logger.info({ target: target.description, from: recorder.written() }, 'recording changes');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await recorder.stop();
      await client.close();
    }),
  );
}
