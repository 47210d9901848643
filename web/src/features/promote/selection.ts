// What can be copied between two compared directories, the keys picked, and the copy request made
// from them — as the API decides: sealed values are never copied, keys only in the target are
// deleted only when asked (prune).
import type { DiffEntry } from '../../shell/DiffTable';

/**
 * Why a compared path cannot be copied from `from`, in the user's words; undefined when it can.
 * A sealed value opens only under the key it was sealed for, so the server cannot copy it.
 *
 * @example
 * notCopyable(entry, 'registry-test'); // "sealed in registry-test: ..."
 */
export function notCopyable(entry: DiffEntry, from: string, to: string): string | undefined {
  if (entry.change !== 'removed' && entry.after?.sealed === true)
    return `sealed in ${from}: a sealed value opens only under its own key, so it is not copied; set ${to}/${entry.path} with a new sensitive value`;
  return undefined;
}

/**
 * The paths "select all" picks: every difference that can be copied, except keys only in the target
 * (deleting those is picked one by one, or with "also delete" when copying all).
 *
 * @example
 * copyablePaths(entries, 'registry-test', 'registry-production-1.0'); // ['http/addr', 'log/level']
 */
export function copyablePaths(entries: readonly DiffEntry[], from: string, to: string): string[] {
  return entries
    .filter((entry) => entry.change !== 'removed' && notCopyable(entry, from, to) === undefined)
    .map((entry) => entry.path);
}

/**
 * The picked paths still among the differences (a difference can vanish when the view refreshes).
 *
 * @example
 * pickedPaths(new Set(['a', 'gone']), entries); // ['a']
 */
export function pickedPaths(picked: ReadonlySet<string>, entries: readonly DiffEntry[]): string[] {
  return entries.filter((entry) => picked.has(entry.path)).map((entry) => entry.path);
}

/** The body of POST /copy, without `dryRun`. */
export interface CopyRequest {
  readonly from: string;
  readonly to: string;
  readonly paths?: string[];
  readonly prune: boolean;
  readonly message?: string;
}

/** What to copy: every difference (deleting keys only in the target when `prune`), or these paths. */
export type CopyChoice =
  | { readonly kind: 'all'; readonly prune: boolean }
  | { readonly kind: 'picked'; readonly paths: readonly string[] };

/**
 * The copy request for a choice. Picked paths only in the target are deleted, so picking any of
 * them asks for `prune` (the server applies it to the picked paths only).
 *
 * @example
 * copyRequest('registry-test', 'registry-production-1.0', { kind: 'picked', paths: ['http/addr'] }, entries, '');
 */
export function copyRequest(
  from: string,
  to: string,
  choice: CopyChoice,
  entries: readonly DiffEntry[],
  message: string,
): CopyRequest {
  const trimmed = message.trim();
  const withMessage = trimmed === '' ? {} : { message: trimmed };
  if (choice.kind === 'all') return { from, to, prune: choice.prune, ...withMessage };
  const removed = new Set(entries.filter((e) => e.change === 'removed').map((e) => e.path));
  return {
    from,
    to,
    paths: [...choice.paths],
    prune: choice.paths.some((path) => removed.has(path)),
    ...withMessage,
  };
}
