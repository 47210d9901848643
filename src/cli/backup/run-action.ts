// How a backup command ends: its error printed as one clear line, and an exit status scripts can trust.
import { BackupError } from '../../backup/errors.js';
import { type Progress, progressReporter, silentProgress } from '../../backup/progress.js';
import { RetentionPolicyError } from '../../backup/retention/index.js';
import { ScheduleError } from '../../backup/schedule/index.js';
import { SwiftError } from '../../backup/swift/index.js';
import type { TargetFlags } from './target-flags.js';

/** Exit statuses of `setpoint backup` commands. */
export const exitStatus = {
  failed: 1,
  usage: 2,
  conflict: 3,
  damaged: 4,
} as const;

/**
 * Runs a command's action; prints a failure as `setpoint backup NAME: message` and exits with its status.
 *
 * @example
 * .action((flags) => runAction('create', () => create(flags)))
 */
export async function runAction(name: string, action: () => Promise<void>): Promise<void> {
  try {
    await action();
  } catch (err) {
    process.stderr.write(`setpoint backup ${name}: ${(err as Error).message}\n`);
    process.exit(statusOf(err));
  }
}

function statusOf(err: unknown): number {
  if (err instanceof RetentionPolicyError || err instanceof ScheduleError) return exitStatus.usage;
  // A container that does not exist is a mistyped --target far more often than a lost one.
  if (
    err instanceof SwiftError &&
    (err.code === 'SWIFT_CONFIG_MISSING' || err.code === 'SWIFT_CONTAINER_NOT_FOUND')
  )
    return exitStatus.usage;
  if (!(err instanceof BackupError)) return exitStatus.failed;
  switch (err.code) {
    case 'BACKUP_TARGET_INVALID':
    case 'BACKUP_OPTION_INVALID':
      return exitStatus.usage;
    case 'RESTORE_CONFLICT':
      return exitStatus.conflict;
    case 'BACKUP_CORRUPT':
    case 'BACKUP_INCOMPLETE':
      return exitStatus.damaged;
    default:
      return exitStatus.failed;
  }
}

/** Progress on stderr unless --no-progress: a bar on a terminal, JSON lines otherwise or with --json. */
export function progressFromFlags(flags: TargetFlags): Progress {
  return flags.progress ? progressReporter({ stream: process.stderr, json: flags.json }) : silentProgress;
}

export const exitStatusHelp =
  '\nExit status: 0 done, 1 failed, 2 wrong usage (bad target, a Swift container that does not exist included; ' +
  'option or policy), 3 a restore met a concurrent change (nothing of the failing transaction was written), ' +
  '4 the backup is damaged or incomplete.';
