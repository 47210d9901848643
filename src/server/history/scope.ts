// Which keys the history recorder keeps a history of: everything but its own records and the noisy,
// lease-bound ones.
import {
  AGENT_STATUS_PREFIX,
  HISTORY_GAPS_PREFIX,
  HISTORY_POSITION_KEY,
  HISTORY_PREFIX,
  LEADERS_PREFIX,
} from '../../keyspace/index.js';

/**
 * Whether changes of `key` are recorded: every key except the recorder's own (`_setpoint/history/`,
 * `_setpoint/history-gaps/`, `_setpoint/history-position`), agent status (`_setpoint/agents/`,
 * ephemeral and frequent) and leader election keys (`_setpoint/leaders/`).
 *
 * @example
 * isRecordedKey('hack/storage/swift/password'); // true
 * isRecordedKey('_setpoint/agents/host/registry'); // false
 */
export function isRecordedKey(key: string): boolean {
  return !(isRecorderKey(key) || key.startsWith(AGENT_STATUS_PREFIX) || key.startsWith(LEADERS_PREFIX));
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
