// The errors of the history recorder and its readers: one class per failure, each with a stable `code`.

/**
 * Every code an error of the history module carries.
 *
 * @example
 * if (err instanceof HistoryError && err.code === 'HISTORY_LOST') console.error(err.from, err.to);
 */
export type HistoryErrorCode = 'HISTORY_RECORD_INVALID' | 'HISTORY_NOT_RECORDED' | 'HISTORY_LOST';

/**
 * The base of every error this module throws.
 *
 * @example
 * try { await valueAt(client, 'hack/port', 12); } catch (err) { if (err instanceof HistoryError) console.error(err.code); }
 */
export abstract class HistoryError extends Error {
  abstract readonly code: HistoryErrorCode;
}

/**
 * A record under `_setpoint/history/`, `_setpoint/history-gaps/` or the position is not what the
 * recorder writes (damaged, or written by hand).
 *
 * @example
 * parseHistoryRecord('_setpoint/history/a@00000000000000000001', Buffer.from('{')); // throws
 */
export class HistoryRecordError extends HistoryError {
  readonly code = 'HISTORY_RECORD_INVALID';
  override readonly name = 'HistoryRecordError';
  constructor(
    readonly key: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(
      `the history record at '${key}' is damaged: ${reason}; remove it (etcdctl del '${key}') or restore it from a backup`,
      options,
    );
  }
}

/**
 * The value of a key at a revision before the recorder started cannot be known from the records.
 *
 * @example
 * await valueAt(client, 'hack/port', 3); // throws HistoryNotRecordedError when recording began at 40
 */
export class HistoryNotRecordedError extends HistoryError {
  readonly code = 'HISTORY_NOT_RECORDED';
  override readonly name = 'HistoryNotRecordedError';
  constructor(
    readonly key: string,
    readonly revision: number,
    reason: string,
  ) {
    super(`no history of '${key}' is recorded at revision ${revision}: ${reason}`);
  }
}

/**
 * etcd compacted revisions before the recorder saw them, and the value asked for falls among them.
 *
 * @example
 * await valueAt(client, 'hack/port', 120); // throws HistoryLostError when revisions 101-250 were lost
 */
export class HistoryLostError extends HistoryError {
  readonly code = 'HISTORY_LOST';
  override readonly name = 'HistoryLostError';
  constructor(
    readonly key: string,
    readonly revision: number,
    readonly from: number,
    readonly to: number,
  ) {
    super(
      `the value of '${key}' at revision ${revision} is not known: the history between revisions ${from} and ${to} ` +
        'was lost (etcd compacted it while the history recorder was not running); ask for a revision outside that range',
    );
  }
}

/**
 * Any error of this module.
 *
 * @example
 * function describe(err: HistoryFailure) { switch (err.code) { case 'HISTORY_LOST': return `${err.from}-${err.to}`; } }
 */
export type HistoryFailure = HistoryRecordError | HistoryNotRecordedError | HistoryLostError;
