// How a command that calls the Setpoint server ends: its error printed as one line with the API's
// code, and an exit status scripts can trust, the same for every such command.
import type { CommanderError } from 'commander';
import { KeyspaceError } from '../../keyspace/index.js';
import { ApiAnswerError, ClientError } from './api-client.js';

/**
 * Exit statuses of every command that calls the Setpoint server.
 *
 * @example
 * process.exit(exitStatus.conflict); // 3: KEY_CHANGED, USER_CHANGED...
 */
export const exitStatus = {
  ok: 0,
  /** The server failed or could not be reached. */
  failed: 1,
  /** Wrong usage, or input the server refused as invalid (400, 413, 422). */
  usage: 2,
  /** Something changed meanwhile, or is in the way (409). */
  conflict: 3,
  /** The key, directory, user or token does not exist (404). */
  notFound: 4,
  /** Not signed in (401), or not allowed (403). */
  denied: 5,
} as const;

/** The exit status table, as every command's --help ends. */
export const exitStatusHelp =
  'Exit status: 0 done, 1 failed (server error, server unreachable), 2 wrong usage or invalid input,\n' +
  '3 conflict (changed meanwhile: KEY_CHANGED, USER_CHANGED...), 4 not found, 5 not signed in or not allowed.';

/** How a command finds its server, as every command's --help says it. */
export const serverHelp =
  "The server: --server URL, else SETPOINT_SERVER, else the one 'setpoint login' signed in to last.\n" +
  "The token: SETPOINT_TOKEN, else the one 'setpoint login' saved for that server. HTTPS: --cacert FILE or\n" +
  'SETPOINT_CACERT for a CA other than the system ones.';

/**
 * Wrong usage found by the command itself (a bad flag value, a missing argument): exit status 2.
 *
 * @example
 * throw new UsageError("--if-match takes a revision, not 'abc'");
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly code = 'USAGE';
}

/**
 * The exit status an error ends a command with.
 *
 * @example
 * exitStatusOf(new ApiAnswerError('KEY_CHANGED', 409, '...')); // 3
 */
export function exitStatusOf(err: unknown): number {
  if (err instanceof UsageError) return exitStatus.usage;
  if (err instanceof KeyspaceError)
    return err.code === 'KEY_NAME_INVALID' ? exitStatus.usage : exitStatus.failed;
  if (err instanceof ClientError) {
    switch (err.code) {
      case 'SERVER_NOT_GIVEN':
      case 'SERVER_URL_INVALID':
      case 'CACERT_UNREADABLE':
        return exitStatus.usage;
      case 'NOT_SIGNED_IN':
        return exitStatus.denied;
      default:
        return exitStatus.failed;
    }
  }
  if (err instanceof ApiAnswerError) {
    switch (err.status) {
      case 400:
      case 413:
      case 415:
      case 422:
        return exitStatus.usage;
      case 409:
      case 412:
        return exitStatus.conflict;
      case 404:
        return exitStatus.notFound;
      case 401:
      case 403:
        return exitStatus.denied;
      default:
        return exitStatus.failed;
    }
  }
  return exitStatus.failed;
}

/**
 * The one line an error prints: its message, and the API's (or the client's) code in brackets.
 *
 * @example
 * errorLine('get', err); // "setpoint get: key 'hack/x' does not exist (KEY_NOT_FOUND)"
 */
export function errorLine(name: string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const code =
    err instanceof ApiAnswerError || err instanceof ClientError || err instanceof KeyspaceError
      ? ` (${err.code})`
      : '';
  return `setpoint ${name}: ${message.replace(/\s*\n\s*/g, ' ')}${code}\n`;
}

/**
 * Runs a command's action (or a step of it) and returns what it returns; on failure prints one
 * line on stderr and exits with its status.
 *
 * @example
 * .action((key, flags) => runRemote('get', () => get(key, flags)))
 */
export async function runRemote<T>(name: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (err) {
    process.stderr.write(errorLine(name, err));
    process.exit(exitStatusOf(err));
  }
}

/** Commander's own refusals (an unknown flag, a missing argument) are wrong usage: status 2. */
export function usageExit(err: CommanderError): never {
  process.exit(err.exitCode === 0 ? 0 : exitStatus.usage);
}
