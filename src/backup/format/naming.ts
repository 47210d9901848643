// Where a backup's objects live inside a target: `full/<id>/` for full backups, `deltas/` for the
// continuous history between them. Names sort by time and revision.

/** The folder of full backups. */
export const FULL_PREFIX = 'full/';
/** The folder of delta segments. */
export const DELTAS_PREFIX = 'deltas/';
/** The data object's name inside a full backup's folder. */
export const DATA_NAME = 'data.jsonl.gz';
/** The manifest's name inside a full backup's folder. */
export const MANIFEST_NAME = 'manifest.json';

const revisionDigits = 16;

/**
 * A full backup's id: its UTC time and revision, e.g. `20261130T063000Z-r42`.
 *
 * @example
 * backupId(new Date('2026-11-30T06:30:00Z'), 42); // '20261130T063000Z-r42'
 */
export function backupId(time: Date, revision: number): string {
  const stamp = time
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${stamp}-r${revision}`;
}

/**
 * The object names of a full backup.
 *
 * @example
 * fullBackupObjects('20261130T063000Z-r42').manifest; // 'full/20261130T063000Z-r42/manifest.json'
 */
export function fullBackupObjects(id: string): { folder: string; data: string; manifest: string } {
  const folder = `${FULL_PREFIX}${id}/`;
  return { folder, data: `${folder}${DATA_NAME}`, manifest: `${folder}${MANIFEST_NAME}` };
}

/**
 * A delta segment's name: the revisions it covers, both included, zero-padded so names sort.
 *
 * @example
 * deltaName(43, 97); // 'deltas/0000000000000043-0000000000000097.jsonl.gz'
 */
export function deltaName(from: number, to: number): string {
  return `${DELTAS_PREFIX}${pad(from)}-${pad(to)}.jsonl.gz`;
}

/**
 * The revisions a delta segment covers, from its name; undefined for anything else.
 *
 * @example
 * parseDeltaName('deltas/0000000000000043-0000000000000097.jsonl.gz'); // { from: 43, to: 97 }
 */
export function parseDeltaName(name: string): { from: number; to: number } | undefined {
  const match = /^deltas\/(\d{16})-(\d{16})\.jsonl\.gz$/.exec(name);
  if (match === null) return undefined;
  return { from: Number(match[1]), to: Number(match[2]) };
}

/**
 * The id of the full backup an object belongs to, from its name.
 *
 * @example
 * backupIdOf('full/20261130T063000Z-r42/manifest.json'); // '20261130T063000Z-r42'
 */
export function backupIdOf(name: string): string | undefined {
  const match = /^full\/([^/]+)\//.exec(name);
  return match?.[1];
}

function pad(revision: number): string {
  return String(revision).padStart(revisionDigits, '0');
}
