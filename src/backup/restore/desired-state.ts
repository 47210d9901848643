// The state a restore aims for, as a stream of records in etcd's key order: the full backup's
// records with the delta changes after it laid over them (a later change wins, a delete removes).
import type { BackupRecord } from '../format/record.js';
import { prefixMatcher } from '../prefixes.js';

/**
 * Merges a full backup's records (in key order) with changes after it.
 *
 * @example
 * for await (const record of desiredState(backup.records(), point.deltas.flatMap((d) => d.changes), manifest.prefixes)) …
 */
export async function* desiredState(
  base: AsyncIterable<BackupRecord>,
  changes: readonly BackupRecord[],
  basePrefixes: readonly string[],
): AsyncGenerator<BackupRecord> {
  const latest = new Map<string, BackupRecord>();
  const inBackup = prefixMatcher(basePrefixes);
  for (const change of changes) {
    if (inBackup(change.key)) latest.set(change.key.toString('latin1'), change);
  }
  const overlay = [...latest.values()].sort((a, b) => Buffer.compare(a.key, b.key));
  let next = 0;
  for await (const record of base) {
    while (next < overlay.length && Buffer.compare(overlay[next]!.key, record.key) < 0) {
      const change = overlay[next++]!;
      if (change.kind !== 'delete') yield change;
    }
    if (next < overlay.length && overlay[next]!.key.equals(record.key)) {
      const change = overlay[next++]!;
      if (change.kind !== 'delete') yield change;
      continue;
    }
    yield record;
  }
  while (next < overlay.length) {
    const change = overlay[next++]!;
    if (change.kind !== 'delete') yield change;
  }
}
