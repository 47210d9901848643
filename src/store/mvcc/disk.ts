// The store's durable copy: a write-ahead log fdatasynced on every commit, applied to an SQLite file.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { KeyRecord, LeaseRecord } from '../types.js';
import { LogDamagedError, syncFolder, WriteAheadLog } from './log.js';
import type { LogEntry } from './log-entry.js';

export const FORMAT = 'setpoint-store/1';
const DB_FILE = 'store.db';
/**
 * Log entries are applied to SQLite in transactions of this many (one transaction per write would
 * cost more than the write), or after APPLY_IDLE_MS when fewer arrive.
 */
const APPLY_BATCH_ENTRIES = 16;
const APPLY_IDLE_MS = 1000;
const LOG_DIR = 'wal';
/** Files of a store still being created. */
const NEW_DB_PREFIX = `${DB_FILE}.new`;
/** What a store folder may hold. */
const STORE_FILES = new Set([DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`, LOG_DIR]);
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
}

export class Disk {
  private readonly db: Database.Database;
  private readonly insertRecord: Database.Statement;
  private readonly insertLease: Database.Statement;
  private readonly deleteLease: Database.Statement;
  private readonly setMeta: Database.Statement;
  private readonly deleteRecord: Database.Statement;
  private readonly file: string;
  private readonly log: WriteAheadLog;
  private lsn: number;
  /** Appended to the log, not yet synced. */
  private unsynced: LogEntry[] = [];
  /** The last log entry SQLite holds. */
  private appliedLsn: number;
  /** Told when the SQLite file cannot be written: the store must stop. */
  onFatal: (err: unknown) => void = (err) => {
    throw err;
  };
  /** Durable in the log, not yet in SQLite. */
  private pending: LogEntry[] = [];
  private rotated = false;
  private applyScheduled = false;
  private idleApply: NodeJS.Timeout | undefined;
  private sizeBytes = 0;

  private constructor(db: Database.Database, file: string, log: WriteAheadLog, lsn: number) {
    this.db = db;
    this.file = file;
    this.log = log;
    this.lsn = lsn;
    this.appliedLsn = lsn;
    this.insertRecord = db.prepare(
      'INSERT INTO kv (revision, sub, key, value, create_revision, version, lease, tombstone) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.insertLease = db.prepare('INSERT OR REPLACE INTO lease (id, ttl) VALUES (?, ?)');
    this.deleteLease = db.prepare('DELETE FROM lease WHERE id = ?');
    this.setMeta = db.prepare('INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)');
    this.deleteRecord = db.prepare('DELETE FROM kv WHERE revision = ? AND sub = ?');
    this.measureSize();
  }

  /**
   * Opens the store in `dataDir`, creating it when the folder is missing or empty. A folder holding
   * anything else, or a store file that is damaged, is refused before anything in it is changed.
   */
  static open(dataDir: string, options: { segmentBytes?: number } = {}): { disk: Disk; state: StoredState } {
    const folder = resolve(dataDir);
    const file = join(folder, DB_FILE);
    // A store being created when a crash struck is not a store yet: start again.
    const entries = existsSync(folder) ? readdirSync(folder).filter((e) => !e.startsWith(NEW_DB_PREFIX)) : [];
    if (entries.length === 0) create(folder, file);
    else checkExisting(folder, file, entries);

    let db: Database.Database;
    try {
      db = new Database(file, { fileMustExist: true });
      // One process owns the folder: a second store on the same folder is refused, not interleaved.
      db.pragma('locking_mode = EXCLUSIVE');
      db.pragma('journal_mode = WAL');
      // NORMAL: SQLite does not sync each commit. Durability comes from our own log, synced first;
      // SQLite is made durable at checkpoints, after which the log before them is dropped.
      db.pragma('synchronous = NORMAL');
      db.pragma('cache_size = -65536');
      // Checkpoints run when a log segment fills (and at close), not in the middle of the work.
      db.pragma('wal_autocheckpoint = 0');
    } catch (err) {
      throw openError(folder, err);
    }
    try {
      validate(db, folder);
      const appliedLsn = recover(db, join(folder, LOG_DIR));
      const state = load(db, folder);
      const log = WriteAheadLog.create(join(folder, LOG_DIR), appliedLsn + 1, options.segmentBytes);
      return { disk: new Disk(db, file, log, appliedLsn), state };
    } catch (err) {
      db.close();
      throw err instanceof DataFolderError ? err : openError(folder, err);
    }
  }

  /** Appends a batch to the log; it is durable once a `sync` started after this completes. */
  append(batch: DiskBatch): void {
    const entry: LogEntry = { lsn: this.lsn + 1, ...batch };
    const segment = this.log.currentSegmentFirstLsn;
    this.log.append(entry);
    this.lsn = entry.lsn;
    this.unsynced.push(entry);
    if (this.log.currentSegmentFirstLsn !== segment) this.rotated = true;
  }

  /**
   * Makes every appended batch durable (one fdatasync for all of them: `inline` on this thread,
   * else in the thread pool) and calls `done` once they are. They are applied to the SQLite file
   * later, in batches, after their writers are answered (a crash before then replays the log).
   */
  sync(inline: boolean, done: (err: Error | null) => void): void {
    const count = this.unsynced.length;
    this.log.sync(inline, (err) => {
      if (err === null) {
        this.pending.push(...this.unsynced.splice(0, count));
        // A new segment was started: make SQLite durable up to here and drop the segments before it.
        if (this.rotated) {
          this.rotated = false;
          this.checkpoint();
        } else if (this.pending.length >= APPLY_BATCH_ENTRIES) {
          // After the writers are answered: the SQLite work then overlaps their next requests.
          if (!this.applyScheduled) setImmediate(() => this.applyPending());
          this.applyScheduled = true;
        } else {
          this.idleApply ??= setTimeout(() => this.applyPending(), APPLY_IDLE_MS);
        }
      }
      done(err);
    });
  }

  /** Applies the committed batches SQLite does not hold yet, in one transaction. */
  private applyPending(): void {
    this.applyScheduled = false;
    if (this.idleApply !== undefined) clearTimeout(this.idleApply);
    this.idleApply = undefined;
    if (this.pending.length === 0) return;
    const entries = this.pending;
    this.pending = [];
    try {
      applyEntries(this.db, entries, {
        insertRecord: this.insertRecord,
        insertLease: this.insertLease,
        deleteLease: this.deleteLease,
        setMeta: this.setMeta,
      });
    } catch (err) {
      // The log still holds these entries; a restart replays them.
      this.onFatal(err);
      return;
    }
    this.appliedLsn = entries[entries.length - 1]!.lsn;
    this.measureSize();
  }

  /**
   * Syncs the SQLite file and drops the log segments it now covers: only those whose every entry
   * SQLite holds. (Entries appended but not yet synced when a segment filled are durable in the
   * old segment and not yet in SQLite: that segment stays until a later checkpoint.)
   */
  private checkpoint(): void {
    this.applyPending();
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
      this.log.removeSegmentsBefore(this.appliedLsn + 1);
    } catch (err) {
      this.onFatal(err);
    }
  }

  /** Removes compacted records and records the compaction, durably. */
  compact(revision: number, current: number, removed: readonly KeyRecord[]): void {
    this.applyPending();
    this.db.pragma('synchronous = FULL');
    this.db.transaction(() => {
      for (const r of removed) this.deleteRecord.run(r.modRevision, r.sub);
      this.setMeta.run('compact_revision', revision);
      // The revision is otherwise read off the newest record, which a compaction may remove.
      this.setMeta.run('revision', current);
    })();
    this.db.pragma('synchronous = NORMAL');
    this.measureSize();
  }

  /** Bytes the store's files take on disk, as of the last time SQLite was written. */
  size(): number {
    return this.sizeBytes;
  }

  private measureSize(): void {
    let total = 0;
    for (const f of [this.file, `${this.file}-wal`]) {
      try {
        total += statSync(f).size;
      } catch {
        // The WAL file may not exist between checkpoints.
      }
    }
    this.sizeBytes = total;
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
    this.applyPending();
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.exec('VACUUM');
    this.measureSize();
  }

  /** Closes the files; everything appended must have been synced first. */
  close(): void {
    if (this.unsynced.length > 0) {
      this.log.syncNow();
      this.pending.push(...this.unsynced.splice(0));
    }
    this.checkpoint();
    this.log.close();
    this.db.close();
  }
}

function checkExisting(folder: string, file: string, entries: string[]): void {
  const foreign = entries.filter((e) => !STORE_FILES.has(e));
  if (!entries.includes(DB_FILE) || foreign.length > 0) {
    const odd = foreign.length > 0 ? foreign : entries;
    const shown = odd.slice(0, 5).join(', ') + (odd.length > 5 ? ', ...' : '');
    throw new DataFolderError(
      'DATA_FOLDER_FOREIGN',
      `cannot use data folder ${folder}: it holds files that are not a Setpoint store (${shown}); ` +
        'point --data-dir at an empty folder, or at the folder of a Setpoint store',
    );
  }
  const problem = headerProblem(file);
  if (problem !== undefined) {
    throw new DataFolderError(
      'DATA_FOLDER_DAMAGED',
      `cannot use data folder ${folder}: ${DB_FILE} is damaged (${problem}); ` +
        'restore the folder from a backup, or start with an empty folder',
    );
  }
}

/**
 * What is wrong with the file's SQLite header, read without opening it as a database (opening one
 * in WAL mode creates files beside it), or undefined when it looks whole.
 */
function headerProblem(file: string): string | undefined {
  const fd = openSync(file, 'r');
  try {
    const header = Buffer.alloc(100);
    const read = readSync(fd, header, 0, 100, 0);
    if (read < 100 || header.toString('latin1', 0, 16) !== SQLITE_MAGIC)
      return 'its header is not an SQLite header';
    const pageSize = header.readUInt16BE(16) === 1 ? 65536 : header.readUInt16BE(16);
    const pages = header.readUInt32BE(28);
    const size = fstatSync(fd).size;
    // The header records the page count when it is valid (change counter equals valid-for number).
    if (header.readUInt32BE(24) === header.readUInt32BE(92) && pages * pageSize > size) {
      return `it is ${size} bytes long, but its header says ${pages * pageSize}: it was cut short`;
    }
    return undefined;
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

/**
 * Creates an empty store file beside its final name and renames it into place once it is whole
 * and synced, so a crash during creation never leaves a half-made store behind.
 */
function create(folder: string, file: string): void {
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  for (const leftover of readdirSync(folder).filter((e) => e.startsWith(NEW_DB_PREFIX))) {
    rmSync(join(folder, leftover));
  }
  const temp = join(folder, `${NEW_DB_PREFIX}db`);
  const db = new Database(temp);
  try {
    // Rollback-journal mode with full syncs while it is made; the store switches it to WAL on open.
    db.pragma('synchronous = FULL');
    initialise(db);
  } finally {
    db.close();
  }
  renameSync(temp, file);
  syncFolder(folder);
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
    // -1: never compacted, as etcd counts it, so that compacting at 0 is allowed once.
    set.run('compact_revision', -1);
    set.run('applied_lsn', 0);
  })();
}

/** A random positive int64, as etcd's member and cluster IDs. */
function randomId(): bigint {
  return randomBytes(8).readBigUInt64BE() & 0x7fffffffffffffffn;
}

interface Statements {
  insertRecord: Database.Statement;
  insertLease: Database.Statement;
  deleteLease: Database.Statement;
  setMeta: Database.Statement;
}

function applyEntries(db: Database.Database, entries: readonly LogEntry[], st: Statements): void {
  db.transaction(() => {
    for (const entry of entries) applyEntry(entry, st);
    const last = entries[entries.length - 1];
    if (last !== undefined) st.setMeta.run('applied_lsn', last.lsn);
  })();
}

function applyEntry(entry: LogEntry, st: Statements): void {
  for (const r of entry.records) {
    st.insertRecord.run(
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
  for (const lease of entry.grantedLeases) st.insertLease.run(lease.id, lease.ttl);
  for (const id of entry.revokedLeases) st.deleteLease.run(id);
}

/**
 * Applies the log entries the SQLite file does not have yet (those after a crash), makes the file
 * durable, and returns the last LSN it holds.
 */
function recover(db: Database.Database, logDir: string): number {
  const applied = Number(db.prepare("SELECT value FROM meta WHERE name = 'applied_lsn'").pluck().get() ?? 0);
  let entries: LogEntry[];
  try {
    entries = WriteAheadLog.read(logDir);
  } catch (err) {
    if (!(err instanceof LogDamagedError)) throw err;
    throw new DataFolderError(
      'DATA_FOLDER_DAMAGED',
      `cannot use data folder ${resolve(logDir, '..')}: its log is damaged (${err.message}); ` +
        'restore the folder from a backup, or start with an empty folder',
    );
  }
  const pending = entries.filter((e) => e.lsn > applied);
  const st: Statements = {
    insertRecord: db.prepare(
      'INSERT OR REPLACE INTO kv (revision, sub, key, value, create_revision, version, lease, tombstone) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    insertLease: db.prepare('INSERT OR REPLACE INTO lease (id, ttl) VALUES (?, ?)'),
    deleteLease: db.prepare('DELETE FROM lease WHERE id = ?'),
    setMeta: db.prepare('INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)'),
  };
  let last = applied;
  for (const entry of pending) {
    if (entry.lsn !== last + 1) {
      throw new DataFolderError(
        'DATA_FOLDER_DAMAGED',
        `cannot use data folder ${resolve(logDir, '..')}: its log jumps from entry ${last} to entry ${entry.lsn}, ` +
          'so acknowledged writes are missing; restore the folder from a backup, or start with an empty folder',
      );
    }
    last = entry.lsn;
  }
  applyEntries(db, pending, st);
  // Sync SQLite before the caller drops the log segments it now covers (even with nothing to
  // replay: its last commits before a crash may still be only in the page cache).
  db.pragma('wal_checkpoint(TRUNCATE)');
  return last;
}

/** Refuses a store file that is damaged or was not written by this Setpoint, before changing it. */
function validate(db: Database.Database, folder: string): void {
  const damaged = (why: string) =>
    new DataFolderError(
      'DATA_FOLDER_DAMAGED',
      `cannot use data folder ${folder}: ${why}; restore the folder from a backup, or start with an empty folder`,
    );
  const check = String(db.pragma('quick_check', { simple: true }));
  if (check !== 'ok')
    throw damaged(`${DB_FILE} is damaged: it failed its integrity check (${check.split('\n')[0]})`);
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
  if (!['meta', 'kv', 'lease'].every((t) => tables.includes(t))) {
    throw new DataFolderError(
      'DATA_FOLDER_FOREIGN',
      `cannot use data folder ${folder}: ${DB_FILE} is an SQLite file but not a Setpoint store; ` +
        'point --data-dir at an empty folder, or at the folder of a Setpoint store',
    );
  }
  const format = db.prepare("SELECT value FROM meta WHERE name = 'format'").pluck().get();
  if (format !== FORMAT) {
    throw new DataFolderError(
      'DATA_FOLDER_FOREIGN',
      `cannot use data folder ${folder}: its format is ${String(format)}, this Setpoint reads ${FORMAT}; ` +
        'use the Setpoint version that wrote it, or restore a backup into an empty folder',
    );
  }
}

function load(db: Database.Database, folder: string): StoredState {
  const damaged = (why: string) =>
    new DataFolderError(
      'DATA_FOLDER_DAMAGED',
      `cannot use data folder ${folder}: ${why}; restore the folder from a backup, or start with an empty folder`,
    );
  const meta = new Map<string, unknown>(
    (db.prepare('SELECT name, value FROM meta').safeIntegers(true).raw().all() as [string, unknown][]).map(
      ([k, v]) => [k, v],
    ),
  );
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
  // The newest record carries the current revision; the meta row covers a compaction that removed it.
  const last = records[records.length - 1];
  const revision = Math.max(Number(int('revision')), last?.modRevision ?? 0);
  return {
    clusterId: int('cluster_id'),
    memberId: int('member_id'),
    revision,
    compactRevision: Number(int('compact_revision')),
    records,
    leases,
  };
}
