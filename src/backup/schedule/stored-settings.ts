// Backup settings kept in the keyspace: the schedule and retention an admin chose (through the
// API), checked with the same parsers as serve's flags. When none are stored, serve's flags apply.
import { z } from 'zod';
import type { EtcdClient } from '../../etcd/index.js';
import { BACKUP_SETTINGS_KEY } from '../../keyspace/backup-settings.js';
import { deleteOp, putOp, unchangedSince } from '../../keyspace/transaction.js';
import {
  formatRetentionPolicy,
  parseRetentionPolicy,
  type RetentionFlags,
  type RetentionPolicy,
} from '../retention/index.js';
import { BackupSettingsError } from './errors.js';
import { parseSchedule } from './parse-schedule.js';

/**
 * What the backup service runs with: when full backups are made and what prune keeps after each.
 *
 * @example
 * const settings: BackupSettings = { schedule: '0 3 * * *', retention: { keepDaily: 7 } };
 */
export interface BackupSettings {
  /** Cron expression (UTC), as `parseSchedule` reads it. */
  readonly schedule: string;
  /** Applied after each scheduled backup; absent: every backup is kept. */
  readonly retention?: RetentionPolicy;
}

/**
 * The settings as stored at `_setpoint/backup-settings`, with who stored them and when.
 *
 * @example
 * const stored = await readStoredBackupSettings(client);
 * if (stored !== undefined) console.log(stored.schedule, stored.retention, stored.updatedBy);
 */
export interface StoredBackupSettings {
  readonly schedule: string;
  /** The policy as `formatRetentionPolicy` writes it, e.g. `keep-daily=7 keep-weekly=4`. */
  readonly retention: string;
  readonly updatedAt: string;
  readonly updatedBy: string;
  /** The record's mod revision: send it back to change the settings only if nobody else did. */
  readonly modRevision: number;
}

const recordSchema = z.object({
  schedule: z.string().min(1),
  retention: z.string().min(1),
  updatedAt: z.string(),
  updatedBy: z.string(),
});

/**
 * Checks settings as a person writes them — a cron expression and a policy text
 * (`keep-daily=7 keep-weekly=4`) or its fields (`{ keepDaily: 7 }`) — with the parsers serve's
 * flags go through. Throws `ScheduleError` or `RetentionPolicyError` naming what is wrong.
 *
 * @example
 * checkBackupSettings({ schedule: '0 4 * * *', retention: 'keep-daily=7' });
 * // { schedule: '0 4 * * *', retention: { keepDaily: 7 } }
 */
export function checkBackupSettings(input: {
  schedule: string;
  retention: string | RetentionFlags;
}): Required<BackupSettings> {
  const schedule = parseSchedule(input.schedule).expression;
  return { schedule, retention: parseRetentionPolicy(input.retention) };
}

/**
 * The stored settings, or undefined when none are stored. Throws `BACKUP_SETTINGS_INVALID` when
 * the record is not valid settings.
 *
 * @example
 * const stored = await readStoredBackupSettings(client);
 */
export async function readStoredBackupSettings(
  client: EtcdClient,
): Promise<StoredBackupSettings | undefined> {
  const kv = (await client.etcd.get(BACKUP_SETTINGS_KEY).exec()).kvs[0];
  if (kv === undefined) return undefined;
  return parseStoredBackupSettings(kv.value, Number(kv.mod_revision));
}

/**
 * Reads the record stored at `_setpoint/backup-settings` (its value and mod revision), checking
 * the schedule and retention again. Throws `BACKUP_SETTINGS_INVALID` naming what is wrong.
 *
 * @example
 * const stored = parseStoredBackupSettings(kv.value, kv.modRevision);
 */
export function parseStoredBackupSettings(value: Buffer, modRevision: number): StoredBackupSettings {
  const invalid = (reason: string, cause?: unknown) =>
    new BackupSettingsError(
      'BACKUP_SETTINGS_INVALID',
      `the backup settings stored at ${BACKUP_SETTINGS_KEY} (revision ${modRevision}) are not valid: ${reason}; ` +
        "store them again with PUT /api/v1/backups/settings, or delete the key to use serve's flags",
      cause === undefined ? undefined : { cause },
    );
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch (err) {
    throw invalid('the record is not JSON', err);
  }
  const parsed = recordSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid(`${issue.path.join('.') || 'record'}: ${issue.message}`);
  }
  try {
    const checked = checkBackupSettings(parsed.data);
    return {
      ...parsed.data,
      schedule: checked.schedule,
      retention: formatRetentionPolicy(checked.retention),
      modRevision,
    };
  } catch (err) {
    throw invalid((err as Error).message, err);
  }
}

/**
 * Stores settings (checked first) for the backup service to pick up. With `ifModRevision`, only if
 * the record is still at that revision (0: only if none is stored); else throws
 * `BACKUP_SETTINGS_CHANGED`.
 *
 * @example
 * await writeBackupSettings(client, { schedule: '0 4 * * *', retention: 'keep-daily=7' }, { by: 'alice' });
 */
export async function writeBackupSettings(
  client: EtcdClient,
  input: { schedule: string; retention: string | RetentionFlags },
  options: { by: string; ifModRevision?: number; now?: Date },
): Promise<StoredBackupSettings> {
  const checked = checkBackupSettings(input);
  const record = {
    schedule: checked.schedule,
    retention: formatRetentionPolicy(checked.retention),
    updatedAt: (options.now ?? new Date()).toISOString(),
    updatedBy: options.by,
  };
  const result = await client.etcd.kv.txn({
    compare:
      options.ifModRevision === undefined ? [] : [unchangedSince(BACKUP_SETTINGS_KEY, options.ifModRevision)],
    success: [putOp(BACKUP_SETTINGS_KEY, JSON.stringify(record))],
    failure: [],
  });
  if (!result.succeeded) throw await changedSince(client, options.ifModRevision!);
  return { ...record, modRevision: Number(result.header.revision) };
}

/**
 * Removes the stored settings, so the service goes back to serve's flags; false when none were
 * stored. With `ifModRevision`, only if the record is still at that revision.
 *
 * @example
 * await clearBackupSettings(client);
 */
export async function clearBackupSettings(
  client: EtcdClient,
  options: { ifModRevision?: number } = {},
): Promise<boolean> {
  const result = await client.etcd.kv.txn({
    compare:
      options.ifModRevision === undefined ? [] : [unchangedSince(BACKUP_SETTINGS_KEY, options.ifModRevision)],
    success: [deleteOp(BACKUP_SETTINGS_KEY)],
    failure: [],
  });
  if (!result.succeeded) throw await changedSince(client, options.ifModRevision!);
  return Number(result.responses[0]?.response_delete_range?.deleted ?? 0) > 0;
}

async function changedSince(client: EtcdClient, expected: number): Promise<BackupSettingsError> {
  const kv = (await client.etcd.get(BACKUP_SETTINGS_KEY).exec()).kvs[0];
  const now = kv === undefined ? 'none are stored now' : `they are at revision ${kv.mod_revision} now`;
  return new BackupSettingsError(
    'BACKUP_SETTINGS_CHANGED',
    `the backup settings changed since you read them (you sent revision ${expected}, ${now}); ` +
      'read them again (GET /api/v1/backups/settings) and repeat your change',
  );
}
