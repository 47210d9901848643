// The state a restore aims for, as a stream of records in etcd's key order: the full backup's
// records with the delta changes after it laid over them (a later change wins, a delete removes).
import type { BackupRecord } from '../format/record.js';
import { prefixMatcher } from '../prefixes.js';

/**
 * Merges a full backup's records (in key order, in batches) with changes after it; yields batches.
 *
 * @example
 * for await (const records of desiredState(backup.recordBatches(), point.deltas.flatMap((d) => d.changes), manifest.prefixes)) …
 */
export async function* desiredState(
  base: AsyncIterable<readonly BackupRecord[]>,
  changes: readonly BackupRecord[],
  basePrefixes: readonly string[],
): AsyncGenerator<BackupRecord[]> {
  const latest = new Map<string, BackupRecord>();
  const inBackup = prefixMatcher(basePrefixes);
  for (const change of changes) {
    if (inBackup(change.key)) latest.set(change.key.toString('latin1'), change);
  }
  const overlay = [...latest.values()].sort((a, b) => Buffer.compare(a.key, b.key));
  let next = 0;
  for await (const records of base) {
    const out: BackupRecord[] = [];
    for (const record of records) {
      while (next < overlay.length && Buffer.compare(overlay[next]!.key, record.key) < 0) {
        const change = overlay[next++]!;
        if (change.kind !== 'delete') out.push(change);
      }
      if (next < overlay.length && overlay[next]!.key.equals(record.key)) {
        const change = overlay[next++]!;
        if (change.kind !== 'delete') out.push(change);
        continue;
      }
      out.push(record);
    }
    if (out.length > 0) yield out;
  }
  const rest = overlay.slice(next).filter((change) => change.kind !== 'delete');
  if (rest.length > 0) yield rest;
}
