// What the history view works out from the API's answers: the key a `?key=` names, the two points
// picked for a diff, who made a change, and whether the timeline has caught up with a change.

/**
 * The full key path a `?key=` parameter names in directory `directory`: a full path
 * (`hack/http/addr`) as it is, a path relative to the directory (`http/addr`) under it; undefined
 * for no parameter (the whole directory's history).
 *
 * @example
 * keyOfParam('hack', 'http/addr'); // 'hack/http/addr'
 */
export function keyOfParam(directory: string, param: string | null): string | undefined {
  if (param === null) return undefined;
  const trimmed = param.replace(/^\/+/, '');
  if (trimmed === '') return undefined;
  return trimmed.startsWith(`${directory}/`) ? trimmed : `${directory}/${trimmed}`;
}

/**
 * The path the history API reads: the key, or the directory as a prefix ending in '/'.
 *
 * @example
 * historyPath('hack'); // 'hack/'
 */
export function historyPath(directory: string, key?: string): string {
  return key ?? `${directory}/`;
}

/**
 * The points picked after clicking `revision`: clicked again it is dropped; a third point replaces
 * the one picked first, so at most two are ever picked. Kept in the order they were picked.
 *
 * @example
 * pickPoint([812, 700], 650); // [700, 650]
 */
export function pickPoint(picked: readonly number[], revision: number): number[] {
  if (picked.includes(revision)) return picked.filter((r) => r !== revision);
  return [...picked, revision].slice(-2);
}

/** What a diff compares: the state at revision `from` with the state at `to` (undefined: now). */
export interface ComparedPoints {
  readonly from: number;
  readonly to?: number;
}

/**
 * The diff the picked points ask for: the older against the newer, or one point against now.
 *
 * @example
 * pointsToCompare([812, 700]); // { from: 700, to: 812 }
 */
export function pointsToCompare(picked: readonly number[]): ComparedPoints | undefined {
  if (picked.length === 0) return undefined;
  const sorted = [...picked].sort((a, b) => a - b);
  const [from, to] = sorted as [number, number | undefined];
  return to === undefined ? { from } : { from, to };
}

/**
 * The diff of what one revision changed: the state just before it against the state at it.
 *
 * @example
 * changesOf(812); // { from: 811, to: 812 }
 */
export function changesOf(revision: number): ComparedPoints {
  return { from: Math.max(1, revision - 1), to: revision };
}

/**
 * Who made a change, in words: the user, else that it was made without the API (etcdctl, a restore,
 * or the value seen when recording began).
 *
 * @example
 * authorOf({ user: 'alice' }); // 'alice'
 */
export function authorOf(entry: { readonly user?: string }): string {
  return entry.user ?? 'outside Setpoint';
}

/**
 * How a change was made, in words (`source` of its change record); undefined for a single key put
 * or deleted (the usual case, not worth a word) and for changes made outside the API.
 *
 * @example
 * sourceLabel('changeset'); // 'change set'
 */
export function sourceLabel(source: string | undefined): string | undefined {
  if (source === undefined || source === 'put' || source === 'delete') return undefined;
  const words: Record<string, string> = {
    changeset: 'change set',
    rollback: 'restore',
    copy: 'promote',
    import: 'import',
    template: 'template',
  };
  return words[source] ?? source;
}

/**
 * Whether a timeline whose newest entry is `newest` still lacks a change published at `awaited`
 * (the history recorder copies a change a moment after it is published).
 *
 * @example
 * isBehind(812, 830); // true
 */
export function isBehind(newest: number | undefined, awaited: number | undefined): boolean {
  if (awaited === undefined) return false;
  return newest === undefined || newest < awaited;
}
