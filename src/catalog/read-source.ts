// Reading a template repository's files from a folder or a .tar.gz archive, with limits: no symbolic
// links, no path leaving the repository, at most 1,000 files and 20 MiB. Only the files the format
// names are returned; parse-repository.ts decides whether they make a valid chart.
import { createReadStream } from 'node:fs';
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Parser, type ReadEntry } from 'tar';
import { CatalogSourceError } from './errors.js';

/** The most files (of any kind, hidden ones aside) a repository may hold. */
export const MAX_REPOSITORY_FILES = 1000;
/** The most bytes a repository's files may hold together (20 MiB), uncompressed. */
export const MAX_REPOSITORY_BYTES = 20 * 1024 * 1024;

/**
 * Whether the format reads a file of this relative path: `metadata.json`, and every file directly in
 * a version's folder (`versions/2.8.2/swift-config.json`).
 *
 * @example
 * isRepositoryFile('versions/2.8.2/swift-readme.md'); // true
 * isRepositoryFile('logo.png'); // false
 */
export function isRepositoryFile(path: string): boolean {
  return path === 'metadata.json' || /^versions\/[^/]+\/[^/]+$/.test(path);
}

/**
 * The files of a template repository, by path relative to its root (`metadata.json`,
 * `versions/2.8.2/swift-config.json`), from a folder or a `.tar.gz`/`.tgz` archive. In an archive
 * whose entries all sit in one top-level folder, that folder is the root. Files and folders whose
 * name starts with '.' (`.git`) are skipped; other files the format does not name (a logo, a LICENSE)
 * count towards the limits but are not returned. Throws `CatalogSourceError` for a path that does not
 * exist or is neither a folder nor an archive, a symbolic link, hard link or device, a path leaving the
 * repository (absolute or with '..'), more than 1,000 files or 20 MiB, a format file that is not
 * UTF-8, or a damaged archive.
 *
 * @example
 * const files = await readRepositoryFiles('catalog/registry');
 * files.get('metadata.json'); // '{ "repository_name": ... }'
 */
export async function readRepositoryFiles(path: string): Promise<Map<string, string>> {
  let stats: Awaited<ReturnType<typeof lstat>>;
  try {
    stats = await lstat(path);
  } catch (error) {
    throw new CatalogSourceError(path, 'it does not exist or cannot be read; give a folder or a .tar.gz', {
      cause: error,
    });
  }
  if (stats.isDirectory()) return readFolder(path);
  if (stats.isFile() && /\.(?:tar\.gz|tgz)$/i.test(path)) {
    // Compressed, it can only be smaller than its files; a larger archive is refused unread.
    if (stats.size > MAX_REPOSITORY_BYTES) {
      throw new CatalogSourceError(
        path,
        `the archive is ${Math.ceil(stats.size / 1024 / 1024)} MiB, more than the ${MAX_REPOSITORY_BYTES / 1024 / 1024} MiB a repository may hold`,
      );
    }
    return readArchive(path);
  }
  throw new CatalogSourceError(
    path,
    stats.isSymbolicLink()
      ? 'it is a symbolic link; give the folder or archive it points to'
      : 'it is neither a folder nor a .tar.gz or .tgz archive',
  );
}

/** Counts files and bytes against the limits, and keeps the format's files as text. */
class RepositoryCollector {
  readonly files = new Map<string, string>();
  private count = 0;
  private bytes = 0;

  constructor(private readonly source: string) {}

  fail(reason: string, cause?: unknown): CatalogSourceError {
    return new CatalogSourceError(this.source, reason, cause === undefined ? undefined : { cause });
  }

  /** Counts a file of `size` bytes; throws when a limit is passed. */
  countFile(path: string, size: number): void {
    this.count += 1;
    this.bytes += size;
    if (this.count > MAX_REPOSITORY_FILES) {
      throw this.fail(`it holds more than ${MAX_REPOSITORY_FILES} files; a template repository holds a few`);
    }
    if (this.bytes > MAX_REPOSITORY_BYTES) {
      throw this.fail(
        `its files hold more than ${MAX_REPOSITORY_BYTES / 1024 / 1024} MiB (at ${path}); a template ` +
          'repository is a few JSON and Markdown files',
      );
    }
  }

  keep(path: string, content: Buffer): void {
    if (this.files.has(path)) throw this.fail(`${path} appears twice`);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(content);
    } catch (error) {
      throw this.fail(`${path} is not UTF-8 text; save it as UTF-8`, error);
    }
    this.files.set(path, text);
  }
}

async function readFolder(root: string): Promise<Map<string, string>> {
  const collector = new RepositoryCollector(root);
  const visit = async (relative: string): Promise<void> => {
    const entries = await readdir(join(root, relative), { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isSymbolicLink()) {
        throw collector.fail(`${path} is a symbolic link; a repository holds plain files and folders only`);
      }
      if (entry.isDirectory()) {
        await visit(path);
        continue;
      }
      if (!entry.isFile()) throw collector.fail(`${path} is not a plain file (a device, socket or pipe)`);
      const full = join(root, path);
      const { size } = await lstat(full);
      collector.countFile(path, size);
      if (isRepositoryFile(path)) collector.keep(path, await readFile(full));
    }
  };
  try {
    await visit('');
  } catch (error) {
    if (error instanceof CatalogSourceError) throw error;
    throw collector.fail('a file or folder in it cannot be read', error);
  }
  return collector.files;
}

/** The path of an archive entry inside the repository, or why it is refused. */
function entryPath(raw: string): { segments: string[] } | { reason: string } {
  const path = raw.replaceAll('\\', '/');
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) {
    return { reason: `the entry ${raw} has an absolute path; every path must be inside the repository` };
  }
  const segments = path.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) {
    return { reason: `the entry ${raw} has a path with '..' that could leave the repository` };
  }
  return { segments };
}

async function readArchive(archive: string): Promise<Map<string, string>> {
  const collector = new RepositoryCollector(archive);
  const found: { segments: string[]; content: Buffer }[] = [];
  // Every file's and folder's first segment, and whether every file sits in a folder: to find the root.
  const tops = new Set<string>();
  let everyFileInFolder = true;
  let failure: CatalogSourceError | undefined;
  const parser = new Parser({
    strict: true,
    onReadEntry: (entry: ReadEntry) => {
      if (failure !== undefined) {
        entry.resume();
        return;
      }
      try {
        const path = entryPath(entry.path);
        if ('reason' in path) throw collector.fail(path.reason);
        const { segments } = path;
        const name = segments.join('/');
        if (segments.some((segment) => segment.startsWith('.'))) {
          entry.resume();
          return;
        }
        switch (entry.type) {
          case 'Directory':
            if (segments.length > 0) tops.add(segments[0]!);
            entry.resume();
            return;
          case 'File':
          case 'OldFile':
          case 'ContiguousFile':
            break;
          case 'SymbolicLink':
          case 'Link':
            throw collector.fail(
              `${name} is a ${entry.type === 'Link' ? 'hard' : 'symbolic'} link; a repository holds plain files and folders only`,
            );
          default:
            throw collector.fail(`${name} is not a plain file (${entry.type})`);
        }
        collector.countFile(name, entry.size);
        tops.add(segments[0]!);
        if (segments.length < 2) everyFileInFolder = false;
        // Only a file that is a format file, at the root or below one top-level folder, is kept.
        if (!isRepositoryFile(name) && !isRepositoryFile(segments.slice(1).join('/'))) {
          entry.resume();
          return;
        }
        const chunks: Buffer[] = [];
        entry.on('data', (chunk: Buffer) => chunks.push(chunk));
        entry.on('end', () => found.push({ segments, content: Buffer.concat(chunks) }));
      } catch (error) {
        failure =
          error instanceof CatalogSourceError ? error : collector.fail('the archive cannot be read', error);
        entry.resume();
        parser.abort(failure);
      }
    },
  });
  try {
    await new Promise<void>((resolve, reject) => {
      parser.on('error', reject);
      parser.on('abort', reject);
      parser.on('end', () => resolve());
      const stream = createReadStream(archive);
      stream.on('error', reject);
      stream.pipe(parser);
    });
  } catch (error) {
    if (failure !== undefined) throw failure;
    throw collector.fail('it is not a valid .tar.gz archive (damaged, or another format)', error);
  }
  if (failure !== undefined) throw failure;
  // One top-level folder holding everything (as `tar czf registry.tgz registry/` makes) is the root.
  // (Unless that folder is `versions`: then metadata.json is missing, which the parser will say.)
  const strip = tops.size === 1 && everyFileInFolder && !tops.has('versions') ? 1 : 0;
  for (const file of found) {
    const path = file.segments.slice(strip).join('/');
    if (isRepositoryFile(path)) collector.keep(path, file.content);
  }
  return collector.files;
}
