// The write-ahead log: preallocated segment files, entries appended then fdatasynced in groups, as etcd's WAL.
import {
  closeSync,
  existsSync,
  fdatasync,
  fdatasyncSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { crc32 } from './crc32.js';
import { decodeEntry, encodeEntry, type LogEntry } from './log-entry.js';

/** Segments are filled with zeros up front, so a commit's fdatasync never has to grow the file. */
export const SEGMENT_BYTES = 16 * 1024 * 1024;
const HEADER_BYTES = 8;

function segmentName(firstLsn: number): string {
  return `${firstLsn.toString(16).padStart(16, '0')}.log`;
}

/** An entry that is not whole sits before others: not a torn last write, but damage. */
export class LogDamagedError extends Error {
  readonly code = 'LOG_DAMAGED';
  constructor(message: string) {
    super(message);
    this.name = 'LogDamagedError';
  }
}

export class WriteAheadLog {
  private readonly dir: string;
  private fd = -1;
  private offset = 0;
  /** Earlier segments' descriptors, closed once no sync can still be using them. */
  private retired: number[] = [];
  private segmentFirstLsn = 0;

  private readonly segmentBytes: number;

  private constructor(dir: string, segmentBytes: number) {
    this.dir = dir;
    this.segmentBytes = segmentBytes;
  }

  /**
   * Reads every whole entry in the log folder, in order. The log ends at the first entry that is
   * not whole when it is the last thing written: a crash persists a prefix of the last write (its
   * header whole or not at all, then zeros), and that write was never acknowledged. Anything else
   * that is not whole (a length past the file, written bytes after it, a bad entry in an earlier
   * segment) is damage to acknowledged entries, and reading refuses with LogDamagedError.
   */
  static read(dir: string): LogEntry[] {
    if (!existsSync(dir)) return [];
    const entries: LogEntry[] = [];
    const names = readdirSync(dir)
      .filter((n) => n.endsWith('.log'))
      .sort();
    names.forEach((name, index) => {
      const bytes = readFileSync(join(dir, name));
      let at = 0;
      while (at + HEADER_BYTES <= bytes.length) {
        const length = bytes.readUInt32LE(at);
        const end = at + HEADER_BYTES + length;
        if (length > 0 && end <= bytes.length) {
          const payload = bytes.subarray(at + HEADER_BYTES, end);
          if (crc32(payload) === bytes.readUInt32LE(at + 4)) {
            entries.push(decodeEntry(payload));
            at = end;
            continue;
          }
        }
        const torn = length === 0 ? isZero(bytes, at) : end <= bytes.length && isZero(bytes, end);
        if (!torn || (length > 0 && index < names.length - 1)) {
          throw new LogDamagedError(
            `the entry at byte ${at} of ${name} is not whole, and it is not the last thing written`,
          );
        }
        break;
      }
    });
    return entries;
  }

  /** Starts a new, empty log whose next entry is `nextLsn`, replacing any segments there. */
  static create(dir: string, nextLsn: number, segmentBytes = SEGMENT_BYTES): WriteAheadLog {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const log = new WriteAheadLog(dir, segmentBytes);
    log.startSegment(nextLsn);
    log.removeSegmentsBefore(nextLsn);
    return log;
  }

  /** Appends one entry to the file; it is durable once a later `sync` completes. */
  append(entry: LogEntry): void {
    const frame = encodeEntry(entry, HEADER_BYTES);
    const payload = frame.subarray(HEADER_BYTES);
    if (this.offset + frame.length + HEADER_BYTES > this.segmentBytes && this.offset > 0)
      this.startSegment(entry.lsn);
    frame.writeUInt32LE(payload.length, 0);
    frame.writeUInt32LE(crc32(payload), 4);
    writeSync(this.fd, frame, 0, frame.length, this.offset);
    this.offset += frame.length;
  }

  /**
   * Makes every entry appended so far durable and calls `done` once they are on disk: `inline`
   * on this thread, else in the thread pool so the event loop keeps serving meanwhile.
   */
  sync(inline: boolean, done: (err: Error | null) => void): void {
    const retired = this.retired;
    this.retired = [];
    const finish = (err: Error | null) => {
      for (const fd of retired) closeSync(fd);
      done(err);
    };
    if (!inline) {
      fdatasync(this.fd, finish);
      return;
    }
    let error: Error | null = null;
    try {
      fdatasyncSync(this.fd);
    } catch (err) {
      error = err as Error;
    }
    finish(error);
  }

  /** Makes every entry appended so far durable before returning. */
  syncNow(): void {
    fdatasyncSync(this.fd);
  }

  /** First LSN of the segment now being written. */
  get currentSegmentFirstLsn(): number {
    return this.segmentFirstLsn;
  }

  /** Deletes whole segments that only hold entries before `lsn`, durably. */
  removeSegmentsBefore(lsn: number): void {
    const names = readdirSync(this.dir).sort();
    const segments = names.filter((n) => n.endsWith('.log'));
    let removed = false;
    for (let i = 0; i < segments.length; i++) {
      const first = Number.parseInt(segments[i]!, 16);
      const next =
        segments[i + 1] === undefined ? Number.POSITIVE_INFINITY : Number.parseInt(segments[i + 1]!, 16);
      if (first !== this.segmentFirstLsn && next <= lsn) {
        rmSync(join(this.dir, segments[i]!));
        removed = true;
      }
    }
    // A preallocation cut short by a crash.
    for (const name of names.filter((n) => n.endsWith('.log.tmp'))) {
      rmSync(join(this.dir, name));
      removed = true;
    }
    // Else a deleted segment could come back after a power cut, older than the ones kept.
    if (removed) syncFolder(this.dir);
  }

  close(): void {
    for (const fd of this.retired) closeSync(fd);
    this.retired = [];
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }

  private startSegment(firstLsn: number): void {
    const path = join(this.dir, segmentName(firstLsn));
    const temp = `${path}.tmp`;
    const fd = openSync(temp, 'w+', 0o600);
    const zeros = Buffer.alloc(1024 * 1024);
    for (let at = 0; at < this.segmentBytes; at += zeros.length) {
      writeSync(fd, zeros, 0, Math.min(zeros.length, this.segmentBytes - at), at);
    }
    fsyncSync(fd);
    renameSync(temp, path);
    syncFolder(this.dir);
    if (this.fd >= 0) {
      // The old segment's entries must be durable before the new one's: sync it here, close later.
      fdatasyncSync(this.fd);
      this.retired.push(this.fd);
    }
    this.fd = fd;
    this.offset = 0;
    this.segmentFirstLsn = firstLsn;
  }
}

function isZero(bytes: Buffer, from: number): boolean {
  for (let i = from; i < bytes.length; i++) if (bytes[i] !== 0) return false;
  return true;
}

/** Makes a rename or delete in `dir` durable. */
export function syncFolder(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
