// The backups `setpoint serve` runs while it leads: full backups on a cron schedule (each followed
// by pruning when a retention policy is set) and the delta recorder between them. The schedule and
// retention stored at `_setpoint/backup-settings` (the API's settings) override serve's flags and
// are followed while the service runs: a change takes effect without a restart.
import { once } from 'node:events';
import type { PublicKey } from '../crypto/index.js';
import type { EtcdClient, PrefixWatch } from '../etcd/index.js';
import { BACKUP_SETTINGS_KEY } from '../keyspace/backup-settings.js';
import type { Logger } from '../log/logger.js';
import { createBackup } from './create-backup.js';
import { type DeltaRecorder, startDeltaRecorder } from './deltas/delta-recorder.js';
import { pruneBackups } from './prune.js';
import { formatRetentionPolicy, parseRetentionPolicy, type RetentionPolicy } from './retention/index.js';
import { type RunningBackupSchedule, startBackupSchedule } from './schedule/index.js';
import { BackupServiceStatusPublisher } from './schedule/service-status.js';
import { parseStoredBackupSettings, type StoredBackupSettings } from './schedule/stored-settings.js';
import type { BackupTarget } from './target/target.js';

/**
 * What the service does. `schedule` and `retention` are the defaults (serve's flags): settings
 * stored through the API replace them while they are stored.
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
 * The settings the service applies now, and where they come from.
 *
 * @example
 * service.settings(); // { schedule: '0 4 * * *', retention: { keepDaily: 7 }, source: 'stored' }
 */
export interface AppliedBackupSettings {
  readonly schedule: string;
  readonly retention?: RetentionPolicy;
  readonly source: 'stored' | 'serve';
}

/**
 * A started backup service.
 *
 * @example
 * const service = await startBackupService(client, options);
 * service.nextRun(); // the next scheduled full backup
 * await service.stop();
 */
export interface RunningBackupService {
  settings(): AppliedBackupSettings;
  /** When the next scheduled full backup starts; null once stopped. */
  nextRun(): Date | null;
  /** Stops following the settings and the schedule (waiting for a backup in progress), then writes what the recorder holds. */
  stop(): Promise<void>;
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
  const service = await startBackupService(client, options);
  try {
    if (!signal.aborted) await once(signal, 'abort');
  } finally {
    await service.stop();
  }
}

/**
 * Starts the delta recorder and the schedule, with the stored settings when there are some, and
 * follows `_setpoint/backup-settings`: each change restarts the schedule with the new expression
 * and retention. A stored record that is not valid settings is logged and ignored (the service
 * keeps what it applies). What it applies is published at `_setpoint/backup-service`.
 *
 * @example
 * const service = await startBackupService(client, { target, schedule: '0 3 * * *', deltaIntervalMs: 10_000, logger });
 */
export async function startBackupService(
  client: EtcdClient,
  options: BackupServiceOptions,
): Promise<RunningBackupService> {
  const { target, logger } = options;
  const encryption = options.recipients?.length ? { recipients: options.recipients } : {};
  const defaults: AppliedBackupSettings = {
    schedule: options.schedule,
    ...(options.retention !== undefined ? { retention: options.retention } : {}),
    source: 'serve',
  };
  const status = new BackupServiceStatusPublisher(client, logger);
  // The target is made ready (a Swift container created) at once, so listing the backups works
  // before the first scheduled backup; if it cannot be yet, that backup tries again.
  await target.prepare().catch((err: unknown) => {
    logger.warn(
      { target: target.description, err: (err as Error).message },
      'the backup target is not ready yet; the first backup will try again',
    );
  });
  let recorder: DeltaRecorder | undefined;
  if (options.deltaIntervalMs !== false) {
    recorder = await startDeltaRecorder(client, target, {
      intervalMs: options.deltaIntervalMs,
      logger,
      ...encryption,
    });
  }

  let applied = defaults;
  let schedule: RunningBackupSchedule | undefined;
  let stopped = false;
  /** Schedules replaced while one of their backups ran: awaited on stop. */
  const retiring = new Set<Promise<void>>();
  /** The backup in progress, whichever schedule started it: runs never overlap. */
  let running: Promise<void> | undefined;

  const runOnce = async (): Promise<void> => {
    if (running !== undefined) {
      logger.warn('skipped a scheduled backup: the previous one is still running');
      return;
    }
    running = (async () => {
      const manifest = await createBackup(client, target, encryption);
      logger.info(
        { backup: manifest.id, keys: manifest.keyCount, bytes: manifest.bytes, target: target.description },
        'full backup made',
      );
      const retention = applied.retention;
      if (retention !== undefined) {
        const pruned = await pruneBackups(target, retention);
        if (
          pruned.removed.length > 0 ||
          pruned.deltasRemoved.length > 0 ||
          pruned.orphanedPartsRemoved.length > 0
        ) {
          logger.info(
            {
              removed: pruned.removed,
              deltasRemoved: pruned.deltasRemoved.length,
              orphanedPartsRemoved: pruned.orphanedPartsRemoved.length,
            },
            'pruned backups',
          );
        }
      }
    })();
    try {
      await running;
    } finally {
      running = undefined;
    }
  };

  const apply = async (wanted: AppliedBackupSettings, problem: string | null): Promise<void> => {
    if (stopped) return;
    const unchanged =
      schedule !== undefined &&
      wanted.schedule === applied.schedule &&
      retentionText(wanted.retention) === retentionText(applied.retention) &&
      wanted.source === applied.source;
    if (!unchanged) {
      // Start the new schedule before retiring the old one, so a bad expression leaves the old running.
      const next = startBackupSchedule({ cron: wanted.schedule, logger, run: runOnce });
      const previous = schedule;
      schedule = next;
      applied = wanted;
      if (previous !== undefined) {
        const retired = previous.stop().finally(() => retiring.delete(retired));
        retiring.add(retired);
      }
      logger.info(
        {
          target: target.description,
          schedule: wanted.schedule,
          retention: retentionText(wanted.retention),
          source: wanted.source,
          next: next.nextRun()?.toISOString(),
        },
        previous === undefined ? 'backups scheduled' : 'backup settings changed: schedule restarted',
      );
    }
    await status.publish({
      schedule: applied.schedule,
      retention: retentionText(applied.retention),
      source: applied.source,
      problem,
    });
  };

  const fromStored = async (stored: { value: Buffer; modRevision: number } | undefined): Promise<void> => {
    if (stored === undefined) return apply(defaults, null);
    let settings: StoredBackupSettings;
    try {
      settings = parseStoredBackupSettings(stored.value, stored.modRevision);
    } catch (err) {
      const problem = (err as Error).message;
      logger.error({ err }, 'ignoring the stored backup settings');
      return apply(schedule === undefined ? defaults : applied, problem);
    }
    return apply(
      {
        schedule: settings.schedule,
        retention: parseRetentionPolicy(settings.retention),
        source: 'stored',
      },
      null,
    );
  };

  let watch: PrefixWatch | undefined;
  try {
    const snapshot = await client.rangeSnapshot(BACKUP_SETTINGS_KEY);
    await fromStored(storedIn(snapshot.kvs));
    watch = client.watchPrefix(BACKUP_SETTINGS_KEY, {
      fromRevision: snapshot.revision,
      onEvents: async (batch) => {
        const event = batch.events.findLast((e) => e.kv.key === BACKUP_SETTINGS_KEY);
        if (event === undefined) return;
        await fromStored(
          event.type === 'put' ? { value: event.kv.value, modRevision: event.kv.modRevision } : undefined,
        );
      },
      onResync: (fresh) => fromStored(storedIn(fresh.kvs)),
    });
    watch.done.catch((err: unknown) =>
      logger.error({ err }, 'stopped following the backup settings; restart serve to follow them again'),
    );
  } catch (err) {
    await schedule?.stop();
    await status.stop();
    await recorder?.stop();
    throw err;
  }

  return {
    settings: () => applied,
    nextRun: () => (stopped ? null : (schedule?.nextRun() ?? null)),
    async stop() {
      if (stopped) return;
      stopped = true;
      await watch?.stop();
      await schedule?.stop();
      await Promise.all(retiring);
      await status.stop();
      await recorder?.stop();
    },
  };
}

function storedIn(
  kvs: readonly { key: string; value: Buffer; modRevision: number }[],
): { value: Buffer; modRevision: number } | undefined {
  const kv = kvs.find((candidate) => candidate.key === BACKUP_SETTINGS_KEY);
  return kv === undefined ? undefined : { value: kv.value, modRevision: kv.modRevision };
}

function retentionText(policy: RetentionPolicy | undefined): string | null {
  return policy === undefined ? null : formatRetentionPolicy(policy);
}
