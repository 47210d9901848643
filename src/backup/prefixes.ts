// The key prefixes a backup or restore covers: '' means every key.

/**
 * Sorts prefixes and drops those inside another one ('' covers all).
 *
 * @example
 * normalisePrefixes(['hack/', 'hack/storage/', 'app/']); // ['app/', 'hack/']
 */
export function normalisePrefixes(prefixes: readonly string[] | undefined): string[] {
  const given = prefixes === undefined || prefixes.length === 0 ? [''] : [...new Set(prefixes)];
  given.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const kept: string[] = [];
  for (const prefix of given) {
    if (!kept.some((outer) => prefix.startsWith(outer))) kept.push(prefix);
  }
  return kept;
}

/**
 * A test of whether a key lies under one of the prefixes, with the prefixes' bytes made once: it
 * runs for every record of a restore.
 *
 * @example
 * const covered = prefixMatcher(['hack/']);
 * covered(Buffer.from('hack/http/addr')); // true
 */
export function prefixMatcher(prefixes: readonly string[]): (key: Buffer) => boolean {
  const bytes = prefixes.map((prefix) => Buffer.from(prefix, 'utf8'));
  if (bytes.some((prefix) => prefix.length === 0)) return () => true;
  return (key) =>
    bytes.some(
      (prefix) =>
        key.length >= prefix.length && key.compare(prefix, 0, prefix.length, 0, prefix.length) === 0,
    );
}
