import { describe, expect, test } from 'vitest';
import type { WatchEvent } from '../../etcd/index.js';
import { HistoryRecordError } from './errors.js';
import {
  encodeHistoryRecord,
  MAX_RECORDED_VALUE_BYTES,
  parseHistoryRecord,
  parseRecordPath,
  recordOfEvent,
  recordOfSnapshotValue,
  recordPath,
  recordValue,
} from './records.js';

const at = new Date('2026-11-22T10:00:00.000Z');

function kv(key: string, value: Buffer | string, modRevision: number, version = 1) {
  const bytes = Buffer.isBuffer(value) ? value : Buffer.from(value);
  return {
    key,
    keyBytes: Buffer.from(key),
    value: bytes,
    createRevision: 3,
    modRevision,
    version,
    lease: '0',
  };
}

describe('history records', () => {
  test('a put keeps the bytes as base64 and round-trips through its stored form', () => {
    const bytes = Buffer.from([0, 255, 10, 0x41]);
    const record = recordOfEvent({ type: 'put', kv: kv('hack/port', bytes, 42, 2) }, at);
    expect(record).toEqual({
      key: 'hack/port',
      revision: 42,
      createRevision: 3,
      version: 2,
      lease: '0',
      kind: 'put',
      value: bytes.toString('base64'),
      recordedAt: '2026-11-22T10:00:00.000Z',
      size: 4,
    });
    const path = recordPath(record);
    expect(path).toBe('_setpoint/history/hack/port@00000000000000000042');
    const parsed = parseHistoryRecord(path, Buffer.from(encodeHistoryRecord(record)));
    expect(parsed).toEqual(record);
    expect(recordValue(parsed)).toEqual(bytes);
  });

  test('a delete has no value, version 0 and the revision of the delete', () => {
    const event: WatchEvent = { type: 'delete', kv: kv('hack/port', '', 50, 0) };
    const record = recordOfEvent(event, at);
    expect(record).toMatchObject({ kind: 'delete', revision: 50, version: 0, size: 0 });
    expect(record.value).toBeUndefined();
    expect(recordValue(record)).toBeUndefined();
  });

  test('a baseline record says at which snapshot the value was seen; a huge value is kept by size only', () => {
    expect(recordOfSnapshotValue(kv('a/b', 'x', 7), 90, at).observedAt).toBe(90);
    const huge = recordOfEvent(
      { type: 'put', kv: kv('a/b', Buffer.alloc(MAX_RECORDED_VALUE_BYTES + 1), 8) },
      at,
    );
    expect(huge).toMatchObject({ truncated: true, size: MAX_RECORDED_VALUE_BYTES + 1 });
    expect(huge.value).toBeUndefined();
    expect(parseHistoryRecord(recordPath(huge), Buffer.from(encodeHistoryRecord(huge)))).toEqual(huge);
  });

  test.each([
    ['_setpoint/history/a@00000000000000000007', { key: 'a', revision: 7 }],
    ['_setpoint/history/a@b@00000000000000000007', { key: 'a@b', revision: 7 }],
    ['_setpoint/history/a@7', undefined],
    ['_setpoint/history/@00000000000000000007', undefined],
    ['_setpoint/keys/a@00000000000000000007', undefined],
  ])('parseRecordPath(%s)', (path, expected) => {
    expect(parseRecordPath(path)).toEqual(expected);
  });

  test.each([
    ['not JSON', '{', /not JSON/],
    ['not an object', '[1]', /not a JSON object/],
    [
      'no kind',
      JSON.stringify({
        key: 'a',
        lease: '0',
        recordedAt: 'x',
        revision: 1,
        createRevision: 1,
        version: 1,
        size: 0,
      }),
      /kind/,
    ],
    [
      'a put without value',
      JSON.stringify({
        key: 'a',
        lease: '0',
        recordedAt: 'x',
        revision: 1,
        createRevision: 1,
        version: 1,
        size: 0,
        kind: 'put',
      }),
      /without a value/,
    ],
    [
      'another revision',
      JSON.stringify({
        key: 'a',
        lease: '0',
        recordedAt: 'x',
        revision: 2,
        createRevision: 1,
        version: 1,
        size: 0,
        kind: 'delete',
      }),
      /not the key and revision/,
    ],
  ])('a damaged record (%s) is a HistoryRecordError naming its key', (_, stored, message) => {
    const path = '_setpoint/history/a@00000000000000000001';
    const parse = () => parseHistoryRecord(path, Buffer.from(stored));
    expect(parse).toThrow(HistoryRecordError);
    expect(parse).toThrow(message);
    expect(parse).toThrow(path);
  });
});
