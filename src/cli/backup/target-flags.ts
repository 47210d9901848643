// The flags every `setpoint backup` command shares: where backups are, how to reach Swift, keys.
import { type Command, InvalidArgumentError } from 'commander';
import { DEFAULT_TARGET, openTarget } from '../../backup/target/open-target.js';
import type { BackupTarget } from '../../backup/target/target.js';
import type { PrivateKey, PublicKey } from '../../crypto/index.js';
import { readPrivateKeyFile, readPublicKeyFile } from '../input.js';

export interface TargetFlags {
  target?: string;
  segmentSize?: number;
  json: boolean;
  progress: boolean;
}

export interface KeyFlags {
  privateKey?: string;
}

/** Adds --target, --segment-size, --json and --no-progress. */
export function addTargetFlags<C extends Command>(command: C): C {
  command
    .option(
      '--target <target>',
      `swift:CONTAINER[/PREFIX] or file:PATH (default: $SETPOINT_BACKUP_TARGET, else ${DEFAULT_TARGET}); ` +
        'Swift credentials from ST_AUTH/ST_USER/ST_KEY (TempAuth) or OS_AUTH_URL, OS_USERNAME, OS_PASSWORD, ' +
        'OS_PROJECT_NAME, OS_USER_DOMAIN_NAME, OS_PROJECT_DOMAIN_NAME, OS_REGION_NAME, OS_INTERFACE or ' +
        'OS_APPLICATION_CREDENTIAL_ID/_SECRET (Keystone v3)',
    )
    .option(
      '--segment-size <MiB>',
      'Swift: objects larger than this are uploaded as Static Large Objects in segments of this size (default 32)',
      mebibytes,
    )
    .option('--json', 'print the result as JSON (and progress as JSON lines on stderr)', false)
    .option('--no-progress', 'no progress on stderr');
  return command;
}

/** Adds --private-key. */
export function addPrivateKeyFlag<C extends Command>(command: C): C {
  command.option(
    '--private-key <file>',
    'private key that opens an encrypted backup (default: $PRIVATE_KEY; an encrypted key file takes SETPOINT_KEY_PASSPHRASE)',
  );
  return command;
}

export function targetFromFlags(flags: TargetFlags): BackupTarget {
  return openTarget(flags.target ?? process.env.SETPOINT_BACKUP_TARGET ?? DEFAULT_TARGET, {
    env: process.env,
    ...(flags.segmentSize !== undefined ? { segmentSize: flags.segmentSize } : {}),
  });
}

export async function privateKeyFromFlags(flags: KeyFlags): Promise<PrivateKey | undefined> {
  const path = flags.privateKey ?? process.env.PRIVATE_KEY;
  return path === undefined || path === '' ? undefined : readPrivateKeyFile(path);
}

export async function recipientsFromFiles(files: readonly string[] | undefined): Promise<PublicKey[]> {
  return Promise.all((files ?? []).map(readPublicKeyFile));
}

function mebibytes(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 1 || value > 5 * 1024) {
    throw new InvalidArgumentError('give a size in MiB between 1 and 5120 (Swift objects are at most 5 GiB)');
  }
  return Math.round(value * 1024 * 1024);
}
