// `setpoint etcd` refuses a damaged or foreign data folder with a message saying which and what to do, and changes nothing in it.
import { createHash } from 'node:crypto';
import { cp, lstat, mkdir, open, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { Etcd3 } from 'etcd3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempFolder } from '../support/ports.js';
import { type StoreUnderTest, startStore } from '../support/stores.js';
import { waitFor } from '../support/wait.js';

/** What a folder holds, down to every file's bytes, to prove a refused start changed nothing. */
type FolderState = Record<string, string>;

async function folderState(root: string): Promise<FolderState> {
  const state: FolderState = {};
  const walk = async (folder: string) => {
    const entries = await readdir(folder, { withFileTypes: true });
    for (const entry of entries) {
      const path = join(folder, entry.name);
      const info = await lstat(path);
      const name = relative(root, path);
      if (entry.isDirectory()) {
        state[`${name}/`] = `folder mode ${info.mode.toString(8)}`;
        await walk(path);
      } else {
        const hash = entry.isFile()
          ? createHash('sha256')
              .update(await readFile(path))
              .digest('hex')
          : 'not a file';
        state[name] =
          `${info.size} bytes, sha256 ${hash}, mode ${info.mode.toString(8)}, mtime ${info.mtimeMs}`;
      }
    }
  };
  await walk(root);
  return state;
}

/** Every regular file under `root`, with its size. */
async function filesIn(root: string): Promise<{ path: string; size: number }[]> {
  const entries = await readdir(root, { withFileTypes: true, recursive: true });
  const files = entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
  return Promise.all(files.map(async (path) => ({ path, size: (await lstat(path)).size })));
}

const sqliteMagic = Buffer.from('SQLite format 3\0', 'latin1');

/** The store's main database file: its largest SQLite database, or its largest file if it holds none. */
async function databaseFile(dataDir: string): Promise<string> {
  const files = (await filesIn(dataDir)).sort((a, b) => b.size - a.size);
  for (const file of files) {
    const handle = await open(file.path, 'r');
    try {
      const head = Buffer.alloc(sqliteMagic.length);
      await handle.read(head, 0, head.length, 0);
      if (head.equals(sqliteMagic)) return file.path;
    } finally {
      await handle.close();
    }
  }
  expect(files, `files in the store's data folder ${dataDir}`).not.toHaveLength(0);
  return files[0]!.path;
}

async function overwrite(path: string, offset: number, length: number): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.write(Buffer.alloc(length, 'damaged!'), 0, length, offset);
  } finally {
    await handle.close();
  }
}

type StartOutcome =
  | { outcome: 'refused'; code: number | null; output: string }
  | { outcome: 'served'; store: StoreUnderTest };

async function serves(endpoint: string): Promise<boolean> {
  const client = new Etcd3({ hosts: endpoint, dialTimeout: 300 });
  try {
    await client.maintenance.status();
    return true;
  } catch {
    return false;
  } finally {
    client.close();
  }
}

/** Starts `setpoint etcd` on `dataDir` and tells whether it exited or came to serve. */
async function startOn(dataDir: string): Promise<StartOutcome> {
  const store = await startStore('setpoint', { dataDir, noWait: true });
  const exit: { code?: number | null } = {};
  void store.process().exited.then((code) => {
    exit.code = code;
  });
  try {
    const outcome = await waitFor(
      async () => ('code' in exit ? 'refused' : (await serves(store.endpoint)) ? 'served' : false),
      { what: `setpoint etcd --data-dir=${dataDir} to exit or serve`, timeoutMs: 30_000, intervalMs: 100 },
    );
    if (outcome === 'served') return { outcome, store };
  } catch (err) {
    await store.destroy();
    throw err;
  }
  await store.destroy();
  return { outcome: 'refused', code: exit.code ?? null, output: store.process().output() };
}

/** Expects `setpoint etcd` to exit non-zero on `dataDir` without serving, and to change nothing in it. */
async function refusedStart(dataDir: string): Promise<{ output: string }> {
  const before = await folderState(dataDir);
  const started = await startOn(dataDir);
  if (started.outcome === 'served') {
    const output = started.store.process().output();
    await started.store.destroy();
    expect.fail(`setpoint etcd served from ${dataDir}:\n${output}`);
  }
  expect(started.code, started.output).toEqual(expect.any(Number));
  expect(started.code, started.output).not.toBe(0);
  expect(await folderState(dataDir), `the contents of ${dataDir} after the refused start`).toEqual(before);
  return { output: started.output };
}

function expectDamagedMessage(output: string, folder: string): void {
  expect(output).toContain(folder);
  expect(output).toMatch(/damaged/i);
  expect(output).toMatch(/restore .*backup/i);
}

/** How many keys the healthy store holds: 1,100 values of 4 KiB make a database of a few MiB. */
const keyCount = 1_100;
const value = (i: number) => `value ${i} `.padEnd(4096, '.');

let work: { path: string; remove: () => Promise<void> };

beforeAll(async () => {
  work = await tempFolder('data-folder');
});

afterAll(async () => {
  await work?.remove();
});

describe('setpoint etcd on a damaged data folder', () => {
  let healthy: string;

  beforeAll(async () => {
    healthy = join(work.path, 'healthy');
    await mkdir(healthy);
    const store = await startStore('setpoint', { dataDir: healthy });
    const client = new Etcd3({ hosts: store.endpoint });
    try {
      for (let i = 0; i < keyCount; i += 50) {
        const batch = Array.from({ length: Math.min(50, keyCount - i) }, (_, j) => i + j);
        await Promise.all(batch.map((k) => client.put(`folder/${k}`).value(value(k)).exec()));
      }
    } finally {
      client.close();
      await store.stop();
    }
  });

  /** A copy of the healthy folder, so each case damages its own. */
  async function copyOfHealthy(name: string): Promise<string> {
    const copy = join(work.path, name);
    await cp(healthy, copy, { recursive: true, preserveTimestamps: true });
    return copy;
  }

  it('starts again on an undamaged copy and serves every key', async () => {
    const copy = await copyOfHealthy('undamaged');
    const store = await startStore('setpoint', { dataDir: copy });
    const client = new Etcd3({ hosts: store.endpoint });
    try {
      expect(await client.getAll().prefix('folder/').count()).toBe(keyCount);
      expect(await client.get(`folder/${keyCount - 1}`).string()).toBe(value(keyCount - 1));
    } finally {
      client.close();
      await store.stop();
    }
  });

  const damages: [string, (database: string) => Promise<void>][] = [
    ['its database header is overwritten', (database) => overwrite(database, 0, 100)],
    [
      'its database is cut to half its size',
      async (database) => truncate(database, Math.floor((await lstat(database)).size / 2)),
    ],
    [
      '64 KiB in the middle of its database are overwritten',
      async (database) => overwrite(database, Math.floor((await lstat(database)).size / 2), 64 * 1024),
    ],
  ];

  it.each(damages)('refuses to start when %s, says so, and changes nothing', async (what, damage) => {
    const copy = await copyOfHealthy(what.replaceAll(' ', '-'));
    await damage(await databaseFile(copy));
    const { output } = await refusedStart(copy);
    expectDamagedMessage(output, copy);
  });
});

/** How far a file holds data: its length up to the last byte that is not zero (log segments are preallocated). */
async function writtenLength(path: string): Promise<number> {
  const bytes = await readFile(path);
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  return end;
}

describe('setpoint etcd after a power cut', () => {
  // The store fdatasyncs its own log on every commit and syncs SQLite only at checkpoints
  // (src/store/mvcc/disk.ts), so a power cut may take SQLite's -wal file but no acknowledged log
  // entry. A store killed with SIGKILL, with its SQLite -wal file deleted, is a folder such a cut
  // may leave; a SIGKILL alone never gets there, as the page cache keeps what SQLite wrote.
  let crashed: string;
  const acknowledged = new Map<string, { value: string; revision: number }>();

  beforeAll(async () => {
    crashed = join(work.path, 'crashed');
    await mkdir(crashed);
    const store = await startStore('setpoint', { dataDir: crashed });
    const client = new Etcd3({ hosts: store.endpoint });
    try {
      for (let i = 0; i < 400; i += 16) {
        await Promise.all(
          Array.from({ length: 16 }, async (_, j) => {
            const key = `power/${i + j}`;
            const written = value(i + j).slice(0, 1024);
            const { header } = await client.put(key).value(written).exec();
            acknowledged.set(key, { value: written, revision: Number(header.revision) });
          }),
        );
      }
    } finally {
      client.close();
      await store.kill();
    }
  });

  /** A copy of the crashed folder without what SQLite had not synced. */
  async function afterPowerCut(name: string): Promise<string> {
    const copy = join(work.path, name);
    await cp(crashed, copy, { recursive: true, preserveTimestamps: true });
    const database = await databaseFile(copy);
    await rm(`${database}-wal`, { force: true });
    await rm(`${database}-shm`, { force: true });
    return copy;
  }

  async function expectEveryAcknowledgedWrite(store: StoreUnderTest): Promise<void> {
    const client = new Etcd3({ hosts: store.endpoint });
    try {
      const { kvs } = await client.kv.range({ key: Buffer.from('power/'), range_end: Buffer.from('power0') });
      const found = new Map(kvs.map((kv) => [kv.key.toString(), kv]));
      for (const [key, write] of acknowledged) {
        const kv = found.get(key);
        expect(kv?.value.toString(), `value of ${key}`).toBe(write.value);
        expect(Number(kv?.mod_revision), `mod_revision of ${key}`).toBe(write.revision);
      }
      const newest = Math.max(...[...acknowledged.values()].map((w) => w.revision));
      const { header } = await client.kv.put({ key: Buffer.from('power/after'), value: Buffer.from('x') });
      expect(Number(header.revision), 'revision of the first put after the cut').toBeGreaterThan(newest);
    } finally {
      client.close();
    }
  }

  it('recovers every acknowledged write from its log', async () => {
    const copy = await afterPowerCut('power-cut');
    const started = await startOn(copy);
    expect(started.outcome, started.outcome === 'refused' ? started.output : '').toBe('served');
    if (started.outcome !== 'served') return;
    try {
      await expectEveryAcknowledgedWrite(started.store);
    } finally {
      await started.store.destroy();
    }
  });

  it('refuses, or keeps every acknowledged write, when the middle of its log is damaged', async () => {
    const copy = await afterPowerCut('power-cut-damaged-log');
    const database = await databaseFile(copy);
    const others = (await filesIn(copy)).filter((file) => !file.path.startsWith(database));
    const written = await Promise.all(
      others.map(async (file) => ({ path: file.path, length: await writtenLength(file.path) })),
    );
    const log = written.sort((a, b) => b.length - a.length)[0];
    expect(log?.length, `a file beside ${database} holding the log`).toBeGreaterThan(0);
    await overwrite(log!.path, Math.floor(log!.length / 2), 16);

    const before = await folderState(copy);
    const started = await startOn(copy);
    if (started.outcome === 'served') {
      // Only right if what the damage hid was already safe in the database.
      try {
        await expectEveryAcknowledgedWrite(started.store);
      } finally {
        await started.store.destroy();
      }
    } else {
      expect(started.code, started.output).not.toBe(0);
      expectDamagedMessage(started.output, copy);
      expect(await folderState(copy), `the contents of ${copy} after the refused start`).toEqual(before);
    }
  });
});

describe('setpoint etcd on a foreign data folder', () => {
  it('refuses the data folder of a real etcd, says so, and changes nothing', async () => {
    const folder = join(work.path, 'real-etcd');
    await mkdir(folder);
    const etcd = await startStore('etcd', { dataDir: folder });
    const client = new Etcd3({ hosts: etcd.endpoint });
    try {
      await client.put('written/by').value('etcd').exec();
    } finally {
      client.close();
      await etcd.stop();
    }
    const { output } = await refusedStart(folder);
    expect(output).toContain(folder);
    expect(output).toMatch(/not a Setpoint store/i);
    expect(output).toContain('--data-dir');
  });

  it('refuses a folder of unrelated files, says so, and changes nothing', async () => {
    const folder = join(work.path, 'somebody-elses-files');
    await mkdir(join(folder, 'photos'), { recursive: true });
    await writeFile(join(folder, 'notes.txt'), 'shopping: milk, bread\n');
    await writeFile(join(folder, 'photos', 'holiday.jpg'), Buffer.alloc(32 * 1024, 'not really a photo'));
    const { output } = await refusedStart(folder);
    expect(output).toContain(folder);
    expect(output).toMatch(/not a Setpoint store/i);
    expect(output).toContain('--data-dir');
  });
});
