// The history recorder and its readers: every change of every key, kept beyond etcd's compaction.
export {
  HistoryError,
  type HistoryErrorCode,
  type HistoryFailure,
  HistoryLostError,
  HistoryNotRecordedError,
  HistoryRecordError,
} from './errors.js';
export type { HistoryGap, HistoryPosition } from './position.js';
export {
  type HistoryEntry,
  type ReadHistoryOptions,
  readDirectoryHistory,
  readHistoryGaps,
  readKeyHistory,
  valueAt,
} from './read-history.js';
export { type HistoryRecorder, type HistoryRecorderOptions, startHistoryRecorder } from './recorder.js';
export { type HistoryRecord, MAX_RECORDED_VALUE_BYTES, parseHistoryRecord } from './records.js';
export {
  applyHistoryRetention,
  DEFAULT_RETENTION,
  type RetentionPolicy,
  type RetentionResult,
} from './retention.js';
export { isRecordedKey } from './scope.js';
export { readHistoryPosition, type StoredPosition } from './transactions.js';
