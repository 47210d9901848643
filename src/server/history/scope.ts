// Which keys the history recorder keeps a history of: everything but its own records, the noisy
// lease-bound ones, and access records (passwords hashes, tokens, sessions: the audit log tells
// their story without keeping old credentials).
import { BACKUP_SERVICE_KEY } from '../../keyspace/backup-settings.js';
import {
  AGENT_STATUS_PREFIX,
  AUDIT_PREFIX,
  CHANGES_PREFIX,
  CHANGESETS_PREFIX,
  HISTORY_GAPS_PREFIX,
  HISTORY_POSITION_KEY,
  HISTORY_PREFIX,
  LEADERS_PREFIX,
  SESSIONS_PREFIX,
  TOKENS_PREFIX,
  USERS_PREFIX,
} from '../../keyspace/index.js';

/** Prefixes never recorded besides the recorder's own. */
const unrecordedPrefixes = [
  AGENT_STATUS_PREFIX,
  LEADERS_PREFIX,
  USERS_PREFIX,
  TOKENS_PREFIX,
  SESSIONS_PREFIX,
  AUDIT_PREFIX,
  // Lease-bound: which server runs the backups, and with what settings.
  BACKUP_SERVICE_KEY,
  // Change records are kept forever as they are; drafts are not history until published.
  CHANGES_PREFIX,
  CHANGESETS_PREFIX,
];

/**
 * Whether changes of `key` are recorded: every key except the recorder's own (`_setpoint/history/`,
 * `_setpoint/history-gaps/`, `_setpoint/history-position`), agent status (`_setpoint/agents/`,
 * ephemeral and frequent), leader election keys (`_setpoint/leaders/`), and users, tokens, sessions
 * and the audit log (`_setpoint/users/`, `tokens/`, `sessions/`, `audit/`).
 *
 * @example
 * isRecordedKey('hack/storage/swift/password'); // true
 * isRecordedKey('_setpoint/agents/host/registry'); // false
 */
export function isRecordedKey(key: string): boolean {
  return !(isRecorderKey(key) || unrecordedPrefixes.some((prefix) => key.startsWith(prefix)));
}

/**
 * Whether `key` is one the recorder itself writes (records, gap markers, its position).
 *
 * @example
 * isRecorderKey('_setpoint/history-position'); // true
 */
export function isRecorderKey(key: string): boolean {
  return (
    key === HISTORY_POSITION_KEY || key.startsWith(HISTORY_PREFIX) || key.startsWith(HISTORY_GAPS_PREFIX)
  );
}
