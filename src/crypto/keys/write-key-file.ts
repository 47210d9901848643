// Writes one key file atomically: temp file in the same folder, exact mode, fsync, rename or link, folder fsync.
import { randomBytes } from 'node:crypto';
import { link, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { KeyFileExistsError, KeyFileWriteError } from './errors.js';

/**
 * What to write and how.
 *
 * @example
 * await writeKeyFile({ path: 'id_rsa', content: pem, mode: 0o600, overwrite: false });
 */
export interface KeyFileWrite {
  readonly path: string;
  readonly content: string;
  /** Set exactly, whatever the umask. */
  readonly mode: number;
  /** Replace an existing file; otherwise an existing file is refused with KeyFileExistsError. */
  readonly overwrite: boolean;
}

const reasons: Readonly<Record<string, string>> = {
  ENOENT: 'the folder does not exist (ENOENT)',
  ENOTDIR: 'a part of the path is not a folder (ENOTDIR)',
  EACCES: 'permission denied (EACCES)',
  EPERM: 'operation not permitted (EPERM)',
  EROFS: 'the file system is read-only (EROFS)',
  ENOSPC: 'the disk is full (ENOSPC)',
  EISDIR: 'the path is a folder (EISDIR)',
};

function errorCode(err: unknown): string | undefined {
  return err instanceof Error && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
}

/**
 * Writes the file so that readers see either nothing (or the old file) or the whole new one, and
 * never a moment where it has looser permissions than `mode`. Without `overwrite`, the final step is
 * a hard link, which fails when the name exists: no check-then-write race.
 *
 * @example
 * await writeKeyFile({ path: '/etc/setpoint/agent.key', content: privateKeyPem, mode: 0o600, overwrite: false });
 */
export async function writeKeyFile({ path, content, mode, overwrite }: KeyFileWrite): Promise<void> {
  const folder = dirname(path);
  const temporary = join(folder, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  let created = false;
  try {
    const file = await open(temporary, 'wx', mode);
    created = true;
    try {
      await file.chmod(mode);
      await file.writeFile(content);
      await file.sync();
    } finally {
      await file.close();
    }
    if (overwrite) {
      await rename(temporary, path);
      created = false;
    } else {
      await link(temporary, path);
    }
    const directory = await open(folder, 'r');
    try {
      await directory.sync();
    } finally {
      await directory.close();
    }
  } catch (err) {
    const code = errorCode(err);
    if (code === 'EEXIST' && created) throw new KeyFileExistsError(path);
    throw new KeyFileWriteError(path, reasons[code ?? ''] ?? code ?? String(err), { cause: err });
  } finally {
    if (created) await unlink(temporary).catch(() => undefined);
  }
}
