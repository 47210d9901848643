// Who a request is: from a session cookie or an API token, checked against the user's current record
// — from the server's credential cache when it is in sync, else from etcd.
import type { EtcdClient } from '../../etcd/index.js';
import { sessionPath, tokenPath, userPath } from '../../keyspace/index.js';
import type { CredentialCache } from './credential-cache.js';
import { sha256Hex } from './digest.js';
import { readSession, type Session } from './sessions.js';
import { expired, LAST_USED_EVERY_MS, readToken, recordUse, type StoredToken, tokenIdOf } from './tokens.js';
import { type PublicUser, publicUser, readUserRecord } from './users.js';

/**
 * An authenticated caller: the user as stored (now, or as this server's credential cache last saw
 * it), how they proved it, and the revision of the token's or session's record then: a change made
 * on the caller's strength commits only while both records are still at those revisions.
 *
 * @example
 * if (can(principal.user.grants, 'write', key)) await put(key, value);
 */
export type Principal =
  | {
      readonly via: 'session';
      readonly user: PublicUser;
      readonly session: Session;
      readonly credentialRevision: number;
    }
  | {
      readonly via: 'token';
      readonly user: PublicUser;
      readonly token: StoredToken;
      readonly credentialRevision: number;
    };

/**
 * Where `authenticateToken` and `authenticateSession` look: `cache` answers from this server's
 * memory while it is in sync (a token or user it does not hold is still read from etcd); without it,
 * or with `fresh`, etcd is read.
 *
 * @example
 * await authenticateToken(client, bearer, { cache: CredentialCache.of(client) });
 */
export interface AuthenticateOptions {
  readonly cache?: CredentialCache | undefined;
  readonly now?: Date;
}

/**
 * A record the caller's access rests on, and the revision it had when the caller was let in.
 *
 * @example
 * const guard: CredentialGuard = { key: '_setpoint/tokens/9f86...', modRevision: 41 };
 */
export interface CredentialGuard {
  readonly key: string;
  readonly modRevision: number;
}

/**
 * The records `principal`'s access rests on — its user and its token or session — at the revisions
 * it was let in with. A change made for the caller compares them in its own transaction.
 *
 * @example
 * const compares = credentialGuards(principal).map((g) => unchangedSince(g.key, g.modRevision));
 */
export function credentialGuards(principal: Principal): CredentialGuard[] {
  const credential =
    principal.via === 'token' ? tokenPath(principal.token.id) : sessionPath(sha256Hex(principal.session.id));
  return [
    { key: userPath(principal.user.name), modRevision: principal.user.modRevision },
    { key: credential, modRevision: principal.credentialRevision },
  ];
}

/**
 * The caller behind a session id (the cookie value), or undefined when the session is unknown or
 * expired, or its user is deleted or disabled. Renews the session as `lookupSession` does. The
 * session is always read from etcd; its user comes from `cache` when given and in sync.
 *
 * @example
 * const principal = await authenticateSession(client, request.cookies.setpoint_session);
 */
export async function authenticateSession(
  client: EtcdClient,
  sessionId: string,
  options: AuthenticateOptions = {},
): Promise<Principal | undefined> {
  const found = await readSession(client, sessionId, options.now ? { now: options.now } : {});
  if (found === undefined) return undefined;
  const user = await userOf(client, found.session.user, options.cache);
  if (user === undefined || user.disabled) return undefined;
  return { via: 'session', user, session: found.session, credentialRevision: found.modRevision };
}

/**
 * The caller behind an API token, or undefined when the token is unknown, revoked or expired, or its
 * owner is deleted or disabled. With `cache` in sync, a token and owner it holds are taken from
 * memory (a revocation made through another server or directly in etcd reaches it when the watch
 * brings it, a moment later); anything it does not hold is read from etcd.
 *
 * @example
 * const principal = await authenticateToken(client, bearerToken);
 */
export async function authenticateToken(
  client: EtcdClient,
  token: string,
  options: AuthenticateOptions = {},
): Promise<Principal | undefined> {
  const now = options.now ?? new Date();
  const cache = options.cache?.inSync() ? options.cache : undefined;
  const id = tokenIdOf(token);
  if (id === undefined) return undefined;
  const cached = cache?.token(id);
  let found: { token: StoredToken; modRevision: number } | undefined;
  if (cache !== undefined && cached !== undefined) {
    if (expired(cached.record, now)) return undefined;
    if (cache.shouldRecordUse(id, cached.record.lastUsedAt, now.getTime(), LAST_USED_EVERY_MS)) {
      found = await recordUse(client, id, cached.record, cached.modRevision, now);
      const { id: _, ...record } = found.token;
      cache.tokenWritten(id, record, found.modRevision);
    } else {
      found = { token: { id, ...cached.record }, modRevision: cached.modRevision };
    }
  } else {
    found = await readToken(client, token, { now });
  }
  if (found === undefined) return undefined;
  const user = await userOf(client, found.token.owner, cache);
  if (user === undefined || user.disabled) return undefined;
  return { via: 'token', user, token: found.token, credentialRevision: found.modRevision };
}

/** User `name` from the cache when it holds them, else from etcd. */
async function userOf(
  client: EtcdClient,
  name: string,
  cache: CredentialCache | undefined,
): Promise<PublicUser | undefined> {
  const cached = cache?.inSync() ? cache.user(name) : undefined;
  if (cached !== undefined) return publicUser(cached.record, cached.modRevision);
  const found = await readUserRecord(client, name);
  return found && publicUser(found.record, found.modRevision);
}
