// Setpoint's layout inside etcd: key-name rules, the reserved `_setpoint/` prefix, recipients and directories.
export { listDirectories, readDirectory, recipientsOfDirectory, useRecipients } from './directories.js';
export {
  DirectoryHasNoRecipientsError,
  KeyNameError,
  KeyspaceContendedError,
  KeyspaceError,
  type KeyspaceErrorCode,
  KeyspaceRecordError,
  RecipientInUseError,
  RecipientKeyAlreadyAddedError,
  RecipientNameError,
  RecipientNameTakenError,
  RecipientNotFoundError,
} from './errors.js';
export { directoryOf, MAX_KEY_NAME_BYTES, validateDirectoryName, validateKeyName } from './key-name.js';
export {
  AGENT_STATUS_PREFIX,
  AUDIT_PREFIX,
  agentStatusPath,
  auditPath,
  CHANGES_PREFIX,
  CHANGESETS_PREFIX,
  changePath,
  changeSetPath,
  DIRECTORIES_PREFIX,
  directoryPath,
  HISTORY_GAPS_PREFIX,
  HISTORY_POSITION_KEY,
  HISTORY_PREFIX,
  historyGapPath,
  historyKeyPrefix,
  historyRecordPath,
  LEADERS_PREFIX,
  leaderPath,
  paddedRevision,
  prefixRangeEnd,
  RECIPIENT_KEYS_PREFIX,
  RESERVED_PREFIX,
  recipientKeyPath,
  SESSIONS_PREFIX,
  sessionPath,
  TOKENS_PREFIX,
  tokenPath,
  USERS_PREFIX,
  userPath,
} from './layout.js';
export {
  type AddedRecipientKey,
  addRecipientKey,
  listRecipientKeys,
  readRecipientKeys,
  removeRecipientKey,
  validateRecipientName,
} from './recipient-keys.js';
export { type DirectoryRecord, parseDirectoryRecord, type RecipientKeyRecord } from './records.js';
export { timeOrderedId } from './time-ordered-id.js';
