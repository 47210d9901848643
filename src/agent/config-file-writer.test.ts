import { link, mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { readCurrentFile, stageFile } from './config-file-writer.js';

describe('writing a unit file', () => {
  let folder: string;
  let target: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'writer-'));
    target = join(folder, 'app.yml');
  });

  it('stages beside the target with the mode asked, and renames over it', async () => {
    await writeFile(target, 'old\n');
    const staged = await stageFile(target, Buffer.from('new\n'), { mode: 0o640 });
    expect(staged.path.startsWith(join(folder, '.app.yml.setpoint-'))).toBe(true);
    expect((await stat(staged.path)).mode & 0o777).toBe(0o640);
    expect(await readFile(target, 'utf8')).toBe('old\n');
    const inode = (await stat(target)).ino;
    await staged.replace('rename');
    expect(await readFile(target, 'utf8')).toBe('new\n');
    expect((await stat(target)).ino).not.toBe(inode);
    expect(await readdir(folder)).toEqual(['app.yml']);
  });

  it('rewrites the same inode in place, shorter or longer, and leaves no staged file', async () => {
    await writeFile(target, 'a much longer old content\n');
    // A second name for the inode stands for a container's single-file bind mount.
    await link(target, join(folder, 'mounted'));
    const inode = (await stat(target)).ino;
    const staged = await stageFile(target, Buffer.from('short\n'), { mode: 0o600 });
    await staged.replace('in-place');
    expect((await stat(target)).ino).toBe(inode);
    expect(await readFile(join(folder, 'mounted'), 'utf8')).toBe('short\n');
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    expect((await readdir(folder)).sort()).toEqual(['app.yml', 'mounted']);
  });

  it('discards a staged file without touching the target', async () => {
    await writeFile(target, 'old\n');
    const staged = await stageFile(target, Buffer.from('new\n'), { mode: 0o644 });
    await staged.discard();
    expect(await readdir(folder)).toEqual(['app.yml']);
    expect(await readFile(target, 'utf8')).toBe('old\n');
  });

  it('reads a missing file as no bytes', async () => {
    expect(await readCurrentFile(target)).toEqual({ bytes: undefined, mode: undefined, owner: undefined });
    await writeFile(target, 'x', { mode: 0o640 });
    expect(await readCurrentFile(target)).toMatchObject({ bytes: Buffer.from('x'), mode: 0o640 });
  });
});
