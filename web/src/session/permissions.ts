// What the signed-in user may do, by the server's own rule (src/server/auth/roles.ts), so the UI
// hides or explains exactly what the API would refuse.
import { type Action, can, minimumRole } from '../../../src/server/auth/roles';
import type { SignedInUser } from './useSession';

export type { Action };

/**
 * Whether `user` may do `action` on `key` (`''` for actions not about a key: users, audit, backups).
 *
 * @example
 * allows(user, 'write', 'hack/http/addr');
 */
export function allows(user: SignedInUser, action: Action, key: string): boolean {
  return can(user.grants, action, key);
}

/**
 * Why an action is not allowed, in words for a tooltip; undefined when it is allowed.
 *
 * @example
 * <Tooltip label={whyNot(user, 'publish', 'hack/')}>...
 */
export function whyNot(user: SignedInUser, action: Action, key: string): string | undefined {
  if (allows(user, action, key)) return undefined;
  const where = key === '' ? 'on everything' : `on ${key}`;
  return `${action} needs the ${minimumRole(action)} role ${where}; you are ${user.name}, ask an admin for a grant`;
}
