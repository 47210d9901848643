// `--target swift:CONTAINER[/PREFIX]` or `--target file:PATH`: opens the target a backup command
// names, with Swift credentials from the usual OpenStack variables.
import type { Logger } from '../../log/logger.js';
import { BackupError } from '../errors.js';
import { SwiftClient, swiftAuthFromEnvironment } from '../swift/index.js';
import { fileTarget } from './file-target.js';
import { swiftTarget } from './swift-target.js';
import type { BackupTarget } from './target.js';

/** Where backups go when no target is given: beside the embedded store's data. */
export const DEFAULT_TARGET = 'file:./setpoint-data/backups';

/**
 * How to reach the target.
 *
 * @example
 * openTarget('swift:backups/prod', { env: process.env, segmentSize: 64 * 1024 * 1024 });
 */
export interface OpenTargetOptions {
  env: NodeJS.ProcessEnv;
  /** Swift: objects larger than this are Static Large Objects made of segments this size. */
  segmentSize?: number;
  /** Swift: segments uploaded at once. */
  concurrency?: number;
  logger?: Logger;
}

/**
 * Opens a target from its description.
 *
 * @example
 * const target = openTarget('file:/var/backups/setpoint', { env: process.env });
 */
export function openTarget(spec: string, options: OpenTargetOptions): BackupTarget {
  const colon = spec.indexOf(':');
  const kind = colon < 0 ? '' : spec.slice(0, colon);
  const rest = spec.slice(colon + 1);
  if (kind === 'file' && rest !== '') return fileTarget(rest);
  if (kind === 'swift' && rest !== '') {
    const slash = rest.indexOf('/');
    const container = slash < 0 ? rest : rest.slice(0, slash);
    const prefix = slash < 0 ? '' : rest.slice(slash + 1);
    if (container === '') throw invalid(spec);
    const client = new SwiftClient({
      auth: swiftAuthFromEnvironment(options.env),
      ...(options.segmentSize !== undefined ? { segmentSize: options.segmentSize } : {}),
      ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
      ...(options.logger !== undefined ? { logger: options.logger } : {}),
    });
    return swiftTarget(client, container, prefix);
  }
  throw invalid(spec);
}

function invalid(spec: string): BackupError {
  return new BackupError(
    'BACKUP_TARGET_INVALID',
    `--target '${spec}' is not a backup target: use swift:CONTAINER[/PREFIX] (credentials from ST_AUTH/ST_USER/ST_KEY ` +
      'or OS_AUTH_URL and the other OS_* variables) or file:PATH',
  );
}
