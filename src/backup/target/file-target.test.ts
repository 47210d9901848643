// A folder target's orphaned parts: the temporary files a crash leaves between a write and its
// rename, hidden from listings and removed by prune once they are a day old.
import { mkdir, readdir, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempFolder } from '../../../test/support/ports.js';
import { pruneBackups } from '../prune.js';
import { fileTarget } from './file-target.js';

describe('fileTarget orphaned parts', () => {
  let folder: { path: string; remove: () => Promise<void> };
  beforeEach(async () => {
    folder = await tempFolder('file-target');
  });
  afterEach(async () => {
    await folder.remove();
  });

  it('lists the temporaries a crash left (not the objects), and prune removes those older than a day', async () => {
    const target = fileTarget(folder.path);
    await target.write('deltas/0000000000000001-0000000000000002.jsonl.gz', Buffer.from('x'));
    await mkdir(join(folder.path, 'full/20261130T030000Z-r2'), { recursive: true });
    const old = join(folder.path, 'full/20261130T030000Z-r2/.partial-0a1b2c3d4e5f');
    const young = join(folder.path, 'deltas/.partial-aabbccddeeff');
    await writeFile(old, Buffer.alloc(10));
    await writeFile(young, Buffer.alloc(3));
    const twoDaysAgo = new Date(Date.now() - 48 * 3_600_000);
    await utimes(old, twoDaysAgo, twoDaysAgo);

    const names: string[] = [];
    for await (const entry of target.list('')) names.push(entry.name);
    expect(names).toEqual(['deltas/0000000000000001-0000000000000002.jsonl.gz']);
    expect(
      (await target.orphanedParts())
        .map(({ name, bytes }) => ({ name, bytes }))
        .sort((a, b) => b.bytes - a.bytes),
    ).toEqual([
      { name: 'full/20261130T030000Z-r2/.partial-0a1b2c3d4e5f', bytes: 10 },
      { name: 'deltas/.partial-aabbccddeeff', bytes: 3 },
    ]);

    const dry = await pruneBackups(target, { keepLast: 1 }, { dryRun: true });
    expect(dry.orphanedPartsRemoved).toEqual([
      { name: 'full/20261130T030000Z-r2/.partial-0a1b2c3d4e5f', bytes: 10 },
    ]);
    expect(await readdir(join(folder.path, 'full/20261130T030000Z-r2'))).toEqual(['.partial-0a1b2c3d4e5f']);

    const pruned = await pruneBackups(target, { keepLast: 1 });
    expect(pruned.orphanedPartsRemoved.map((part) => part.name)).toEqual([
      'full/20261130T030000Z-r2/.partial-0a1b2c3d4e5f',
    ]);
    expect((await target.orphanedParts()).map((part) => part.name)).toEqual(['deltas/.partial-aabbccddeeff']);
  });
});
