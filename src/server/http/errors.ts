// How an error reaches an HTTP client: one JSON shape, a status chosen by the error's stable code,
// and a message that says what was wrong, where, and what to do.

import {
  ClientRuntimeError,
  GRPCDeadlineExceededError,
  GRPCOutOfRangeError,
  GRPCUnavailableError,
} from 'etcd3';
import { SnapshotCompactedError } from '../../etcd/index.js';

/**
 * The body of every error answer.
 *
 * @example
 * { "error": { "code": "KEY_CHANGED", "message": "...", "details": { "currentRevision": 812 } } }
 */
export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly details?: Readonly<Record<string, unknown>>;
  };
}

/**
 * Codes the HTTP layer itself answers with.
 *
 * @example
 * throw new ApiError('NOT_FOUND', 404, "directory 'hack' does not exist; create it first");
 */
export type ApiErrorCode =
  | 'NOT_SIGNED_IN'
  | 'ACCESS_DENIED'
  | 'CSRF_TOKEN_INVALID'
  | 'LOGIN_FAILED'
  | 'REQUEST_INVALID'
  | 'BODY_TOO_LARGE'
  | 'NOT_FOUND'
  | 'KEY_CHANGED'
  | 'UNAVAILABLE'
  | 'INTERNAL';

/**
 * An error the HTTP layer answers with as is: its code, status, message and details.
 *
 * @example
 * throw new ApiError('ACCESS_DENIED', 403, "alice may not publish under 'hack/': publish needs publisher");
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: ApiErrorCode | (string & {}),
    readonly status: number,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
  }
}

/**
 * The status each typed error of the modules below maps to. A code not listed is a 400 when the
 * error is one of ours (it carries a code), and a 500 otherwise.
 */
const STATUS_OF_CODE: Readonly<Record<string, number>> = {
  // configuration
  KEY_NOT_FOUND: 404,
  KEY_CHANGED: 409,
  VALUE_INVALID: 400,
  VALUE_TOO_LARGE: 413,
  CHANGE_TOO_LARGE: 413,
  CHANGE_EMPTY: 400,
  DIRECTORY_NOT_FOUND: 404,
  DIRECTORY_EXISTS: 409,
  DIRECTORY_NOT_EMPTY: 409,
  CHANGESET_NOT_FOUND: 404,
  CHANGESET_CHANGED: 409,
  DIRECTORY_CHANGED: 409,
  VALUE_NOT_KEPT: 422,
  REVISION_INVALID: 400,
  // keyspace
  KEY_NAME_INVALID: 400,
  RECIPIENT_NAME_INVALID: 400,
  RECIPIENT_NAME_TAKEN: 409,
  RECIPIENT_KEY_ALREADY_ADDED: 409,
  RECIPIENT_NOT_FOUND: 404,
  RECIPIENT_IN_USE: 409,
  DIRECTORY_HAS_NO_RECIPIENTS: 409,
  KEYSPACE_RECORD_INVALID: 500,
  KEYSPACE_CONTENDED: 503,
  // access
  PASSWORD_TOO_WEAK: 400,
  USER_NAME_INVALID: 400,
  USER_EXISTS: 409,
  USER_NOT_FOUND: 404,
  USER_CHANGED: 409,
  LAST_ADMIN: 409,
  GRANT_INVALID: 400,
  TOKEN_NAME_INVALID: 400,
  TOKEN_NOT_FOUND: 404,
  LOGIN_RATE_LIMITED: 429,
  AUDIT_ENTRY_REFUSED: 500,
  AUTH_RECORD_INVALID: 500,
  PASSWORD_HASH_INVALID: 500,
  // history
  HISTORY_NOT_RECORDED: 404,
  HISTORY_LOST: 410,
  HISTORY_RECORD_INVALID: 500,
  // sealed values
  SEALED_PLAINTEXT_TOO_LARGE: 413,
  SEALED_VALUE_UNREADABLE: 400,
  // backups
  BACKUP_NOT_FOUND: 404,
  BACKUP_CORRUPT: 422,
  BACKUP_INCOMPLETE: 422,
  BACKUP_FORMAT_UNSUPPORTED: 422,
  BACKUP_KEY_REQUIRED: 400,
  BACKUP_TARGET_INVALID: 400,
  BACKUP_WRITE_FAILED: 502,
  RESTORE_POINT_UNREACHABLE: 422,
  RESTORE_CONFLICT: 409,
  BACKUP_OPTION_INVALID: 400,
  BACKUPS_OFF: 404,
  BACKUP_RUNNING: 409,
  BACKUP_SETTINGS_CHANGED: 409,
  BACKUP_SETTINGS_INVALID: 500,
  SCHEDULE_INVALID: 400,
  SCHEDULE_NEVER_RUNS: 400,
  SCHEDULE_TIMEZONE_INVALID: 400,
  RETENTION_POLICY_EMPTY: 400,
  RETENTION_POLICY_SYNTAX: 400,
  RETENTION_RULE_UNKNOWN: 400,
  RETENTION_RULE_DUPLICATE: 400,
  RETENTION_VALUE_INVALID: 400,
  // the backup target (Swift): the server's own settings or the store behind it
  SWIFT_CONTAINER_NOT_FOUND: 409,
  SWIFT_CONFIG_MISSING: 500,
  SWIFT_CONFIG_INVALID: 500,
  SWIFT_AUTH_FAILED: 502,
  SWIFT_ENDPOINT_NOT_FOUND: 502,
  SWIFT_OBJECT_NOT_FOUND: 502,
  SWIFT_CHECKSUM_MISMATCH: 502,
  SWIFT_REQUEST_FAILED: 502,
  SWIFT_UNAVAILABLE: 503,
  SWIFT_QUOTA_EXCEEDED: 507,
  // catalogue and templates
  CATALOG_INVALID: 422,
  CATALOG_SOURCE_INVALID: 400,
  CHART_NOT_FOUND: 404,
  CHART_VERSION_NOT_FOUND: 404,
  FLAVOR_NOT_FOUND: 404,
  VALUES_INVALID: 422,
  TEMPLATE_VALUE_INVALID: 422,
  DIRECTORY_HAS_TEMPLATE: 409,
  DIRECTORY_HAS_NO_TEMPLATE: 404,
};

/**
 * The status and body an error is answered with. Errors without a stable code (a bug, a lost
 * connection) answer 500 with a generic message: their text may hold anything, so it goes to the
 * log only.
 *
 * @example
 * const { status, body } = errorAnswer(err);
 * reply.code(status).send(body);
 */
export function errorAnswer(err: unknown): { status: number; body: ErrorBody; expected: boolean } {
  if (err instanceof ApiError) {
    return {
      status: err.status,
      body: {
        error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) },
      },
      expected: err.status < 500,
    };
  }
  const code = typedCode(err);
  if (code !== undefined) {
    const status = STATUS_OF_CODE[code] ?? (code.startsWith('RENDER_') ? 422 : 400);
    return {
      status,
      body: { error: { code, message: (err as Error).message, ...detailsOf(err) } },
      expected: status < 500,
    };
  }
  if (err instanceof GRPCOutOfRangeError || err instanceof SnapshotCompactedError) {
    return {
      status: 410,
      body: {
        error: {
          code: 'REVISION_UNAVAILABLE',
          message:
            'etcd no longer keeps that revision (compacted) or has not reached it; the history endpoints (/api/v1/history/...) keep older values',
        },
      },
      expected: true,
    };
  }
  if (isUnavailable(err)) {
    return {
      status: 503,
      body: {
        error: {
          code: 'UNAVAILABLE',
          message: 'the configuration store does not answer; try again shortly (an admin can check /readyz)',
        },
      },
      expected: false,
    };
  }
  return {
    status: 500,
    body: {
      error: { code: 'INTERNAL', message: 'the server failed on this request; its log says why' },
    },
    expected: false,
  };
}

function typedCode(err: unknown): string | undefined {
  if (!(err instanceof Error)) return undefined;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code) ? code : undefined;
}

/** Facts an error carries for programs (a retry delay, the key concerned), never its cause. */
function detailsOf(err: unknown): { details?: Record<string, unknown> } {
  const details: Record<string, unknown> = {};
  for (const field of [
    'key',
    'directory',
    'directories',
    'retryAfterSeconds',
    'conflicts',
    'keyCount',
    'currentRevision',
    'issues',
    'problems',
  ]) {
    const value = (err as Record<string, unknown>)[field];
    if (typeof value === 'string' || typeof value === 'number' || Array.isArray(value))
      details[field] = value;
  }
  return Object.keys(details).length > 0 ? { details } : {};
}

function isUnavailable(err: unknown): boolean {
  return (
    err instanceof GRPCUnavailableError ||
    err instanceof GRPCDeadlineExceededError ||
    err instanceof ClientRuntimeError
  );
}
