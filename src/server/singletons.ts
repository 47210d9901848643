// The parts of `setpoint serve` that must run once per cluster — the history recorder, the backups
// and the audit log's retention — each run by whichever server holds its role (an etcd lease; see
// etcd/leadership.ts).
import { once } from 'node:events';
import { type BackupServiceOptions, runBackupService } from '../backup/backup-service.js';
import { type EtcdClient, type Leadership, runAsLeader } from '../etcd/index.js';
import type { Logger } from '../log/logger.js';
import { startAuditRetention } from './auth/index.js';
import { startHistoryRecorder } from './history/index.js';

/**
 * Which singletons to run.
 *
 * @example
 * startSingletons(client, { history: true, backups: { target, schedule: '0 3 * * *', deltaIntervalMs: 10_000, logger }, auditRetentionDays: 365, logger });
 */
export interface SingletonOptions {
  history: boolean;
  backups?: BackupServiceOptions;
  /** Days the audit log keeps its entries; false: forever. */
  auditRetentionDays: number | false;
  logger: Logger;
}

/**
 * Campaigns for each role; returns a stop that ends every term and resigns.
 *
 * @example
 * const singletons = startSingletons(client, options);
 * await singletons.stop();
 */
export function startSingletons(client: EtcdClient, options: SingletonOptions): { stop(): Promise<void> } {
  const roles: Leadership[] = [];
  if (options.history) {
    const logger = options.logger.child({ role: 'history-recorder' });
    roles.push(
      runAsLeader(client, 'history-recorder', {
        // runAsLeader names the role in its own log lines.
        logger: options.logger,
        onElected: async (signal) => {
          const recorder = startHistoryRecorder(client, { logger });
          await Promise.race([recorder.done, signal.aborted ? undefined : once(signal, 'abort')]);
          await recorder.stop();
        },
      }),
    );
  }
  if (options.backups !== undefined) {
    const backups = { ...options.backups, logger: options.logger.child({ role: 'backups' }) };
    roles.push(
      runAsLeader(client, 'backups', {
        logger: options.logger,
        onElected: (signal) => runBackupService(client, backups, signal),
      }),
    );
  }
  const { auditRetentionDays } = options;
  if (auditRetentionDays !== false) {
    const logger = options.logger.child({ role: 'audit-retention' });
    roles.push(
      runAsLeader(client, 'audit-retention', {
        logger: options.logger,
        onElected: async (signal) => {
          const running = startAuditRetention(client, { maxAgeDays: auditRetentionDays, logger });
          if (!signal.aborted) await once(signal, 'abort');
          await running.stop();
        },
      }),
    );
  }
  return {
    async stop() {
      await Promise.all(roles.map((role) => role.stop()));
    },
  };
}
