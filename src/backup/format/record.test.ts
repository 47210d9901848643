import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeRecord, encodeRecord } from './record.js';

describe('backup records', () => {
  it('any key and value bytes survive a JSON line', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 40 }),
        fc.uint8Array({ maxLength: 80 }),
        fc.nat(),
        fc.nat(),
        fc.boolean(),
        (key, value, revision, version, deleted) => {
          const record = {
            key: Buffer.from(key),
            value: Buffer.from(value),
            createRevision: revision,
            modRevision: revision + 1,
            version,
            lease: version % 2 === 0 ? '0' : '7587867361537542701',
            ...(deleted ? { kind: 'delete' as const, at: 1_764_480_000_000 } : {}),
          };
          const line = encodeRecord(record);
          expect(line.endsWith('\n')).toBe(true);
          expect(line.slice(0, -1)).not.toContain('\n');
          expect(decodeRecord(line.slice(0, -1), 'test')).toEqual(record);
        },
      ),
    );
  });

  it('keeps UTF-8 keys and values readable as text', () => {
    const line = encodeRecord({
      key: Buffer.from('hack/storage/swift/container'),
      value: Buffer.from('registry ✓'),
      createRevision: 3,
      modRevision: 9,
      version: 2,
      lease: '0',
    });
    expect(JSON.parse(line)).toEqual({
      k: 'hack/storage/swift/container',
      v: 'registry ✓',
      c: 3,
      m: 9,
      n: 2,
    });
  });

  it('names the object and line of a damaged record', () => {
    expect(() => decodeRecord('{"k":"a","v":"b","c":1,"m":"x","n":1}', 'full/x/data.jsonl.gz', 4)).toThrow(
      /full\/x\/data\.jsonl\.gz line 4 is damaged: a record whose 'm' is not a revision number/,
    );
    expect(() => decodeRecord('{"k":', 'deltas/y', 1)).toThrow(
      /deltas\/y line 1 is damaged: not a JSON record/,
    );
  });
});
