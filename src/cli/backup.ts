// `setpoint backup create / ls / show / verify / restore / prune / record`: backups to Swift or a folder.
import type { Command } from 'commander';
import { createCommand } from './backup/create.js';
import { listCommands } from './backup/list.js';
import { pruneCommand } from './backup/prune.js';
import { recordCommand } from './backup/record.js';
import { restoreCommand } from './backup/restore.js';
import { verifyCommand } from './backup/verify.js';

export function backupCommand(program: Command): void {
  const backup = program
    .command('backup')
    .description(
      'full backups, continuous delta segments and point-in-time restores, to OpenStack Swift or a folder',
    );
  createCommand(backup);
  listCommands(backup);
  verifyCommand(backup);
  restoreCommand(backup);
  pruneCommand(backup);
  recordCommand(backup);
  // A flag commander refuses (a bad time, a missing value) is wrong usage: status 2, as documented.
  for (const command of backup.commands)
    command.exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));
}
