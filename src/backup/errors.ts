// The errors of backups and restores: one class per failure, each with a stable `code`.

/**
 * Every code a backup error carries.
 *
 * @example
 * if (err instanceof BackupError && err.code === 'RESTORE_CONFLICT') process.exit(3);
 */
export type BackupErrorCode =
  | 'BACKUP_TARGET_INVALID'
  | 'BACKUP_OPTION_INVALID'
  | 'BACKUP_NOT_FOUND'
  | 'BACKUP_INCOMPLETE'
  | 'BACKUP_CORRUPT'
  | 'BACKUP_FORMAT_UNSUPPORTED'
  | 'BACKUP_KEY_REQUIRED'
  | 'BACKUP_WRITE_FAILED'
  | 'RESTORE_POINT_UNREACHABLE'
  | 'RESTORE_CONFLICT';

/**
 * The base of every backup error.
 *
 * @example
 * try { await restore(options); } catch (err) { if (err instanceof BackupError) log(err.code); }
 */
export class BackupError extends Error {
  override readonly name: string = 'BackupError';
  constructor(
    readonly code: BackupErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * A backup's data does not match its manifest, or cannot be read as records; `where` names the
 * object (and, on Swift, the segment) that is wrong.
 *
 * @example
 * throw new BackupCorruptError('full/20261130T063000Z-r42/data.jsonl.gz', 'SHA-256 differs from the manifest');
 */
export class BackupCorruptError extends BackupError {
  override readonly name = 'BackupCorruptError';
  constructor(
    readonly where: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(
      'BACKUP_CORRUPT',
      `${where} is damaged: ${reason}. It is not used; restore from another backup (setpoint backup ls)`,
      options,
    );
  }
}

/**
 * A restore stopped because someone changed a key after the restore read it: nothing of the
 * failing transaction was written, earlier transactions were.
 *
 * @example
 * throw new RestoreConflictError('hack/http/addr', 41, 57, 120);
 */
export class RestoreConflictError extends BackupError {
  override readonly name = 'RestoreConflictError';
  constructor(
    readonly key: string,
    readonly expectedModRevision: number,
    readonly actualModRevision: number,
    readonly keysWritten: number,
  ) {
    super(
      'RESTORE_CONFLICT',
      `restore stopped: '${key}' changed while restoring (it was at revision ${expectedModRevision}, ` +
        `now ${actualModRevision === 0 ? 'deleted' : `at ${actualModRevision}`}); ${keysWritten} keys were ` +
        'already restored. Run the restore again (with --dry-run first) to see and apply what is left',
    );
  }
}
