// `setpoint backup verify [ID]`: reads a backup (default: every usable one) and checks every byte.
import type { Command } from 'commander';
import { BackupError } from '../../backup/errors.js';
import { findBackup, listBackups } from '../../backup/inventory.js';
import { verifyBackup } from '../../backup/read-backup.js';
import { exitStatus, exitStatusHelp, progressFromFlags, runAction } from './run-action.js';
import {
  addPrivateKeyFlag,
  addTargetFlags,
  type KeyFlags,
  privateKeyFromFlags,
  type TargetFlags,
  targetFromFlags,
} from './target-flags.js';

export function verifyCommand(backup: Command): void {
  addPrivateKeyFlag(
    addTargetFlags(
      backup
        .command('verify')
        .summary('check every byte of one backup, or of all')
        .description(
          'download a backup and check its size and SHA-256 against its manifest, each Swift segment against the ' +
            'large object manifest, and (when it can be opened) every record; default: every usable backup',
        )
        .argument('[id]', 'the backup, as `ls` lists it')
        .addHelpText('after', exitStatusHelp),
    ),
  ).action((id: string | undefined, flags: TargetFlags & KeyFlags) =>
    runAction('verify', async () => {
      const target = targetFromFlags(flags);
      const privateKey = await privateKeyFromFlags(flags);
      const manifests =
        id !== undefined
          ? [await findBackup(target, id)]
          : (await listBackups(target)).flatMap((entry) =>
              entry.status === 'usable' ? [entry.manifest] : [],
            );
      let failed = 0;
      for (const manifest of manifests) {
        try {
          const { keys } = await verifyBackup(target, manifest, {
            ...(privateKey !== undefined ? { privateKey } : {}),
            progress: progressFromFlags(flags),
          });
          const what =
            keys === undefined
              ? 'bytes intact (encrypted: records not read without --private-key)'
              : `${keys} keys intact`;
          process.stdout.write(
            flags.json
              ? `${JSON.stringify({ id: manifest.id, ok: true, keys })}\n`
              : `${manifest.id}: ok, ${what}\n`,
          );
        } catch (err) {
          if (!(err instanceof BackupError)) throw err;
          failed += 1;
          process.stdout.write(
            flags.json
              ? `${JSON.stringify({ id: manifest.id, ok: false, code: err.code, error: err.message })}\n`
              : `${manifest.id}: ${err.message}\n`,
          );
        }
      }
      if (failed > 0) process.exit(exitStatus.damaged);
    }),
  );
}
