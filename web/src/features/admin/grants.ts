// Grants as the users screen edits them: a role on a prefix, described in words, added and removed
// as pure functions (tested beside this file). The server checks the rule; this only shapes input.

export const ROLES = ['viewer', 'editor', 'publisher', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Grant {
  readonly role: Role;
  /** '' for everything, or a directory path ending in '/'. */
  readonly prefix: string;
}

/**
 * A grant in words: `editor on hack/`, `admin on everything`.
 *
 * @example
 * describeGrant({ role: 'admin', prefix: '' }); // 'admin on everything'
 */
export function describeGrant(grant: Grant): string {
  return `${grant.role} on ${grant.prefix === '' ? 'everything' : grant.prefix}`;
}

/**
 * The prefix as the API takes it from what was typed: trimmed, a directory name given its `/`,
 * `''` (or `*`, `/`) for everything.
 *
 * @example
 * prefixOf('hack'); // 'hack/'
 */
export function prefixOf(typed: string): string {
  const text = typed.trim();
  if (text === '' || text === '*' || text === '/') return '';
  return text.endsWith('/') ? text : `${text}/`;
}

/**
 * The grants with `grant` added; a grant on the same prefix is replaced (one role per prefix: the
 * highest decides anyway, two would only confuse).
 *
 * @example
 * withGrant([{ role: 'viewer', prefix: 'hack/' }], { role: 'editor', prefix: 'hack/' });
 * // [{ role: 'editor', prefix: 'hack/' }]
 */
export function withGrant(grants: readonly Grant[], grant: Grant): Grant[] {
  const others = grants.filter((existing) => existing.prefix !== grant.prefix);
  return [...others, grant].sort((a, b) => a.prefix.localeCompare(b.prefix));
}

/**
 * The grants without the one on `prefix`.
 *
 * @example
 * withoutGrant(grants, 'hack/');
 */
export function withoutGrant(grants: readonly Grant[], prefix: string): Grant[] {
  return grants.filter((grant) => grant.prefix !== prefix);
}

/** Whether two grant lists grant the same (order aside). */
export function sameGrants(a: readonly Grant[], b: readonly Grant[]): boolean {
  const text = (grants: readonly Grant[]) => grants.map(describeGrant).sort().join('\n');
  return text(a) === text(b);
}

/** Whether the grants make their holder an admin on everything (may manage users, backups…). */
export function isAdminOnEverything(grants: readonly Grant[]): boolean {
  return grants.some((grant) => grant.role === 'admin' && grant.prefix === '');
}

/**
 * The users whose name or a grant (in words) holds the text, case-insensitive; all for no text.
 *
 * @example
 * findUsers(users, 'hack/'); // everyone with a grant on hack/
 */
export function findUsers<T extends { readonly name: string; readonly grants: readonly Grant[] }>(
  users: readonly T[],
  text: string,
): T[] {
  const wanted = text.trim().toLowerCase();
  if (wanted === '') return [...users];
  return users.filter(
    (user) =>
      user.name.toLowerCase().includes(wanted) ||
      user.grants.some((grant) => describeGrant(grant).toLowerCase().includes(wanted)),
  );
}
