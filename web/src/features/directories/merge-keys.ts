// Keeping a directory's keys up to date key by key: the keys a live change named, read again, merged
// into what was read of the whole directory (a directory of 10,000 keys is not read again for one).

/** What the merge needs of a key. */
export interface ReadKey {
  readonly key: string;
  readonly modRevision: number;
}

/**
 * `previous` with each key of `reads` put in its place (changed), removed (read as undefined: it
 * is gone) or added in etcd's key order (new); the revision is the newest seen.
 *
 * @example
 * mergeKeys({ revision: 10, keys }, new Map([['hack/http/addr', addrNow], ['hack/old', undefined]]));
 */
export function mergeKeys<K extends ReadKey>(
  previous: { readonly revision: number; readonly keys: readonly K[] },
  reads: ReadonlyMap<string, K | undefined>,
): { revision: number; keys: K[] } {
  let revision = previous.revision;
  for (const key of reads.values()) if (key !== undefined) revision = Math.max(revision, key.modRevision);
  const known = new Set<string>();
  const keys: K[] = [];
  for (const key of previous.keys) {
    known.add(key.key);
    if (!reads.has(key.key)) keys.push(key);
    else {
      const now = reads.get(key.key);
      if (now !== undefined) keys.push(now);
    }
  }
  const added = [...reads.values()].filter((key): key is K => key !== undefined && !known.has(key.key));
  if (added.length === 0) return { revision, keys };
  // Only a new key costs a sort.
  return { revision, keys: [...keys, ...added].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)) };
}
