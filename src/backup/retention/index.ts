// Backup retention: which backups a policy keeps (restic's `forget` rules, UTC buckets) and the policy syntax.
export { type BucketKind, bucketOf, isoWeekOf } from './buckets.js';
export {
  type BackupRemoval,
  chooseBackupsToKeep,
  type DatedBackup,
  type RetentionDecision,
} from './choose.js';
export {
  DuplicateRetentionRuleError,
  InvalidRetentionValueError,
  RetentionPolicyEmptyError,
  RetentionPolicyError,
  type RetentionPolicyErrorCode,
  type RetentionPolicyFailure,
  RetentionPolicySyntaxError,
  UnknownRetentionRuleError,
} from './errors.js';
export {
  formatRetentionPolicy,
  parseRetentionPolicy,
  type RetentionFlags,
  type RetentionPolicy,
} from './policy.js';
