// Key paths shown relative to the directory being looked at (`http/addr` in hack/), as the rest of
// the UI names them.
import type { DiffEntry } from '../../shell/DiffTable';

/**
 * `key` relative to `directory`; a key outside it stays whole.
 *
 * @example
 * relativeKey('hack', 'hack/http/addr'); // 'http/addr'
 */
export function relativeKey(directory: string, key: string): string {
  return key.startsWith(`${directory}/`) ? key.slice(directory.length + 1) : key;
}

/**
 * Diff entries with their paths relative to `directory`.
 *
 * @example
 * relativeEntries('hack', entries); // [{ path: 'http/addr', ... }]
 */
export function relativeEntries(directory: string, entries: readonly DiffEntry[]): DiffEntry[] {
  return entries.map((entry) => ({ ...entry, path: relativeKey(directory, entry.path) }));
}
