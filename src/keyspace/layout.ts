// Where Setpoint keeps its own records inside etcd, under the reserved `_setpoint/` prefix.

import { RESERVED_PREFIX } from './reserved-prefix.js';

export { RESERVED_PREFIX };

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

/**
 * The prefix of user accounts: `_setpoint/users/<name>`, one JSON record each.
 *
 * @example
 * await client.rangeSnapshot(USERS_PREFIX);
 */
export const USERS_PREFIX = `${RESERVED_PREFIX}users/`;

/**
 * The etcd key of a user's account record.
 *
 * @example
 * userPath('admin'); // '_setpoint/users/admin'
 */
export function userPath(name: string): string {
  return `${USERS_PREFIX}${name}`;
}

/**
 * The prefix of API token records: `_setpoint/tokens/<sha256 hex of the token>`; the token itself is
 * never stored.
 *
 * @example
 * await client.rangeSnapshot(TOKENS_PREFIX);
 */
export const TOKENS_PREFIX = `${RESERVED_PREFIX}tokens/`;

/**
 * The etcd key of an API token's record, named by the SHA-256 (hex) of the token.
 *
 * @example
 * tokenPath('9f86d0...'); // '_setpoint/tokens/9f86d0...'
 */
export function tokenPath(sha256Hex: string): string {
  return `${TOKENS_PREFIX}${sha256Hex}`;
}

/**
 * The prefix of login sessions: `_setpoint/sessions/<sha256 hex of the session id>`, each bound to
 * a lease so an idle session disappears.
 *
 * @example
 * await client.rangeSnapshot(SESSIONS_PREFIX);
 */
export const SESSIONS_PREFIX = `${RESERVED_PREFIX}sessions/`;

/**
 * The etcd key of a session's record, named by the SHA-256 (hex) of the session id.
 *
 * @example
 * sessionPath('2c26b4...'); // '_setpoint/sessions/2c26b4...'
 */
export function sessionPath(sha256Hex: string): string {
  return `${SESSIONS_PREFIX}${sha256Hex}`;
}

/**
 * The prefix of the audit log: `_setpoint/audit/<20-digit time-ordered id>`, so key order is time order.
 *
 * @example
 * await client.etcd.getAll().prefix(AUDIT_PREFIX).sort('Key', 'Descend').limit(50).strings();
 */
export const AUDIT_PREFIX = `${RESERVED_PREFIX}audit/`;

/**
 * The etcd key of one audit entry.
 *
 * @example
 * auditPath('00001795000000000000'); // '_setpoint/audit/00001795000000000000'
 */
export function auditPath(id: string): string {
  return `${AUDIT_PREFIX}${id}`;
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

/**
 * The prefix of change records: `_setpoint/changes/<dir>/<20-digit time-ordered id>`, one per
 * published change (who, when, message, keys); the record's own mod_revision is the change's revision.
 *
 * @example
 * changePath('hack', '00001795000000000000'); // '_setpoint/changes/hack/00001795000000000000'
 */
export const CHANGES_PREFIX = `${RESERVED_PREFIX}changes/`;

/**
 * Where one change record of `directory` is kept.
 *
 * @example
 * changePath('hack', '00001795000000000000'); // '_setpoint/changes/hack/00001795000000000000'
 */
export function changePath(directory: string, id: string): string {
  return `${CHANGES_PREFIX}${directory}/${id}`;
}

/**
 * The prefix of staged change sets (drafts not yet published): `_setpoint/changesets/<dir>/<id>`.
 *
 * @example
 * changeSetPath('hack', 'a1b2c3d4e5f6'); // '_setpoint/changesets/hack/a1b2c3d4e5f6'
 */
export const CHANGESETS_PREFIX = `${RESERVED_PREFIX}changesets/`;

/**
 * Where one staged change set of `directory` is kept.
 *
 * @example
 * changeSetPath('hack', 'a1b2c3d4e5f6'); // '_setpoint/changesets/hack/a1b2c3d4e5f6'
 */
export function changeSetPath(directory: string, id: string): string {
  return `${CHANGESETS_PREFIX}${directory}/${id}`;
}

/**
 * Where the change records' own indexes sit: under `_setpoint/changes/`, so the history recorder
 * leaves them out as it does the records, in the one slot no directory can take (`_setpoint` is
 * not a directory name), so a directory's change listing never meets them.
 *
 * @example
 * key.startsWith(CHANGE_INDEX_PREFIX); // an index of the change records, not a record
 */
export const CHANGE_INDEX_PREFIX = `${CHANGES_PREFIX}_setpoint/`;

/**
 * The prefix of who-set-it pointers: `_setpoint/changes/_setpoint/set-by/<key>`, one per key,
 * written in the transaction of every change that puts or deletes the key (up to the change's
 * operation budget): who, when, why, and the change's id. The pointer's mod_revision equal to the
 * key's says the key's current value came from that change.
 *
 * @example
 * await client.rangeSnapshot(`${SET_BY_PREFIX}hack/`);
 */
export const SET_BY_PREFIX = `${CHANGE_INDEX_PREFIX}set-by/`;

/**
 * The etcd key of `key`'s who-set-it pointer.
 *
 * @example
 * setByPath('hack/http/addr'); // '_setpoint/changes/_setpoint/set-by/hack/http/addr'
 */
export function setByPath(key: string): string {
  return `${SET_BY_PREFIX}${key}`;
}

/**
 * The prefix of the wide-change index: `_setpoint/changes/_setpoint/wide/<dir>/<id>`, one entry
 * per change touching too many keys to carry a pointer for each (its mod_revision is the change's).
 *
 * @example
 * wideChangePath('hack', '00001795000000000000'); // '_setpoint/changes/_setpoint/wide/hack/00001795000000000000'
 */
export const WIDE_CHANGES_PREFIX = `${CHANGE_INDEX_PREFIX}wide/`;

/**
 * The etcd key of a wide change's index entry.
 *
 * @example
 * wideChangePath('hack', '00001795000000000000'); // '_setpoint/changes/_setpoint/wide/hack/00001795000000000000'
 */
export function wideChangePath(directory: string, id: string): string {
  return `${WIDE_CHANGES_PREFIX}${directory}/${id}`;
}

/**
 * The key whose mod_revision is the first revision from which every change Setpoint commits
 * carries who-set-it pointers (or a wide-change entry): values set before it are looked up in the
 * directory's change records instead.
 *
 * @example
 * const since = Number((await client.etcd.get(SET_BY_SINCE_KEY).exec()).kvs[0]?.mod_revision ?? 0);
 */
export const SET_BY_SINCE_KEY = `${CHANGE_INDEX_PREFIX}set-by-since`;
