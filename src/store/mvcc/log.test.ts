// Unit tests of the write-ahead log: entries round-trip, and a torn tail ends the log cleanly.
import { openSync, readdirSync, writeSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { crc32, portableCrc32 } from './crc32.js';
import { LogDamagedError, WriteAheadLog } from './log.js';
import { encodeEntry, type LogEntry } from './log-entry.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'setpoint-log-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const entry = (lsn: number): LogEntry => ({
  lsn,
  records: [
    {
      key: Buffer.from(`key/${lsn}`),
      value: Buffer.from([0, 255, lsn & 0xff]),
      modRevision: lsn + 1,
      sub: 0,
      createRevision: 2,
      version: lsn,
      lease: 7587879373893128452n,
      tombstone: false,
    },
  ],
  grantedLeases: [{ id: -5n, ttl: 30 }],
  revokedLeases: [9223372036854775807n],
});

test('crc32 matches the IEEE check value, natively and portably', () => {
  expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  expect(portableCrc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) & 0xff));
  expect(portableCrc32(bytes)).toBe(crc32(bytes));
});

test('appended entries read back whole, in order, with int64 lease IDs intact', () => {
  const log = WriteAheadLog.create(dir, 1);
  for (let lsn = 1; lsn <= 3; lsn++) log.append(entry(lsn));
  log.close();
  expect(WriteAheadLog.read(dir)).toEqual([entry(1), entry(2), entry(3)]);
});

test('a torn last entry (a crash mid-write) ends the log there', () => {
  const log = WriteAheadLog.create(dir, 1);
  log.append(entry(1));
  log.append(entry(2));
  log.close();
  const [segment] = readdirSync(dir);
  const fd = openSync(join(dir, segment!), 'r+');
  // Overwrite a byte inside the second entry's payload, as a partial write would leave it.
  const secondEntryAt = 8 + encodeEntry(entry(1)).length;
  writeSync(fd, Buffer.from([0x42]), 0, 1, secondEntryAt + 20);
  expect(WriteAheadLog.read(dir).map((e) => e.lsn)).toEqual([1]);
});

test('damage before the last entry is refused, not read as the end of the log', () => {
  const log = WriteAheadLog.create(dir, 1);
  for (let lsn = 1; lsn <= 3; lsn++) log.append(entry(lsn));
  log.close();
  const [segment] = readdirSync(dir);
  const fd = openSync(join(dir, segment!), 'r+');
  writeSync(fd, Buffer.from([0x42]), 0, 1, 8 + 20);
  expect(() => WriteAheadLog.read(dir)).toThrow(LogDamagedError);
  // A length field turned to garbage is damage too, never a torn tail.
  writeSync(fd, Buffer.from([0xff, 0xff, 0xff, 0x7f]), 0, 4, 0);
  expect(() => WriteAheadLog.read(dir)).toThrow(LogDamagedError);
});
