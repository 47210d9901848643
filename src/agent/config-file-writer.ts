// Puts a unit's new file in place without ever leaving a partial one: staged beside the target,
// fsynced, given the target's mode and owner, then renamed over it — or, for a file bind-mounted
// alone into a container (which keeps the old inode after a rename), rewritten in place.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { chown, type FileHandle, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * The file as it is on disk before a change: its bytes (undefined when there is none), mode and owner.
 *
 * @example
 * const before = await readCurrentFile('/config.yml');
 */
export interface CurrentFile {
  bytes: Buffer | undefined;
  mode: number | undefined;
  owner: { uid: number; gid: number } | undefined;
}

/**
 * Reads the target as it is now; a missing file gives `bytes: undefined`.
 *
 * @example
 * const { bytes } = await readCurrentFile('/config.yml');
 */
export async function readCurrentFile(path: string): Promise<CurrentFile> {
  try {
    const [bytes, info] = await Promise.all([readFile(path), stat(path)]);
    return { bytes, mode: info.mode & 0o7777, owner: { uid: info.uid, gid: info.gid } };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { bytes: undefined, mode: undefined, owner: undefined };
    }
    throw error;
  }
}

/**
 * A new file written and fsynced beside its target, not yet in place.
 *
 * @example
 * const staged = await stageFile('/config.yml', bytes, { mode: 0o600 });
 * await staged.replace('rename');
 */
export interface StagedFile {
  /** The staged file's path (in the target's folder), for a check command. */
  readonly path: string;
  /** Puts the staged bytes in place at the target and removes the staged file. */
  replace(how: 'rename' | 'in-place'): Promise<void>;
  /** Removes the staged file. */
  discard(): Promise<void>;
}

/**
 * Writes `bytes` to a new file in the target's folder with `mode` and `owner`, and fsyncs it.
 *
 * @example
 * const staged = await stageFile('/etc/app.yml', Buffer.from('a: 1\n'), { mode: 0o640, owner: { uid: 0, gid: 0 } });
 */
export async function stageFile(
  target: string,
  bytes: Buffer,
  options: { mode: number; owner?: { uid: number; gid: number } | undefined },
): Promise<StagedFile> {
  const path = join(dirname(target), `.${basename(target)}.setpoint-${randomBytes(6).toString('hex')}`);
  const handle = await open(path, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
  try {
    await handle.writeFile(bytes);
    if (options.owner !== undefined && needsChown(options.owner)) {
      await handle.chown(options.owner.uid, options.owner.gid);
    }
    await handle.chmod(options.mode);
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(path).catch(() => undefined);
    throw error;
  }
  await handle.close();
  let done = false;
  return {
    path,
    async replace(how) {
      if (done) throw new Error(`${path} was already used`);
      done = true;
      if (how === 'rename') {
        await rename(path, target);
        await syncFolder(dirname(target));
        return;
      }
      await rewriteInPlace(target, bytes, options);
      await unlink(path);
    },
    async discard() {
      if (done) return;
      done = true;
      await unlink(path).catch(() => undefined);
    },
  };
}

/**
 * Rewrites the target's own inode (a bind mount of the single file sees it), then fsyncs it.
 * Only the container's reader can see the short window where it is partly written; the container
 * is restarted or signalled right after, once the file is whole.
 */
async function rewriteInPlace(
  target: string,
  bytes: Buffer,
  options: { mode: number; owner?: { uid: number; gid: number } | undefined },
): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(target, constants.O_WRONLY);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    handle = await open(target, constants.O_CREAT | constants.O_WRONLY, options.mode);
  }
  try {
    await handle.write(bytes, 0, bytes.length, 0);
    await handle.truncate(bytes.length);
    if (options.owner !== undefined && needsChown(options.owner))
      await chown(target, options.owner.uid, options.owner.gid);
    await handle.chmod(options.mode);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function needsChown(owner: { uid: number; gid: number }): boolean {
  return owner.uid !== process.getuid?.() || owner.gid !== process.getgid?.();
}

async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, constants.O_RDONLY);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
