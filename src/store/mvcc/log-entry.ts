// The binary form of one log entry: the records and lease changes of one group commit.
import type { KeyRecord, LeaseRecord } from '../types.js';

export interface LogEntry {
  /** Log sequence number: entries are numbered 1, 2, 3... in commit order. */
  lsn: number;
  records: KeyRecord[];
  grantedLeases: LeaseRecord[];
  revokedLeases: bigint[];
}

const RECORD_FIXED = 8 + 4 + 8 + 8 + 8 + 1 + 4 + 4;

/** Encodes an entry after `reserve` bytes left for the caller (the log's frame header). */
export function encodeEntry(entry: LogEntry, reserve = 0): Buffer {
  let size = reserve + 8 + 4 + 4 + 4 + entry.grantedLeases.length * 16 + entry.revokedLeases.length * 8;
  for (const r of entry.records) size += RECORD_FIXED + r.key.length + r.value.length;
  const buf = Buffer.allocUnsafe(size);
  let at = buf.writeDoubleLE(entry.lsn, reserve);
  at = buf.writeUInt32LE(entry.records.length, at);
  for (const r of entry.records) {
    at = buf.writeDoubleLE(r.modRevision, at);
    at = buf.writeUInt32LE(r.sub, at);
    at = buf.writeDoubleLE(r.createRevision, at);
    at = buf.writeDoubleLE(r.version, at);
    at = buf.writeBigInt64LE(r.lease, at);
    at = buf.writeUInt8(r.tombstone ? 1 : 0, at);
    at = buf.writeUInt32LE(r.key.length, at);
    at += r.key.copy(buf, at);
    at = buf.writeUInt32LE(r.value.length, at);
    at += r.value.copy(buf, at);
  }
  at = buf.writeUInt32LE(entry.grantedLeases.length, at);
  for (const l of entry.grantedLeases) {
    at = buf.writeBigInt64LE(l.id, at);
    at = buf.writeDoubleLE(l.ttl, at);
  }
  at = buf.writeUInt32LE(entry.revokedLeases.length, at);
  for (const id of entry.revokedLeases) at = buf.writeBigInt64LE(id, at);
  return buf;
}

export function decodeEntry(buf: Buffer): LogEntry {
  let at = 0;
  const lsn = buf.readDoubleLE(at);
  at += 8;
  const records: KeyRecord[] = [];
  const count = buf.readUInt32LE(at);
  at += 4;
  for (let i = 0; i < count; i++) {
    const modRevision = buf.readDoubleLE(at);
    const sub = buf.readUInt32LE(at + 8);
    const createRevision = buf.readDoubleLE(at + 12);
    const version = buf.readDoubleLE(at + 20);
    const lease = buf.readBigInt64LE(at + 28);
    const tombstone = buf.readUInt8(at + 36) === 1;
    at += 37;
    const keyLength = buf.readUInt32LE(at);
    const key = Buffer.from(buf.subarray(at + 4, at + 4 + keyLength));
    at += 4 + keyLength;
    const valueLength = buf.readUInt32LE(at);
    const value = Buffer.from(buf.subarray(at + 4, at + 4 + valueLength));
    at += 4 + valueLength;
    records.push({ key, value, modRevision, sub, createRevision, version, lease, tombstone });
  }
  const grantedLeases: LeaseRecord[] = [];
  const grants = buf.readUInt32LE(at);
  at += 4;
  for (let i = 0; i < grants; i++) {
    grantedLeases.push({ id: buf.readBigInt64LE(at), ttl: buf.readDoubleLE(at + 8) });
    at += 16;
  }
  const revokedLeases: bigint[] = [];
  const revokes = buf.readUInt32LE(at);
  at += 4;
  for (let i = 0; i < revokes; i++) {
    revokedLeases.push(buf.readBigInt64LE(at));
    at += 8;
  }
  return { lsn, records, grantedLeases, revokedLeases };
}
