// Filtering the audit entries loaded in the browser by user, action and path (GET /audit has no
// filters: the screen says it filters what it has loaded).

export interface AuditEntryFields {
  readonly who: string;
  readonly action: string;
  readonly where: string;
  readonly from: string;
  readonly outcome: string;
}

export interface AuditFilter {
  /** Part of the user name. */
  readonly who: string;
  /** Part of the action (`user.`, `token.create`, `login`). */
  readonly action: string;
  /** Part of the key, directory or user the entry is about. */
  readonly where: string;
  /** `''` for any outcome. */
  readonly outcome: string;
}

export const NO_FILTER: AuditFilter = { who: '', action: '', where: '', outcome: '' };

/**
 * The entries matching every filled-in field of the filter (case-insensitive parts).
 *
 * @example
 * filterAudit(entries, { ...NO_FILTER, who: 'alice' });
 */
export function filterAudit<T extends AuditEntryFields>(entries: readonly T[], filter: AuditFilter): T[] {
  const has = (text: string, part: string) =>
    part.trim() === '' || text.toLowerCase().includes(part.trim().toLowerCase());
  return entries.filter(
    (entry) =>
      has(entry.who, filter.who) &&
      has(entry.action, filter.action) &&
      has(entry.where, filter.where) &&
      (filter.outcome === '' || entry.outcome === filter.outcome),
  );
}

/** Whether any field of the filter is filled in. */
export function isFiltering(filter: AuditFilter): boolean {
  return Object.values(filter).some((value) => value.trim() !== '');
}

/**
 * An entry's detail as short text: `status 201, id 3f1c…e9`.
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
