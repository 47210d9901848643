// Reading a template repository from a folder or a .tar.gz (archives made here with the tar package,
// or written entry by entry to hold what tar would not create: '..', absolute paths, links).
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { create, Header } from 'tar';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CatalogSourceError } from './errors.js';
import { parseRepository } from './parse-repository.js';
import { isRepositoryFile, MAX_REPOSITORY_FILES, readRepositoryFiles } from './read-source.js';

const builtin = fileURLToPath(new URL('../../catalog/registry', import.meta.url));
let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'setpoint-catalog-source-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

interface RawEntry {
  path: string;
  type?: 'File' | 'Directory' | 'SymbolicLink' | 'Link' | 'FIFO';
  body?: string | Buffer;
  linkpath?: string;
  /** The size the header declares, when not the body's. */
  size?: number;
}

/** A .tar.gz written entry by entry, so it can hold what `tar.create` would refuse to write. */
async function rawArchive(name: string, entries: RawEntry[]): Promise<string> {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const body = Buffer.from(entry.body ?? '');
    const header = new Header({
      path: entry.path,
      mode: entry.type === 'Directory' ? 0o755 : 0o644,
      size: entry.size ?? (entry.type === undefined || entry.type === 'File' ? body.length : 0),
      type: entry.type ?? 'File',
      mtime: new Date(0),
      ...(entry.linkpath === undefined ? {} : { linkpath: entry.linkpath }),
    });
    const block = Buffer.alloc(512);
    header.encode(block, 0);
    blocks.push(block, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  const path = join(folder, name);
  await writeFile(path, gzipSync(Buffer.concat(blocks)));
  return path;
}

async function expectRefused(path: string, reason: string): Promise<void> {
  const error = await readRepositoryFiles(path).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(CatalogSourceError);
  expect((error as CatalogSourceError).code).toBe('CATALOG_SOURCE_INVALID');
  expect((error as CatalogSourceError).reason).toContain(reason);
}

const metadata = '{"repository_name":"demo","chart_name":"demo"}';

describe('isRepositoryFile', () => {
  test.each([
    ['metadata.json', true],
    ['versions/2.8.2/swift-config.json', true],
    ['versions/2.8.2/notes.txt', true],
    ['versions/2.8.2/deeper/file.json', false],
    ['README.md', false],
    ['versions/file.json', false],
  ])('%s: %s', (path, kept) => {
    expect(isRepositoryFile(path)).toBe(kept);
  });
});

describe('from a folder', () => {
  test('the built-in catalogue: the format files by relative path', async () => {
    const files = await readRepositoryFiles(builtin);
    expect([...files.keys()].sort()).toEqual(
      [
        'metadata.json',
        ...['2.8.1', '2.8.2'].flatMap((version) =>
          ['filesystem', 'swift'].flatMap((flavor) =>
            ['config.json', 'readme.md', 'values.json'].map(
              (file) => `versions/${version}/${flavor}-${file}`,
            ),
          ),
        ),
      ].sort(),
    );
    expect(JSON.parse(files.get('metadata.json')!)).toMatchObject({ chart_name: 'registry' });
  });

  test('hidden files are skipped, other files counted but not returned', async () => {
    const root = join(folder, 'with-extras');
    await mkdir(join(root, '.git', 'objects'), { recursive: true });
    await mkdir(join(root, 'versions', '1.0'), { recursive: true });
    await writeFile(join(root, '.git', 'objects', 'blob'), Buffer.from([0xff, 0xfe]));
    await writeFile(join(root, 'metadata.json'), metadata);
    await writeFile(join(root, 'logo.png'), Buffer.from([0x89, 0x50, 0xff]));
    await writeFile(join(root, 'versions', '1.0', 'main-readme.md'), '# main');
    const files = await readRepositoryFiles(root);
    expect([...files.keys()].sort()).toEqual(['metadata.json', 'versions/1.0/main-readme.md']);
  });

  test('a symbolic link is refused', async () => {
    const root = join(folder, 'with-link');
    await mkdir(root, { recursive: true });
    await writeFile(join(root, 'metadata.json'), metadata);
    await symlink('/etc/passwd', join(root, 'passwd.json'));
    await expectRefused(root, 'passwd.json is a symbolic link');
    await expectRefused(join(root, 'passwd.json'), 'it is a symbolic link');
  });

  test('a format file that is not UTF-8 is refused', async () => {
    const root = join(folder, 'latin1');
    await mkdir(root, { recursive: true });
    await writeFile(join(root, 'metadata.json'), Buffer.from('{"description":"caf\xe9"}', 'latin1'));
    await expectRefused(root, 'metadata.json is not UTF-8 text');
  });

  test('too many files', async () => {
    const root = join(folder, 'many');
    await mkdir(root, { recursive: true });
    await Promise.all(
      Array.from({ length: MAX_REPOSITORY_FILES + 1 }, (_, index) => writeFile(join(root, `f${index}`), '')),
    );
    await expectRefused(root, `more than ${MAX_REPOSITORY_FILES} files`);
  });

  test('a path that does not exist, and a file that is not an archive', async () => {
    await expectRefused(join(folder, 'nowhere'), 'does not exist');
    const zip = join(folder, 'chart.zip');
    await writeFile(zip, 'PK');
    await expectRefused(zip, 'neither a folder nor a .tar.gz or .tgz archive');
  });
});

describe('from a .tar.gz', () => {
  test('made by tar from the built-in catalogue: the top-level folder is stripped, the chart is the same', async () => {
    const archive = join(folder, 'registry.tgz');
    await create({ gzip: true, file: archive, cwd: join(builtin, '..') }, ['registry']);
    const fromArchive = await readRepositoryFiles(archive);
    const fromFolder = await readRepositoryFiles(builtin);
    expect(fromArchive).toEqual(fromFolder);
    expect(parseRepository(fromArchive)).toEqual(parseRepository(fromFolder));
  });

  test('made without a top-level folder', async () => {
    const archive = join(folder, 'flat.tar.gz');
    await create({ gzip: true, file: archive, cwd: builtin }, ['metadata.json', 'versions']);
    expect(await readRepositoryFiles(archive)).toEqual(await readRepositoryFiles(builtin));
  });

  test('an archive of versions/ alone is not stripped: it lacks metadata.json', async () => {
    const archive = await rawArchive('no-metadata.tgz', [
      { path: 'versions/1.0/main-readme.md', body: '# main' },
    ]);
    expect([...(await readRepositoryFiles(archive)).keys()]).toEqual(['versions/1.0/main-readme.md']);
  });

  test('./ prefixes and folder entries are fine; hidden entries are skipped', async () => {
    const archive = await rawArchive('dots.tar.gz', [
      { path: './', type: 'Directory' },
      { path: './metadata.json', body: metadata },
      { path: './._metadata.json', body: Buffer.from([0, 0xff]) },
      { path: './versions/', type: 'Directory' },
      { path: './versions/1.0/main-readme.md', body: '# main' },
    ]);
    expect([...(await readRepositoryFiles(archive)).keys()]).toEqual([
      'metadata.json',
      'versions/1.0/main-readme.md',
    ]);
  });

  test.each([
    ['../evil.json', "has a path with '..' that could leave the repository"],
    ['repo/../../evil.json', "has a path with '..'"],
    ['/etc/cron.d/evil', 'has an absolute path'],
    ['C:/evil.json', 'has an absolute path'],
  ])('path traversal refused: %s', async (path, reason) => {
    const archive = await rawArchive(`traversal-${Math.random().toString(36).slice(2)}.tgz`, [
      { path: 'metadata.json', body: metadata },
      { path, body: 'x' },
    ]);
    await expectRefused(archive, reason);
  });

  test.each([
    [
      { path: 'metadata.json', type: 'SymbolicLink', linkpath: '/etc/passwd' } as RawEntry,
      'is a symbolic link',
    ],
    [{ path: 'metadata.json', type: 'Link', linkpath: 'other.json' } as RawEntry, 'is a hard link'],
    [{ path: 'fifo', type: 'FIFO' } as RawEntry, 'is not a plain file (FIFO)'],
  ])('links and devices refused: %o', async (entry, reason) => {
    const archive = await rawArchive(`link-${Math.random().toString(36).slice(2)}.tgz`, [entry]);
    await expectRefused(archive, reason);
  });

  test('too many files, or too many bytes (told by the header, before the body is read)', async () => {
    const many = await rawArchive(
      'many.tgz',
      Array.from({ length: MAX_REPOSITORY_FILES + 1 }, (_, index) => ({ path: `f${index}` })),
    );
    await expectRefused(many, `more than ${MAX_REPOSITORY_FILES} files`);
    const big = await rawArchive('big.tgz', [{ path: 'big.bin', body: Buffer.alloc(21 * 1024 * 1024) }]);
    await expectRefused(big, 'more than 20 MiB (at big.bin)');
  });

  test('an archive larger than the limit is refused unread', async () => {
    const archive = join(folder, 'huge.tgz');
    await writeFile(archive, Buffer.alloc(21 * 1024 * 1024));
    await expectRefused(archive, 'the archive is 21 MiB, more than the 20 MiB a repository may hold');
  });

  test('a file given twice is refused', async () => {
    const archive = await rawArchive('twice.tgz', [
      { path: 'metadata.json', body: metadata },
      { path: 'metadata.json', body: metadata },
    ]);
    await expectRefused(archive, 'metadata.json appears twice');
  });

  test('a damaged archive', async () => {
    const archive = join(folder, 'damaged.tar.gz');
    await writeFile(archive, gzipSync(Buffer.from('this is not a tar archive at all')).subarray(0, 20));
    await expectRefused(archive, 'not a valid .tar.gz archive');
  });
});
