// Unit tests of cutting a stream into large-object segments.
import { describe, expect, it } from 'vitest';
import { SegmentReader } from './segments.js';

async function* chunks(...sizes: number[]): AsyncGenerator<Uint8Array> {
  let n = 0;
  for (const size of sizes) {
    yield Uint8Array.from({ length: size }, () => n++ % 251);
  }
}

async function segmentsOf(source: AsyncIterable<Uint8Array>, size: number) {
  const reader = new SegmentReader(source, size);
  const out: { length: number; last: boolean; first: number | undefined }[] = [];
  for (;;) {
    const segment = await reader.next();
    out.push({ length: segment.data.length, last: segment.last, first: segment.data[0] });
    if (segment.last) return out;
  }
}

describe('SegmentReader', () => {
  it.each([
    ['one small chunk', [5], 10, [5]],
    ['exactly one segment', [10], 10, [10]],
    ['one segment in pieces', [3, 3, 4], 10, [10]],
    ['a chunk larger than a segment', [25], 10, [10, 10, 5]],
    ['exact multiple', [7, 13], 10, [10, 10]],
    ['empty chunks in between', [0, 4, 0, 6, 0, 1], 5, [5, 5, 1]],
    ['an empty stream', [], 10, [0]],
  ])('%s', async (_what, sizes, size, lengths) => {
    const out = await segmentsOf(chunks(...sizes), size);
    expect(out.map((s) => s.length)).toEqual(lengths);
    expect(out.map((s) => s.last)).toEqual(lengths.map((_, i) => i === lengths.length - 1));
  });

  it('keeps the bytes in order across segments', async () => {
    const out = await segmentsOf(chunks(4, 9, 2), 5);
    expect(out.map((s) => s.first)).toEqual([0, 5, 10]);
  });

  it('reads no more than one chunk past a segment', async () => {
    let pulled = 0;
    async function* counted() {
      for (let i = 0; i < 100; i++) {
        pulled++;
        yield new Uint8Array(4);
      }
    }
    const reader = new SegmentReader(counted(), 8);
    await reader.next();
    expect(pulled).toBe(3);
    await reader.close();
  });

  it('refuses a segment size that is not a positive integer', () => {
    expect(() => new SegmentReader([], 0)).toThrow(TypeError);
  });
});
