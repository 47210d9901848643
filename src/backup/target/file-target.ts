// A backup target in a local folder. Each object is written to a temporary file beside its final
// name, fsynced, renamed into place and its folder fsynced: a crash leaves the old object or the
// new one, never a part; the temporary file it may leave is an orphaned part, which prune removes.
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { BackupError } from '../errors.js';
import type { BackupTarget, OrphanedPart, TargetEntry } from './target.js';

const temporaryMarker = '.partial-';

/**
 * Opens a folder as a backup target (created on `prepare`).
 *
 * @example
 * const target = fileTarget('./setpoint-data/backups');
 */
export function fileTarget(folder: string): BackupTarget {
  const root = resolve(folder);
  const pathOf = (name: string) => {
    const path = resolve(root, name);
    if (!path.startsWith(`${root}${sep}`)) {
      throw new BackupError('BACKUP_OPTION_INVALID', `object name '${name}' leaves the folder ${root}`);
    }
    return path;
  };
  return {
    description: `file:${root}`,
    async prepare() {
      await mkdir(root, { recursive: true });
    },
    async write(name, body) {
      const path = pathOf(name);
      await mkdir(dirname(path), { recursive: true });
      const temporary = join(dirname(path), `${temporaryMarker}${randomBytes(6).toString('hex')}`);
      const handle = await open(temporary, 'w', 0o600);
      let bytes = 0;
      try {
        const pieces = Buffer.isBuffer(body) ? [body] : body;
        for await (const piece of pieces) {
          await handle.write(piece);
          bytes += piece.byteLength;
        }
        await handle.sync();
        await handle.close();
        await rename(temporary, path);
        await syncFolder(dirname(path));
        return { bytes };
      } catch (err) {
        await handle.close().catch(() => {});
        await rm(temporary, { force: true });
        throw err;
      }
    },
    async *read(name) {
      const path = pathOf(name);
      try {
        yield* createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
          throw new BackupError('BACKUP_NOT_FOUND', `${root}/${name} does not exist`);
        }
        throw err;
      }
    },
    async *list(prefix) {
      const entries: TargetEntry[] = [];
      // Only the folder the prefix names is walked: `full/<id>/` does not read every backup.
      const folder = prefix.slice(0, prefix.lastIndexOf('/') + 1);
      for (const path of await filesUnder(folder === '' ? root : pathOf(folder))) {
        const name = relative(root, path).split(sep).join('/');
        if (!name.startsWith(prefix) || name.split('/').at(-1)!.startsWith(temporaryMarker)) continue;
        entries.push({ name, bytes: (await stat(path)).size });
      }
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      yield* entries;
    },
    async remove(name) {
      await rm(pathOf(name), { force: true });
    },
    async checkParts() {
      return [];
    },
    async orphanedParts() {
      // Temporary files a crash left between their write and their rename.
      const parts: OrphanedPart[] = [];
      for (const path of await filesUnder(root)) {
        if (!path.split(sep).at(-1)!.startsWith(temporaryMarker)) continue;
        const info = await stat(path).catch((err: NodeJS.ErrnoException) => {
          if (err.code === 'ENOENT') return undefined; // renamed into place since
          throw err;
        });
        if (info !== undefined)
          parts.push({
            name: relative(root, path).split(sep).join('/'),
            bytes: info.size,
            since: info.mtime,
          });
      }
      return parts;
    },
  };
}

async function filesUnder(folder: string): Promise<string[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) files.push(...(await filesUnder(path)));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}

async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
