// Where Setpoint keeps its own records inside etcd, under the reserved `_setpoint/` prefix.

/**
 * The prefix reserved for Setpoint's records; user keys never start with it.
 *
 * @example
 * key.startsWith(RESERVED_PREFIX); // a Setpoint record
 */
export const RESERVED_PREFIX = '_setpoint/';

/**
 * The prefix of registered recipients' public keys: `_setpoint/keys/<name>`.
 *
 * @example
 * await client.rangeSnapshot(RECIPIENT_KEYS_PREFIX);
 */
export const RECIPIENT_KEYS_PREFIX = `${RESERVED_PREFIX}keys/`;

/**
 * The prefix of directory metadata: `_setpoint/directories/<dir>`.
 *
 * @example
 * await client.rangeSnapshot(DIRECTORIES_PREFIX);
 */
export const DIRECTORIES_PREFIX = `${RESERVED_PREFIX}directories/`;

/**
 * The prefix of agent status records: `_setpoint/agents/<agent>/<unit>`, each bound to its agent's
 * lease so a dead agent's status disappears.
 *
 * @example
 * await client.rangeSnapshot(AGENT_STATUS_PREFIX);
 */
export const AGENT_STATUS_PREFIX = `${RESERVED_PREFIX}agents/`;

/**
 * The etcd key of one agent unit's status record.
 *
 * @example
 * agentStatusPath('registry-host', 'registry'); // '_setpoint/agents/registry-host/registry'
 */
export function agentStatusPath(agent: string, unit: string): string {
  return `${AGENT_STATUS_PREFIX}${agent}/${unit}`;
}

/**
 * The etcd key of a recipient's public key record.
 *
 * @example
 * recipientKeyPath('team-a'); // '_setpoint/keys/team-a'
 */
export function recipientKeyPath(name: string): string {
  return `${RECIPIENT_KEYS_PREFIX}${name}`;
}

/**
 * The etcd key of a directory's metadata record.
 *
 * @example
 * directoryPath('hack'); // '_setpoint/directories/hack'
 */
export function directoryPath(directory: string): string {
  return `${DIRECTORIES_PREFIX}${directory}`;
}

/**
 * The prefix of the history recorder's records: `_setpoint/history/<key>@<revision>`, one per change
 * of `<key>`, the revision zero-padded to 20 digits so a range lists one key's history in order.
 *
 * @example
 * await client.rangeSnapshot(`${HISTORY_PREFIX}hack/`);
 */
export const HISTORY_PREFIX = `${RESERVED_PREFIX}history/`;

/**
 * The etcd key of the history recorder's position: every revision up to the one it holds is recorded.
 *
 * @example
 * await client.etcd.get(HISTORY_POSITION_KEY).string(); // '{"revision":412,"updatedAt":"..."}'
 */
export const HISTORY_POSITION_KEY = `${RESERVED_PREFIX}history-position`;

/**
 * The prefix of history gap markers: `_setpoint/history-gaps/<from>-<to>`, revisions whose changes
 * etcd compacted before the recorder saw them.
 *
 * @example
 * await client.rangeSnapshot(HISTORY_GAPS_PREFIX);
 */
export const HISTORY_GAPS_PREFIX = `${RESERVED_PREFIX}history-gaps/`;

/**
 * The prefix of leader election keys (one per singleton: history recorder, backup scheduler).
 *
 * @example
 * key.startsWith(LEADERS_PREFIX); // an election key, bound to a lease
 */
export const LEADERS_PREFIX = `${RESERVED_PREFIX}leaders/`;

/**
 * The prefix one role's contenders campaign under: `_setpoint/leaders/<role>/`, one key per
 * contender (named after its lease id, bound to that lease), the oldest leading.
 *
 * @example
 * leaderPath('backup-scheduler'); // '_setpoint/leaders/backup-scheduler/'
 */
export function leaderPath(role: string): string {
  return `${LEADERS_PREFIX}${role}/`;
}

/** Digits of a revision in history keys: enough for any revision below 2^63. */
const REVISION_DIGITS = 20;

/**
 * A revision as history keys write it: 20 digits, zero-padded, so text order is revision order.
 *
 * @example
 * paddedRevision(42); // '00000000000000000042'
 */
export function paddedRevision(revision: number): string {
  return String(revision).padStart(REVISION_DIGITS, '0');
}

/**
 * The prefix under which one key's history records sit, in revision order.
 *
 * @example
 * historyKeyPrefix('hack/storage/swift/password'); // '_setpoint/history/hack/storage/swift/password@'
 */
export function historyKeyPrefix(key: string): string {
  return `${HISTORY_PREFIX}${key}@`;
}

/**
 * The etcd key of the history record of `key` changed at `revision`.
 *
 * @example
 * historyRecordPath('hack/port', 42); // '_setpoint/history/hack/port@00000000000000000042'
 */
export function historyRecordPath(key: string, revision: number): string {
  return `${historyKeyPrefix(key)}${paddedRevision(revision)}`;
}

/**
 * The etcd key of the marker of lost history between revisions `from` and `to` (both included).
 *
 * @example
 * historyGapPath(101, 250); // '_setpoint/history-gaps/00000000000000000101-00000000000000000250'
 */
export function historyGapPath(from: number, to: number): string {
  return `${HISTORY_GAPS_PREFIX}${paddedRevision(from)}-${paddedRevision(to)}`;
}

/**
 * The end of etcd's range for a prefix (the prefix with its last byte incremented).
 *
 * @example
 * prefixRangeEnd('_setpoint/keys/'); // Buffer '_setpoint/keys0'
 */
export function prefixRangeEnd(prefix: string): Buffer {
  const end = Buffer.from(prefix, 'utf8');
  const last = end.length - 1;
  end[last] = end[last]! + 1;
  return end;
}
