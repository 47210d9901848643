// The backups `setpoint serve` runs while it leads: full backups on a cron schedule (each followed
// by pruning when a retention policy is set) and the delta recorder between them.
import { once } from 'node:events';
import type { PublicKey } from '../crypto/index.js';
import type { EtcdClient } from '../etcd/index.js';
import type { Logger } from '../log/logger.js';
import { createBackup } from './create-backup.js';
import { type DeltaRecorder, startDeltaRecorder } from './deltas/delta-recorder.js';
import { pruneBackups } from './prune.js';
import type { RetentionPolicy } from './retention/index.js';
import { startBackupSchedule } from './schedule/index.js';
import type { BackupTarget } from './target/target.js';

/**
 * What the service does.
 *
 * @example
 * const options: BackupServiceOptions = { target, schedule: '0 3 * * *', retention: { keepDaily: 7 }, deltaIntervalMs: 10_000, logger };
 */
export interface BackupServiceOptions {
  target: BackupTarget;
  /** Cron expression of full backups (UTC). */
  schedule: string;
  /** Applied after each scheduled backup; none: every backup is kept. */
  retention?: RetentionPolicy;
  /** How often the delta recorder writes; `false`: no continuous history. */
  deltaIntervalMs: number | false;
  recipients?: readonly PublicKey[];
  logger: Logger;
}

/**
 * Runs until `signal` aborts, then stops the schedule and writes what the recorder holds.
 *
 * @example
 * runAsLeader(client, 'backups', { logger, onElected: (signal) => runBackupService(client, options, signal) });
 */
export async function runBackupService(
  client: EtcdClient,
  options: BackupServiceOptions,
  signal: AbortSignal,
): Promise<void> {
  const { target, logger } = options;
  const encryption = options.recipients?.length ? { recipients: options.recipients } : {};
  let recorder: DeltaRecorder | undefined;
  if (options.deltaIntervalMs !== false) {
    recorder = await startDeltaRecorder(client, target, {
      intervalMs: options.deltaIntervalMs,
      logger,
      ...encryption,
    });
  }
  const schedule = startBackupSchedule({
    cron: options.schedule,
    logger,
    run: async () => {
      const manifest = await createBackup(client, target, encryption);
      logger.info(
        { backup: manifest.id, keys: manifest.keyCount, bytes: manifest.bytes, target: target.description },
        'full backup made',
      );
      if (options.retention !== undefined) {
        const pruned = await pruneBackups(target, options.retention);
        if (pruned.removed.length > 0 || pruned.deltasRemoved.length > 0) {
          logger.info(
            { removed: pruned.removed, deltasRemoved: pruned.deltasRemoved.length },
            'pruned backups',
          );
        }
      }
    },
  });
  logger.info(
    { target: target.description, schedule: options.schedule, next: schedule.nextRun()?.toISOString() },
    'backups scheduled',
  );
  if (!signal.aborted) await once(signal, 'abort');
  await schedule.stop();
  await recorder?.stop();
}
