// Roles granted per directory prefix, and the one rule deciding whether grants allow an action on a key.
// The reserved prefix from its own file (no etcd client, no Node API behind it): the web UI bundles this rule.
import { RESERVED_PREFIX } from '../../keyspace/reserved-prefix.js';
import { GrantError } from './errors.js';

/**
 * The roles, lowest first: each allows everything the ones before it allow.
 *
 * @example
 * ROLES.indexOf('publisher') > ROLES.indexOf('editor'); // true
 */
export const ROLES = ['viewer', 'editor', 'publisher', 'admin'] as const;

/**
 * One of `ROLES`.
 *
 * @example
 * const role: Role = 'editor';
 */
export type Role = (typeof ROLES)[number];

/**
 * What a request does: `read` keys and history; `write` stages, puts and deletes; `publish`
 * publishes change sets, rolls back and restores; `admin` manages users, tokens, backup settings
 * and reads the audit log.
 *
 * @example
 * can(user.grants, 'publish', 'hack/http/addr');
 */
export type Action = 'read' | 'write' | 'publish' | 'admin';

/**
 * The action table: each action, the lowest role allowing it, and what it covers. The HTTP layer
 * maps every endpoint to one action; its authorisation matrix test is generated from this table.
 *
 * @example
 * for (const { action, minimumRole } of ACTIONS) console.log(action, minimumRole);
 */
export const ACTIONS: readonly { action: Action; minimumRole: Role; covers: string }[] = [
  { action: 'read', minimumRole: 'viewer', covers: 'read keys, directories, history, diffs, agent status' },
  { action: 'write', minimumRole: 'editor', covers: 'stage changes, put and delete keys' },
  {
    action: 'publish',
    minimumRole: 'publisher',
    covers: 'publish change sets, roll back, copy, import, change or delete directories',
  },
  { action: 'admin', minimumRole: 'admin', covers: 'users, tokens, backups and restores, the audit log' },
];

/**
 * A role granted on a prefix: `''` is everything, `hack/` the directory `hack` and all under it.
 *
 * @example
 * const grant: Grant = { role: 'editor', prefix: 'hack/' };
 */
export interface Grant {
  readonly role: Role;
  readonly prefix: string;
}

function rank(role: Role): number {
  return ROLES.indexOf(role);
}

/**
 * The lowest role allowing `action`.
 *
 * @example
 * minimumRole('write'); // 'editor'
 */
export function minimumRole(action: Action): Role {
  const row = ACTIONS.find((a) => a.action === action);
  if (row === undefined) throw new TypeError(`unknown action ${JSON.stringify(action)}`);
  return row.minimumRole;
}

/**
 * Whether `role` allows `action` (anywhere its prefix covers).
 *
 * @example
 * roleAllows('editor', 'publish'); // false
 */
export function roleAllows(role: Role, action: Action): boolean {
  return rank(role) >= rank(minimumRole(action));
}

/**
 * Whether a grant on `prefix` covers `key`: `''` covers every key; `hack/` covers `hack` itself and
 * every key under `hack/`, never `hack-2/...`.
 *
 * @example
 * prefixCovers('hack/', 'hack/http/addr'); // true
 * prefixCovers('hack/', 'hackers/x'); // false
 */
export function prefixCovers(prefix: string, key: string): boolean {
  return key.startsWith(prefix) || `${key}/` === prefix;
}

/**
 * The highest role among the grants covering `key`, or undefined when none does. Keys under
 * `_setpoint/` are covered only by grants on `''`.
 *
 * @example
 * highestRole([{ role: 'viewer', prefix: '' }, { role: 'editor', prefix: 'hack/' }], 'hack/x'); // 'editor'
 */
export function highestRole(grants: readonly Grant[], key: string): Role | undefined {
  let best: Role | undefined;
  for (const grant of grants) {
    if (!prefixCovers(grant.prefix, key)) continue;
    if (best === undefined || rank(grant.role) > rank(best)) best = grant.role;
  }
  return best;
}

function isReserved(key: string): boolean {
  return key === '_setpoint' || key.startsWith(RESERVED_PREFIX);
}

/**
 * Whether `grants` allow `action` on `key`: the highest role among the grants whose prefix covers
 * the key decides. Keys under `_setpoint/` are admin-only (an admin grant on `''`), whatever the
 * action. Actions that are not about one key (users, tokens, the audit log) ask about key `''`,
 * which only grants on `''` cover.
 *
 * @example
 * can([{ role: 'editor', prefix: 'hack/' }], 'write', 'hack/http/addr'); // true
 * can([{ role: 'editor', prefix: 'hack/' }], 'publish', 'hack/http/addr'); // false
 * can([{ role: 'admin', prefix: '' }], 'admin', ''); // true
 */
export function can(grants: readonly Grant[], action: Action, key: string): boolean {
  const role = highestRole(grants, key);
  if (role === undefined) return false;
  if (isReserved(key)) return role === 'admin';
  return roleAllows(role, action);
}

/**
 * Every action `grants` allow on `key`, in table order (for a UI to show or hide buttons).
 *
 * @example
 * allowedActions([{ role: 'editor', prefix: '' }], 'hack/x'); // ['read', 'write']
 */
export function allowedActions(grants: readonly Grant[], key: string): Action[] {
  return ACTIONS.map((a) => a.action).filter((action) => can(grants, action, key));
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const prefixSegment = /^[^\u0000-\u001f\u007f-\u009f/]+$/u;

/**
 * Throws `GrantError` unless the role is one of `ROLES` and the prefix is `''` or a key path ending
 * in `/` (no empty, `.` or `..` segment, no control character, not under `_setpoint/`).
 *
 * @example
 * validateGrant({ role: 'editor', prefix: 'hack/' }); // ok
 * validateGrant({ role: 'editor', prefix: 'hack' }); // throws: end it with '/'
 */
export function validateGrant(grant: Grant): void {
  if (typeof grant !== 'object' || grant === null) throw new GrantError('give { role, prefix }');
  if (!(ROLES as readonly string[]).includes(grant.role)) {
    throw new GrantError(`role ${JSON.stringify(grant.role)} is not one of ${ROLES.join(', ')}`);
  }
  const { prefix } = grant;
  if (typeof prefix !== 'string') throw new GrantError('the prefix must be a string');
  if (prefix === '') return;
  if (!prefix.endsWith('/')) {
    throw new GrantError(
      `prefix '${prefix}' must end with '/' (write '${prefix}/'), or be '' for everything`,
    );
  }
  if (isReserved(prefix)) {
    throw new GrantError(
      `prefix '${prefix}' is reserved; Setpoint's own records are reached through admin on ''`,
    );
  }
  for (const segment of prefix.slice(0, -1).split('/')) {
    if (segment === '' || segment === '.' || segment === '..' || !prefixSegment.test(segment)) {
      throw new GrantError(
        `prefix '${prefix}' holds an empty, '.', '..' or control-character segment; write a directory path such as 'hack/'`,
      );
    }
  }
}
