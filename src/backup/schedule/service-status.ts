// The running backup service's account of itself, kept at `_setpoint/backup-service` on a lease:
// which schedule and retention it applies, where they came from, since when, and where it runs.
// The service writes it each time it (re)applies its settings; it disappears with the service.
import { hostname } from 'node:os';
import type { Lease } from 'etcd3';
import { z } from 'zod';
import type { EtcdClient } from '../../etcd/index.js';
import { BACKUP_SERVICE_KEY } from '../../keyspace/backup-settings.js';
import type { Logger } from '../../log/logger.js';

/**
 * What the running backup service applies.
 *
 * @example
 * const status = await readBackupServiceStatus(client);
 * status?.schedule; // '0 4 * * *'
 */
export interface BackupServiceStatus {
  readonly schedule: string;
  /** As `formatRetentionPolicy` writes it; null: every backup is kept. */
  readonly retention: string | null;
  /** `stored`: the settings at `_setpoint/backup-settings`; `serve`: serve's flags. */
  readonly source: 'stored' | 'serve';
  /** When the service started applying these settings. */
  readonly appliedAt: string;
  readonly host: string;
  readonly pid: number;
  /** Why the stored settings are not applied (an unreadable record), else null. */
  readonly problem: string | null;
}

const statusSchema = z.object({
  schedule: z.string(),
  retention: z.string().nullable(),
  source: z.enum(['stored', 'serve']),
  appliedAt: z.string(),
  host: z.string(),
  pid: z.number().int(),
  problem: z.string().nullable(),
});

/**
 * The running service's status, or undefined when no backup service runs (or its record is
 * unreadable: a newer Setpoint may write more).
 *
 * @example
 * const status = await readBackupServiceStatus(client);
 */
export async function readBackupServiceStatus(client: EtcdClient): Promise<BackupServiceStatus | undefined> {
  const kv = (await client.etcd.get(BACKUP_SERVICE_KEY).exec()).kvs[0];
  if (kv === undefined) return undefined;
  try {
    const parsed = statusSchema.safeParse(JSON.parse(kv.value.toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Writes the service's status on a lease of its own (kept alive by etcd3), so the record vanishes
 * when the service dies; `stop` revokes it at once. A write that fails (etcd away) is tried again.
 *
 * @example
 * const publisher = new BackupServiceStatusPublisher(client, logger);
 * publisher.publish({ schedule: '0 3 * * *', retention: 'keep-daily=7', source: 'serve', problem: null });
 * await publisher.stop();
 */
export class BackupServiceStatusPublisher {
  private lease: Lease | undefined;
  private latest: string | undefined;
  private writing: Promise<void> = Promise.resolve();
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly client: EtcdClient,
    private readonly logger: Logger,
    private readonly ttlSeconds = 15,
  ) {}

  /** Records what the service applies now; resolves once it is in etcd (or the write failed and will be retried). */
  publish(status: Omit<BackupServiceStatus, 'appliedAt' | 'host' | 'pid'>, now = new Date()): Promise<void> {
    const record: BackupServiceStatus = {
      ...status,
      appliedAt: now.toISOString(),
      host: hostname(),
      pid: process.pid,
    };
    this.latest = JSON.stringify(record);
    return this.write();
  }

  /** Revokes the lease: the record disappears now. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.writing;
    const lease = this.lease;
    this.lease = undefined;
    await lease?.revoke().catch(() => undefined);
  }

  private write(): Promise<void> {
    this.writing = this.writing.then(async () => {
      const value = this.latest;
      if (this.stopped || value === undefined) return;
      try {
        const lease = await this.currentLease();
        await lease.put(BACKUP_SERVICE_KEY).value(value).exec();
      } catch (err) {
        this.logger.warn({ err }, 'cannot record the backup service status yet; retrying in 2 s');
        clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(() => void this.write(), 2_000);
        this.retryTimer.unref();
      }
    });
    return this.writing;
  }

  private async currentLease(): Promise<Lease> {
    if (this.lease !== undefined) return this.lease;
    const lease = this.client.etcd.lease(this.ttlSeconds);
    lease.on('lost', () => {
      if (this.lease !== lease) return;
      this.logger.warn('the backup service status lease was lost; writing the status on a new one');
      this.lease = undefined;
      void this.write();
    });
    try {
      await lease.grant();
    } catch (err) {
      await lease.revoke().catch(() => undefined);
      throw err;
    }
    this.lease = lease;
    return lease;
  }
}
