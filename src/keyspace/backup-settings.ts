// Where the backup settings live inside etcd: the schedule and retention an admin chose (which
// override serve's flags), and the running backup service's own account of what it applies.
import { RESERVED_PREFIX } from './layout.js';

/**
 * The etcd key of the stored backup settings: one JSON record `{ schedule, retention, updatedAt,
 * updatedBy }`. Absent: the backup service runs with `setpoint serve`'s flags.
 *
 * @example
 * await client.etcd.get(BACKUP_SETTINGS_KEY).string(); // '{"schedule":"0 4 * * *",...}'
 */
export const BACKUP_SETTINGS_KEY = `${RESERVED_PREFIX}backup-settings`;

/**
 * The etcd key where the running backup service says which schedule and retention it applies,
 * since when, and where it runs. Bound to the service's lease, so it disappears with the service.
 *
 * @example
 * await client.etcd.get(BACKUP_SERVICE_KEY).string(); // '{"schedule":"0 4 * * *","appliedAt":...}'
 */
export const BACKUP_SERVICE_KEY = `${RESERVED_PREFIX}backup-service`;
