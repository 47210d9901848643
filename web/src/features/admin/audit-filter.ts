// The audit log's filters as the page holds them, and as GET /audit takes them (who, action or a
// family of actions, where it starts with, outcome).

export interface AuditFilter {
  /** A user name, exactly (`anonymous` for requests of nobody signed in). */
  readonly who: string;
  /** An action (`token.create`), or a family ending in `.` (`user.`). */
  readonly action: string;
  /** The start of the key, directory or user the entry is about. */
  readonly where: string;
  /** `''` for any outcome. */
  readonly outcome: '' | 'success' | 'failure' | 'denied';
}

export const NO_FILTER: AuditFilter = { who: '', action: '', where: '', outcome: '' };

export interface AuditQueryFilters {
  who?: string;
  action?: string;
  where?: string;
  outcome?: 'success' | 'failure' | 'denied';
}

/**
 * The query parameters of the filled-in fields, trimmed; none for an empty filter.
 *
 * @example
 * auditQueryOf({ ...NO_FILTER, action: ' user. ' }); // { action: 'user.' }
 */
export function auditQueryOf(filter: AuditFilter): AuditQueryFilters {
  const query: AuditQueryFilters = {};
  const who = filter.who.trim();
  const action = filter.action.trim();
  const where = filter.where.trim();
  if (who !== '') query.who = who;
  if (action !== '') query.action = action;
  if (where !== '') query.where = where;
  if (filter.outcome !== '') query.outcome = filter.outcome;
  return query;
}

/** Whether any field of the filter is filled in. */
export function isFiltering(filter: AuditFilter): boolean {
  return Object.keys(auditQueryOf(filter)).length > 0;
}

/**
 * An entry's detail as short text: `status 201, id 3f1c…`.
 *
 * @example
 * detailText({ status: 201, grants: 'editor on hack/' }); // 'status 201, grants editor on hack/'
 */
export function detailText(detail: Record<string, string | number | boolean | null> | undefined): string {
  if (detail === undefined) return '';
  return Object.entries(detail)
    .map(
      ([name, value]) =>
        `${name} ${typeof value === 'string' && /^[0-9a-f]{64}$/.test(value) ? `${value.slice(0, 8)}…` : String(value)}`,
    )
    .join(', ');
}
