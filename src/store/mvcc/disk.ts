// The store's durable copy: one SQLite file in WAL mode, fsynced on every commit.
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { KeyRecord, LeaseRecord } from '../types.js';

export const FORMAT = 'setpoint-store/1';
const DB_FILE = 'store.db';
const SQLITE_MAGIC = 'SQLite format 3\0';

/** The data folder cannot be used; the message says which folder, why, and what to do. */
export class DataFolderError extends Error {
  readonly code: 'DATA_FOLDER_FOREIGN' | 'DATA_FOLDER_DAMAGED' | 'DATA_FOLDER_IN_USE';
  constructor(code: DataFolderError['code'], message: string) {
    super(message);
    this.name = 'DataFolderError';
    this.code = code;
  }
}

export interface StoredState {
  clusterId: bigint;
  memberId: bigint;
  revision: number;
  compactRevision: number;
  records: KeyRecord[];
  leases: LeaseRecord[];
}

/** A batch of changes committed together with one fsync. */
export interface DiskBatch {
  records: KeyRecord[];
  grantedLeases: LeaseRecord[];
  revokedLeases: bigint[];
  revision: number;
}

export class Disk {
  private readonly db: Database.Database;
  private readonly insertRecord: Database.Statement;
  private readonly insertLease: Database.Statement;
  private readonly deleteLease: Database.Statement;
  private readonly setMeta: Database.Statement;
  private readonly deleteRecord: Database.Statement;
  private readonly file: string;

  private constructor(db: Database.Database, file: string) {
    this.db = db;
    this.file = file;
    this.insertRecord = db.prepare(
      'INSERT INTO kv (revision, sub, key, value, create_revision, version, lease, tombstone) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.insertLease = db.prepare('INSERT OR REPLACE INTO lease (id, ttl) VALUES (?, ?)');
    this.deleteLease = db.prepare('DELETE FROM lease WHERE id = ?');
    this.setMeta = db.prepare('INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)');
    this.deleteRecord = db.prepare('DELETE FROM kv WHERE revision = ? AND sub = ?');
  }

  /**
   * Opens the store in `dataDir`, creating it when the folder is missing or empty. A folder holding
   * anything else, or a store file that is damaged, is refused before anything in it is changed.
   */
  static open(dataDir: string): { disk: Disk; state: StoredState } {
    const folder = resolve(dataDir);
    const file = join(folder, DB_FILE);
    const entries = existsSync(folder) ? readdirSync(folder) : [];
    const isNew = entries.length === 0;
    if (!isNew) checkExisting(folder, file, entries);
    mkdirSync(folder, { recursive: true, mode: 0o700 });

    let db: Database.Database;
    try {
      db = new Database(file, { fileMustExist: !isNew });
      // One process owns the folder: a second store on the same folder is refused, not interleaved.
      db.pragma('locking_mode = EXCLUSIVE');
      db.pragma('journal_mode = WAL');
      // FULL: a commit returns only after the WAL is fsynced, so an acknowledged write survives a crash.
      db.pragma('synchronous = FULL');
      db.pragma('cache_size = -65536');
    } catch (err) {
      throw openError(folder, err);
    }
    try {
      if (isNew) initialise(db);
      const state = load(db, folder);
      return { disk: new Disk(db, file), state };
    } catch (err) {
      db.close();
      throw err instanceof DataFolderError ? err : openError(folder, err);
    }
  }

  /** Writes a batch in one transaction; returns once it is on disk. */
  commit(batch: DiskBatch): void {
    this.db.transaction(() => {
      for (const r of batch.records) {
        this.insertRecord.run(
          r.modRevision,
          r.sub,
          r.key,
          r.value,
          r.createRevision,
          r.version,
          r.lease,
          r.tombstone ? 1 : 0,
        );
      }
      for (const lease of batch.grantedLeases) this.insertLease.run(lease.id, lease.ttl);
      for (const id of batch.revokedLeases) this.deleteLease.run(id);
      this.setMeta.run('revision', batch.revision);
    })();
  }

  /** Removes compacted records and records the compaction, in one transaction. */
  compact(revision: number, removed: readonly KeyRecord[]): void {
    this.db.transaction(() => {
      for (const r of removed) this.deleteRecord.run(r.modRevision, r.sub);
      this.setMeta.run('compact_revision', revision);
    })();
  }

  /** Bytes the store's files take on disk. */
  size(): number {
    let total = 0;
    for (const f of [this.file, `${this.file}-wal`]) {
      try {
        total += statSync(f).size;
      } catch {
        // The WAL file may not exist between checkpoints.
      }
    }
    return total;
  }

  /** Bytes in use inside the database (pages not on the free list). */
  sizeInUse(): number {
    const pageSize = this.db.pragma('page_size', { simple: true }) as number;
    const pages = this.db.pragma('page_count', { simple: true }) as number;
    const free = this.db.pragma('freelist_count', { simple: true }) as number;
    return (pages - free) * pageSize;
  }

  /** Gives free pages back to the file system (etcd's defragment). */
  defragment(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.exec('VACUUM');
  }

  close(): void {
    this.db.close();
  }
}

function checkExisting(folder: string, file: string, entries: string[]): void {
  if (!entries.includes(DB_FILE)) {
    const shown = entries.slice(0, 5).join(', ') + (entries.length > 5 ? ', ...' : '');
    throw new DataFolderError(
      'DATA_FOLDER_FOREIGN',
      `cannot use data folder ${folder}: it holds files that are not a Setpoint store (${shown}); ` +
        'point --data-dir at an empty folder, or at the folder of a Setpoint store',
    );
  }
  if (!hasSqliteHeader(file)) {
    throw new DataFolderError(
      'DATA_FOLDER_DAMAGED',
      `cannot use data folder ${folder}: ${DB_FILE} is not a Setpoint store file (its header is wrong); ` +
        'the file is damaged or foreign: restore the folder from a backup, or start with an empty folder',
    );
  }
}

function hasSqliteHeader(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const header = Buffer.alloc(16);
    return readSync(fd, header, 0, 16, 0) === 16 && header.toString('latin1') === SQLITE_MAGIC;
  } finally {
    closeSync(fd);
  }
}

function openError(folder: string, err: unknown): DataFolderError {
  const detail = err instanceof Error ? err.message : String(err);
  if (/locked|busy/i.test(detail)) {
    return new DataFolderError(
      'DATA_FOLDER_IN_USE',
      `cannot use data folder ${folder}: another process holds it (${detail}); stop that store first, or use another --data-dir`,
    );
  }
  return new DataFolderError(
    'DATA_FOLDER_DAMAGED',
    `cannot use data folder ${folder}: the store file is damaged (${detail}); ` +
      'restore the folder from a backup, or start with an empty folder',
  );
}

function initialise(db: Database.Database): void {
  db.transaction(() => {
    db.exec(`
      CREATE TABLE meta (name TEXT PRIMARY KEY, value) WITHOUT ROWID;
      CREATE TABLE kv (
        revision INTEGER NOT NULL, sub INTEGER NOT NULL, key BLOB NOT NULL, value BLOB NOT NULL,
        create_revision INTEGER NOT NULL, version INTEGER NOT NULL, lease INTEGER NOT NULL,
        tombstone INTEGER NOT NULL, PRIMARY KEY (revision, sub)) WITHOUT ROWID;
      CREATE TABLE lease (id INTEGER PRIMARY KEY, ttl INTEGER NOT NULL);
    `);
    const set = db.prepare('INSERT INTO meta (name, value) VALUES (?, ?)');
    set.run('format', FORMAT);
    set.run('cluster_id', randomId());
    set.run('member_id', randomId());
    // etcd starts at revision 1 with no keys.
    set.run('revision', 1);
    set.run('compact_revision', 0);
  })();
}

/** A random positive int64, as etcd's member and cluster IDs. */
function randomId(): bigint {
  return randomBytes(8).readBigUInt64BE() & 0x7fffffffffffffffn;
}

function load(db: Database.Database, folder: string): StoredState {
  const damaged = (why: string) =>
    new DataFolderError(
      'DATA_FOLDER_DAMAGED',
      `cannot use data folder ${folder}: ${why}; restore the folder from a backup, or start with an empty folder`,
    );
  const check = db.pragma('quick_check', { simple: true });
  if (check !== 'ok') throw damaged(`the store file failed its integrity check (${String(check)})`);
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
  if (!['meta', 'kv', 'lease'].every((t) => tables.includes(t))) {
    throw new DataFolderError(
      'DATA_FOLDER_FOREIGN',
      `cannot use data folder ${folder}: ${DB_FILE} is an SQLite file but not a Setpoint store; ` +
        'point --data-dir at an empty folder, or at the folder of a Setpoint store',
    );
  }
  const meta = new Map<string, unknown>(
    (db.prepare('SELECT name, value FROM meta').safeIntegers(true).raw().all() as [string, unknown][]).map(
      ([k, v]) => [k, v],
    ),
  );
  const format = meta.get('format');
  if (format !== FORMAT) {
    throw new DataFolderError(
      'DATA_FOLDER_FOREIGN',
      `cannot use data folder ${folder}: its format is ${String(format)}, this Setpoint reads ${FORMAT}; ` +
        'use the Setpoint version that wrote it, or restore a backup into an empty folder',
    );
  }
  const int = (name: string): bigint => {
    const v = meta.get(name);
    // Numbers bound from JavaScript land as REAL in the untyped meta column.
    if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
    if (typeof v !== 'bigint') throw damaged(`its ${name} is missing`);
    return v;
  };
  const rows = db
    .prepare(
      'SELECT revision, sub, key, value, create_revision, version, lease, tombstone FROM kv ORDER BY revision, sub',
    )
    .safeIntegers(true)
    .raw()
    .all() as [bigint, bigint, Buffer, Buffer, bigint, bigint, bigint, bigint][];
  const records: KeyRecord[] = rows.map(([rev, sub, key, value, create, version, lease, tomb]) => ({
    key,
    value,
    modRevision: Number(rev),
    sub: Number(sub),
    createRevision: Number(create),
    version: Number(version),
    lease,
    tombstone: tomb === 1n,
  }));
  const leases = (
    db.prepare('SELECT id, ttl FROM lease').safeIntegers(true).raw().all() as [bigint, bigint][]
  ).map(([id, ttl]) => ({ id, ttl: Number(ttl) }));
  const revision = Number(int('revision'));
  const last = records[records.length - 1];
  if (last !== undefined && last.modRevision > revision) {
    throw damaged(`it holds revision ${last.modRevision} past its recorded revision ${revision}`);
  }
  return {
    clusterId: int('cluster_id'),
    memberId: int('member_id'),
    revision,
    compactRevision: Number(int('compact_revision')),
    records,
    leases,
  };
}
