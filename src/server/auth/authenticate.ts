// Who a request is: from a session cookie or an API token, checked against the user's current record.
import type { EtcdClient } from '../../etcd/index.js';
import { lookupSession, type Session } from './sessions.js';
import { lookupToken, type StoredToken } from './tokens.js';
import { getUser, type PublicUser } from './users.js';

/**
 * An authenticated caller: the user as stored now, and how they proved it.
 *
 * @example
 * if (can(principal.user.grants, 'write', key)) await put(key, value);
 */
export type Principal =
  | { readonly via: 'session'; readonly user: PublicUser; readonly session: Session }
  | { readonly via: 'token'; readonly user: PublicUser; readonly token: StoredToken };

/**
 * The caller behind a session id (the cookie value), or undefined when the session is unknown or
 * expired, or its user is deleted or disabled. Renews the session as `lookupSession` does.
 *
 * @example
 * const principal = await authenticateSession(client, request.cookies.setpoint_session);
 */
export async function authenticateSession(
  client: EtcdClient,
  sessionId: string,
): Promise<Principal | undefined> {
  const session = await lookupSession(client, sessionId);
  if (session === undefined) return undefined;
  const user = await getUser(client, session.user);
  if (user === undefined || user.disabled) return undefined;
  return { via: 'session', user, session };
}

/**
 * The caller behind an API token, or undefined when the token is unknown, revoked or expired, or its
 * owner is deleted or disabled.
 *
 * @example
 * const principal = await authenticateToken(client, bearerToken);
 */
export async function authenticateToken(client: EtcdClient, token: string): Promise<Principal | undefined> {
  const found = await lookupToken(client, token);
  if (found === undefined) return undefined;
  const user = await getUser(client, found.owner);
  if (user === undefined || user.disabled) return undefined;
  return { via: 'token', user, token: found };
}
