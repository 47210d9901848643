// What a target holds: full backups (usable, incomplete or damaged) and delta segments. A backup is
// usable only with a valid manifest and a data object of the manifest's size (and, when asked, parts
// that match: Swift segments); `verify` and restores then check every byte against its SHA-256.
import { BackupError } from './errors.js';
import { type BackupManifest, parseManifest } from './format/manifest.js';
import {
  backupIdOf,
  DELTAS_PREFIX,
  FULL_PREFIX,
  fullBackupObjects,
  MANIFEST_NAME,
  parseDeltaName,
} from './format/naming.js';
import { type BackupTarget, readText } from './target/target.js';

/**
 * One full backup found in a target.
 *
 * @example
 * const usable = (await listBackups(target)).filter((entry) => entry.status === 'usable');
 */
export type BackupEntry =
  | { readonly id: string; readonly status: 'usable'; readonly manifest: BackupManifest }
  | { readonly id: string; readonly status: 'incomplete' | 'damaged'; readonly problem: string };

/**
 * One delta segment found in a target.
 *
 * @example
 * const deltas = await listDeltas(target); // in revision order
 */
export interface DeltaEntry {
  readonly name: string;
  readonly from: number;
  readonly to: number;
  readonly bytes: number;
}

/**
 * Every full backup in the target, oldest revision first (unusable ones by id, at the end). With
 * `checkParts`, each usable one's parts are checked too (on Swift: a request per segment), as `ls`
 * does; restores skip that here because they check the one backup they read.
 *
 * @example
 * for (const entry of await listBackups(target, { checkParts: true })) console.log(entry.id, entry.status);
 */
export async function listBackups(
  target: BackupTarget,
  options: { checkParts?: boolean } = {},
): Promise<BackupEntry[]> {
  const objects = new Map<string, Map<string, number>>();
  for await (const entry of target.list(FULL_PREFIX)) {
    const id = backupIdOf(entry.name);
    if (id === undefined) continue;
    const files = objects.get(id) ?? new Map<string, number>();
    files.set(entry.name.slice(`${FULL_PREFIX}${id}/`.length), entry.bytes);
    objects.set(id, files);
  }
  const entries: BackupEntry[] = [];
  for (const [id, files] of objects) {
    const entry = await describe(target, id, files);
    const problems =
      entry.status === 'usable' && options.checkParts ? await partProblems(target, entry.manifest) : [];
    entries.push(problems.length > 0 ? { id, status: 'damaged', problem: problems.join('; ') } : entry);
  }
  return entries.sort(byRevision);
}

/**
 * A usable backup by id; throws BACKUP_NOT_FOUND or the reason it cannot be used.
 *
 * @example
 * const manifest = await findBackup(target, '20261130T063000Z-r42');
 */
export async function findBackup(target: BackupTarget, id: string): Promise<BackupManifest> {
  const files = new Map<string, number>();
  for await (const entry of target.list(fullBackupObjects(id).folder)) {
    files.set(entry.name.slice(fullBackupObjects(id).folder.length), entry.bytes);
  }
  if (files.size === 0) {
    throw new BackupError(
      'BACKUP_NOT_FOUND',
      `no backup '${id}' in ${target.description}; see setpoint backup ls`,
    );
  }
  const entry = await describe(target, id, files);
  if (entry.status !== 'usable') {
    throw new BackupError(
      entry.status === 'incomplete' ? 'BACKUP_INCOMPLETE' : 'BACKUP_CORRUPT',
      `backup '${id}' in ${target.description} cannot be used: ${entry.problem}`,
    );
  }
  return entry.manifest;
}

/**
 * Every delta segment, in revision order.
 *
 * @example
 * const newest = (await listDeltas(target)).at(-1)?.to;
 */
export async function listDeltas(target: BackupTarget): Promise<DeltaEntry[]> {
  const deltas: DeltaEntry[] = [];
  for await (const entry of target.list(DELTAS_PREFIX)) {
    const range = parseDeltaName(entry.name);
    if (range !== undefined) deltas.push({ name: entry.name, ...range, bytes: entry.bytes });
  }
  return deltas.sort((a, b) => a.from - b.from || a.to - b.to);
}

async function describe(target: BackupTarget, id: string, files: Map<string, number>): Promise<BackupEntry> {
  const { manifest: manifestName } = fullBackupObjects(id);
  if (!files.has(MANIFEST_NAME)) {
    return {
      id,
      status: 'incomplete',
      problem: 'it has no manifest (the backup was cut off before it finished)',
    };
  }
  let manifest: BackupManifest;
  try {
    manifest = parseManifest(await readText(target, manifestName), manifestName);
  } catch (err) {
    return { id, status: 'damaged', problem: (err as Error).message };
  }
  const dataBytes = files.get(manifest.data);
  if (dataBytes === undefined)
    return { id, status: 'damaged', problem: `its data object ${manifest.data} is missing` };
  if (dataBytes !== manifest.bytes) {
    return {
      id,
      status: 'damaged',
      problem: `its data object holds ${dataBytes} bytes, its manifest says ${manifest.bytes}`,
    };
  }
  return { id, status: 'usable', manifest };
}

/**
 * The name of a backup's data object in its target.
 *
 * @example
 * dataObjectOf(manifest); // 'full/20261130T063000Z-r42/data.jsonl.gz'
 */
export function dataObjectOf(manifest: BackupManifest): string {
  return `${fullBackupObjects(manifest.id).folder}${manifest.data}`;
}

/**
 * What the target finds wrong with a backup's stored parts without reading them (see
 * `BackupTarget.checkParts`), each problem naming its part.
 *
 * @example
 * const problems = await partProblems(target, manifest);
 */
export function partProblems(target: BackupTarget, manifest: BackupManifest): Promise<string[]> {
  return target.checkParts(dataObjectOf(manifest), manifest.md5 !== undefined ? { md5: manifest.md5 } : {});
}

function byRevision(a: BackupEntry, b: BackupEntry): number {
  if (a.status === 'usable' && b.status === 'usable') {
    return a.manifest.revision - b.manifest.revision || a.id.localeCompare(b.id);
  }
  if (a.status === 'usable') return -1;
  if (b.status === 'usable') return 1;
  return a.id.localeCompare(b.id);
}
