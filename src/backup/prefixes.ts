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
 * Whether a key lies under one of the prefixes.
 *
 * @example
 * underPrefixes(Buffer.from('hack/http/addr'), ['hack/']); // true
 */
export function underPrefixes(key: Buffer, prefixes: readonly string[]): boolean {
  return prefixes.some(
    (prefix) => prefix === '' || key.subarray(0, Buffer.byteLength(prefix)).equals(Buffer.from(prefix)),
  );
}
