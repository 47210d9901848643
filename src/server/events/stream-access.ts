// Who may see which event of a live stream, and whether the stream's caller is still signed in:
// a stream outlives the request that opened it, so a revoked token, an ended session, a disabled
// user or changed grants must reach it too.
import type { EtcdClient } from '../../etcd/index.js';
import { sessionPath, tokenPath, userPath } from '../../keyspace/index.js';
import { can, getUser, type Principal, sha256Hex } from '../auth/index.js';
import type { ServerEvent } from './server-events.js';

/**
 * Whether `principal` may see `event`: a change if it may read the key, an agent's status if it
 * may read the agent's directory, backup progress and resets as admins and everyone resp.
 *
 * @example
 * if (mayNotice(principal, event)) write(event);
 */
export function mayNotice(principal: Principal, event: ServerEvent): boolean {
  const grants = principal.user.grants;
  switch (event.kind) {
    case 'change':
      return can(grants, 'read', event.data.key);
    case 'agent':
      // A unit whose status this server never saw has no known directory: admins only.
      return event.data.directory === null
        ? can(grants, 'admin', '')
        : can(grants, 'read', `${event.data.directory}/`);
    case 'backup':
      return can(grants, 'admin', '');
    case 'reset':
      return true;
    case 'access':
      return false;
  }
}

/**
 * The etcd records whose change may end the caller's access: its user, and its token or session.
 *
 * @example
 * const keys = accessKeysOf(principal); // { '_setpoint/users/alice', '_setpoint/tokens/9f86…' }
 */
export function accessKeysOf(principal: Principal): Set<string> {
  return new Set([userPath(principal.user.name), credentialKeyOf(principal)]);
}

/**
 * The caller as it stands now — its user record re-read (grants, disabled) and its token or session
 * still present and unexpired — or undefined when it is signed out. Renews nothing: an open stream
 * does not keep a session alive.
 *
 * @example
 * const now = await stillSignedIn(client, principal);
 * if (now === undefined) stream.end();
 */
export async function stillSignedIn(
  client: EtcdClient,
  principal: Principal,
): Promise<Principal | undefined> {
  const user = await getUser(client, principal.user.name);
  if (user === undefined || user.disabled) return undefined;
  const kv = (await client.etcd.get(credentialKeyOf(principal)).exec()).kvs[0];
  if (kv === undefined) return undefined;
  if (principal.via === 'token' && expired(kv.value)) return undefined;
  return { ...principal, user };
}

function credentialKeyOf(principal: Principal): string {
  return principal.via === 'token'
    ? tokenPath(principal.token.id)
    : sessionPath(sha256Hex(principal.session.id));
}

function expired(value: Buffer, now = Date.now()): boolean {
  try {
    const { expiresAt } = JSON.parse(value.toString('utf8')) as { expiresAt?: unknown };
    return typeof expiresAt === 'string' && Date.parse(expiresAt) <= now;
  } catch {
    return true;
  }
}
