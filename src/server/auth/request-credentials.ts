// The credentials the request being served was let in with, for the changes it makes: every change
// committed while serving it compares the caller's user and token (or session) records in its own
// transaction, so a revocation that lands before the change does stop it, however the request
// was authenticated (from the server's memory or from etcd).
//
// They travel in an AsyncLocalStorage rather than through every function between the access hook
// and the transaction: every change a request makes is then guarded, whatever route made it.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { CredentialGuard } from './authenticate.js';

/**
 * The caller's credentials for the changes of one request.
 *
 * @example
 * const credentials = requestCredentials();
 * const compares = credentials?.guards.map((g) => unchangedSince(g.key, g.modRevision)) ?? [];
 */
export interface RequestCredentials {
  /** The records the caller's access rests on and the revisions they must still have. */
  readonly guards: readonly CredentialGuard[];
  /**
   * Called when a guard moved: authenticates and authorises the request again from etcd. Throws
   * the answer's error (not signed in, access denied) when the caller may no longer do it; else
   * the guards hold the new revisions and the change is tried again.
   */
  recheck(): Promise<void>;
}

const storage = new AsyncLocalStorage<RequestCredentials>();

/**
 * Runs `serve` (the rest of a request) with `credentials` as its request credentials.
 *
 * @example
 * withRequestCredentials(credentials, () => done());
 */
export function withRequestCredentials<T>(credentials: RequestCredentials, serve: () => T): T {
  return storage.run(credentials, serve);
}

/**
 * The credentials of the request being served, or undefined outside a signed-in request (a test,
 * the CLI, a background job).
 *
 * @example
 * const guards = requestCredentials()?.guards ?? [];
 */
export function requestCredentials(): RequestCredentials | undefined {
  return storage.getStore();
}
