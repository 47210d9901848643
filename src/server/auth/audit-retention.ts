// How long the audit log is kept: entries older than the retention are deleted, oldest first, in one
// etcd range delete (their keys sort by time). Without it the log grows until etcd's space quota
// stops every write.
import type { EtcdClient } from '../../etcd/index.js';
import { AUDIT_PREFIX, auditPath, paddedRevision } from '../../keyspace/index.js';
import type { Logger } from '../../log/logger.js';

const dayMs = 24 * 60 * 60 * 1000;

/**
 * Deletes the audit entries recorded before `now` minus `maxAgeDays`; returns how many.
 *
 * @example
 * const { deleted } = await pruneAuditLog(client, { maxAgeDays: 365 });
 */
export async function pruneAuditLog(
  client: EtcdClient,
  options: { maxAgeDays: number; now?: Date },
): Promise<{ deleted: number }> {
  const cutoffMs = (options.now ?? new Date()).getTime() - options.maxAgeDays * dayMs;
  if (cutoffMs <= 0) return { deleted: 0 };
  // An entry's id is its time in microseconds: every key below this one is older than the cutoff.
  const below = auditPath(paddedRevision(cutoffMs * 1000));
  const response = await client.etcd.kv.deleteRange({
    key: Buffer.from(AUDIT_PREFIX, 'utf8'),
    range_end: Buffer.from(below, 'utf8'),
  });
  return { deleted: Number(response.deleted) };
}

/**
 * Prunes the audit log now and then every `intervalMs` (default one hour) until stopped.
 *
 * @example
 * const retention = startAuditRetention(client, { maxAgeDays: 365, logger });
 * await retention.stop();
 */
export function startAuditRetention(
  client: EtcdClient,
  options: { maxAgeDays: number; intervalMs?: number; logger: Logger },
): { stop(): Promise<void> } {
  const { logger } = options;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const pass = async () => {
    try {
      const { deleted } = await pruneAuditLog(client, options);
      if (deleted > 0) {
        logger.info({ deleted, maxAgeDays: options.maxAgeDays }, 'pruned audit entries past their retention');
      }
    } catch (err) {
      logger.warn({ err: (err as Error).message }, 'could not prune the audit log; trying again later');
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(
      () => {
        running = pass().then(schedule);
      },
      options.intervalMs ?? 60 * 60 * 1000,
    );
    timer.unref();
  };
  running = pass().then(schedule);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
