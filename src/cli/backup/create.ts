// `setpoint backup create`: one full backup now (for cron users; `serve` schedules its own).
import type { Command } from 'commander';
import { createBackup } from '../../backup/create-backup.js';
import { addEtcdFlags, connect, type EtcdFlags, etcdConnectOptionsFromFlags } from '../../etcd/index.js';
import { exitStatusHelp, progressFromFlags, runAction } from './run-action.js';
import { addTargetFlags, recipientsFromFiles, type TargetFlags, targetFromFlags } from './target-flags.js';

interface CreateFlags extends EtcdFlags, TargetFlags {
  prefix?: string[];
  recipient?: string[];
  compression: string;
}

export function createCommand(backup: Command): void {
  const command = backup
    .command('create')
    .summary('back up every key, or some prefixes, at one revision')
    .description(
      'back up every key (default) or the given prefixes, read at one revision, to the target; ' +
        'the manifest is written last, so a backup cut short is never used',
    )
    .option(
      '--prefix <prefix...>',
      "key prefixes to back up, e.g. hack/ (default: everything, '_setpoint/' included)",
    )
    .option('--recipient <file...>', 'encrypt the backup to these public keys (id_rsa.pub or PEM)')
    .option('--compression <level>', 'gzip level, 1 (fast) to 9 (small)', '1')
    .addHelpText('after', exitStatusHelp);
  addTargetFlags(addEtcdFlags(command)).action((flags: CreateFlags) =>
    runAction('create', async () => {
      const target = targetFromFlags(flags);
      const recipients = await recipientsFromFiles(flags.recipient);
      const client = await connect(etcdConnectOptionsFromFlags(flags));
      try {
        const manifest = await createBackup(client, target, {
          ...(flags.prefix !== undefined ? { prefixes: flags.prefix } : {}),
          recipients,
          compressionLevel: Number(flags.compression),
          progress: progressFromFlags(flags),
        });
        process.stdout.write(
          flags.json
            ? `${JSON.stringify({ target: target.description, ...manifest })}\n`
            : `backup ${manifest.id}: ${manifest.keyCount} keys at revision ${manifest.revision}, ` +
                `${manifest.bytes} bytes in ${target.description}\n`,
        );
      } finally {
        await client.close();
      }
    }),
  );
}
