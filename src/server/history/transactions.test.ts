import { describe, expect, test } from 'vitest';
import { recordOfEvent } from './records.js';
import { chunkRecords, encodeForCommit, MAX_OPS_PER_TXN } from './transactions.js';

const at = new Date('2026-11-22T10:00:00.000Z');

function encoded(count: number, valueBytes = 4) {
  return Array.from({ length: count }, (_, i) =>
    encodeForCommit(
      recordOfEvent(
        {
          type: 'put',
          kv: {
            key: `app/k${i}`,
            keyBytes: Buffer.from(`app/k${i}`),
            value: Buffer.alloc(valueBytes, 1),
            createRevision: i + 1,
            modRevision: i + 1,
            version: 1,
            lease: '0',
          },
        },
        at,
      ),
    ),
  );
}

describe('chunkRecords', () => {
  test('keeps every transaction within the op limit, counting two ops per record and room for the position', () => {
    const chunks = chunkRecords(encoded(250));
    expect(chunks.flat().map((e) => e.record.revision)).toEqual(Array.from({ length: 250 }, (_, i) => i + 1));
    for (const chunk of chunks) expect(chunk.length * 2 + 2).toBeLessThanOrEqual(MAX_OPS_PER_TXN);
    expect(chunks.length).toBe(Math.ceil(250 / 49));
  });

  test('keeps every transaction within the byte budget; a record over it travels alone', () => {
    const chunks = chunkRecords(encoded(5, 400), { maxOps: 100, maxBytes: 1500 });
    expect(chunks.map((c) => c.length)).toEqual([2, 2, 1]);
    expect(chunkRecords(encoded(3, 4000), { maxOps: 100, maxBytes: 1000 }).map((c) => c.length)).toEqual([
      1, 1, 1,
    ]);
  });

  test('has nothing to write for no records, and refuses a limit with no room for one', () => {
    expect(chunkRecords([])).toEqual([]);
    expect(() => chunkRecords(encoded(1), { maxOps: 3, maxBytes: 1000 })).toThrow(TypeError);
  });
});
