// The manifest of a full backup: written last, after its data, so a backup without one is
// incomplete and never used. It says what the data holds and how to check it.
import { z } from 'zod';
import { BackupCorruptError, BackupError } from '../errors.js';

/** The version of the backup format this Setpoint writes; it reads this one. */
export const FORMAT_VERSION = 1;

const manifestSchema = z.object({
  format: z.literal('setpoint-backup'),
  formatVersion: z.number().int(),
  id: z.string().min(1),
  kind: z.literal('full'),
  /** The etcd revision every key was read at. */
  revision: z.number().int().nonnegative(),
  keyCount: z.number().int().nonnegative(),
  /** Bytes of the data object as stored (compressed, maybe encrypted). */
  bytes: z.number().int().nonnegative(),
  /** Bytes of the JSON lines before compression. */
  uncompressedBytes: z.number().int().nonnegative(),
  /** SHA-256 (hex) of the data object as stored. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** MD5 (hex) of the data as stored: a Swift listing shows it for an object stored whole. */
  md5: z
    .string()
    .regex(/^[0-9a-f]{32}$/)
    .optional(),
  /** The key prefixes backed up; '' is everything. */
  prefixes: z.array(z.string()),
  createdAt: z.string(),
  setpointVersion: z.string(),
  /** Key ids of the recipients the data is encrypted to; absent when not encrypted. */
  encryptedTo: z.array(z.string()).optional(),
  /** The data object's name, relative to the backup's folder. */
  data: z.string().min(1),
});

/**
 * A full backup's manifest.
 *
 * @example
 * const manifest: BackupManifest = parseManifest(text, 'full/20261130T063000Z-r42/manifest.json');
 */
export type BackupManifest = z.infer<typeof manifestSchema>;

/**
 * Reads a manifest; refuses one that is not JSON or not a manifest (corrupt) and one written by a
 * newer format (unsupported).
 *
 * @example
 * const manifest = parseManifest(await readText(target, name), name);
 */
export function parseManifest(text: string, where: string): BackupManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new BackupCorruptError(where, `the manifest is not JSON (${(err as Error).message})`);
  }
  const version = (json as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof version === 'number' && version > FORMAT_VERSION) {
    throw new BackupError(
      'BACKUP_FORMAT_UNSUPPORTED',
      `${where} is in backup format ${version}; this Setpoint reads format ${FORMAT_VERSION}. Use a newer Setpoint`,
    );
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new BackupCorruptError(where, `the manifest is not valid (${problems.join('; ')})`);
  }
  return parsed.data;
}
