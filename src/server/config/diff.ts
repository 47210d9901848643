// What changes between two states of some keys: added, removed and changed keys, with sealed values
// shown as sealed (their content never), compared by their stored text.
import { isSealed } from '../../crypto/index.js';

/**
 * One side of a diff entry: sealed, or the value; with the revision it was set at when known.
 *
 * @example
 * { sealed: false, value: ':5000', modRevision: 41 }
 */
export interface DiffSide {
  readonly sealed: boolean;
  readonly value?: string;
  readonly modRevision?: number;
}

/**
 * One key that differs. `path` is the key, or its path relative to the compared directories.
 *
 * @example
 * { path: 'http/addr', change: 'changed', before: { sealed: false, value: ':5000' }, after: { sealed: false, value: ':5001' } }
 */
export interface DiffEntry {
  readonly path: string;
  readonly change: 'added' | 'removed' | 'changed';
  readonly before?: DiffSide;
  readonly after?: DiffSide;
}

/** A stored value and the revision it was set at, as `diffStates` takes them. */
export interface StoredSide {
  readonly stored: string;
  readonly modRevision?: number;
}

/**
 * The view of a stored value: sealed, or the value.
 *
 * @example
 * sideOf({ stored: ':5000', modRevision: 4 }); // { sealed: false, value: ':5000', modRevision: 4 }
 */
export function sideOf(side: StoredSide): DiffSide {
  const sealed = isSealed(side.stored);
  return {
    sealed,
    ...(sealed ? {} : { value: side.stored }),
    ...(side.modRevision !== undefined ? { modRevision: side.modRevision } : {}),
  };
}

/**
 * The keys whose stored text differs between `before` and `after` (path -> stored side), in path order.
 *
 * @example
 * diffStates(new Map([['a', { stored: '1' }]]), new Map([['a', { stored: '2' }], ['b', { stored: 'x' }]]));
 * // [{ path: 'a', change: 'changed', ... }, { path: 'b', change: 'added', ... }]
 */
export function diffStates(
  before: ReadonlyMap<string, StoredSide>,
  after: ReadonlyMap<string, StoredSide>,
): DiffEntry[] {
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort(byBytes);
  const entries: DiffEntry[] = [];
  for (const path of paths) {
    const b = before.get(path);
    const a = after.get(path);
    if (b !== undefined && a !== undefined) {
      if (b.stored !== a.stored)
        entries.push({ path, change: 'changed', before: sideOf(b), after: sideOf(a) });
    } else if (a !== undefined) {
      entries.push({ path, change: 'added', after: sideOf(a) });
    } else if (b !== undefined) {
      entries.push({ path, change: 'removed', before: sideOf(b) });
    }
  }
  return entries;
}

/** Key order as etcd keeps it: by UTF-8 bytes. */
export function byBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
