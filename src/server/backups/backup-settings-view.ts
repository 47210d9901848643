// What an admin sees of the backup settings: those in effect (stored, else serve's flags), when the
// next full backup comes, and what the running backup service reports it applies.
import type { BackupServiceOptions } from '../../backup/backup-service.js';
import { formatRetentionPolicy } from '../../backup/retention/index.js';
import { parseSchedule } from '../../backup/schedule/index.js';
import { type BackupServiceStatus, readBackupServiceStatus } from '../../backup/schedule/service-status.js';
import {
  readStoredBackupSettings,
  type StoredBackupSettings,
} from '../../backup/schedule/stored-settings.js';
import type { EtcdClient } from '../../etcd/index.js';
import { BACKUP_SETTINGS_KEY } from '../../keyspace/backup-settings.js';

/**
 * The backup settings as the API shows them.
 *
 * @example
 * const view = await describeBackupSettings(client, context.backups);
 * view.service?.nextRun; // when the running service makes the next full backup
 */
export interface BackupSettingsView {
  /** In effect: the stored settings when there are some, else serve's flags. */
  readonly schedule: string;
  readonly retention: string | null;
  readonly source: 'stored' | 'serve';
  /** The next time the schedule in effect fires (UTC, ISO 8601). */
  readonly nextRun: string | null;
  /** The stored record's mod revision (0: none stored), for If-Match. */
  readonly modRevision: number;
  readonly stored: Omit<StoredBackupSettings, 'modRevision'> | null;
  /** Why the stored record cannot be used, when it cannot. */
  readonly storedProblem: string | null;
  /** serve's flags: what applies when nothing is stored. */
  readonly defaults: { readonly schedule: string; readonly retention: string | null };
  /** What the running backup service (on whichever server leads) applies; null when none runs. */
  readonly service: (BackupServiceStatus & { readonly nextRun: string | null }) | null;
  readonly target: string;
  /** Delta segments are written this often (ms); null: off. */
  readonly deltaIntervalMs: number | null;
  /** Key ids backups are encrypted to; empty: not encrypted. */
  readonly encryptedTo: readonly string[];
}

/**
 * Reads the stored settings and the service's status and puts them together with serve's flags.
 *
 * @example
 * reply.send(await describeBackupSettings(client, context.backups));
 */
export async function describeBackupSettings(
  client: EtcdClient,
  defaults: BackupServiceOptions,
  now: Date = new Date(),
): Promise<BackupSettingsView> {
  let stored: StoredBackupSettings | undefined;
  let storedProblem: string | null = null;
  try {
    stored = await readStoredBackupSettings(client);
  } catch (err) {
    if ((err as { code?: string }).code !== 'BACKUP_SETTINGS_INVALID') throw err;
    storedProblem = (err as Error).message;
  }
  const service = await readBackupServiceStatus(client);
  const flags = {
    schedule: defaults.schedule,
    retention: defaults.retention === undefined ? null : formatRetentionPolicy(defaults.retention),
  };
  const effective = stored ?? flags;
  const modRevision = stored?.modRevision ?? (storedProblem === null ? 0 : await storedRevision(client));
  return {
    schedule: effective.schedule,
    retention: effective.retention,
    source: stored === undefined ? 'serve' : 'stored',
    nextRun: nextRunOf(effective.schedule, now),
    modRevision,
    stored:
      stored === undefined
        ? null
        : {
            schedule: stored.schedule,
            retention: stored.retention,
            updatedAt: stored.updatedAt,
            updatedBy: stored.updatedBy,
          },
    storedProblem,
    defaults: flags,
    service: service === undefined ? null : { ...service, nextRun: nextRunOf(service.schedule, now) },
    target: defaults.target.description,
    deltaIntervalMs: defaults.deltaIntervalMs === false ? null : defaults.deltaIntervalMs,
    encryptedTo: (defaults.recipients ?? []).map((recipient) => recipient.keyId),
  };
}

function nextRunOf(schedule: string, now: Date): string | null {
  try {
    return parseSchedule(schedule).nextRun(now)?.toISOString() ?? null;
  } catch {
    return null;
  }
}

async function storedRevision(client: EtcdClient): Promise<number> {
  const kv = (await client.etcd.get(BACKUP_SETTINGS_KEY).exec()).kvs[0];
  return kv === undefined ? 0 : Number(kv.mod_revision);
}
