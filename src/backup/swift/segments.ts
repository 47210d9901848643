// Cuts a byte stream into the segments of a large object, holding one segment in memory at a time.

/** One segment: its bytes, and whether the stream ends with it. */
export interface Segment {
  readonly data: Buffer;
  readonly last: boolean;
}

/**
 * Reads `source` one segment at a time: each `next()` returns exactly `size` bytes except the
 * last segment, which may be shorter (and is empty only for an empty stream). Whether a segment is
 * the last is known when it is returned, at the cost of reading one chunk ahead, never a segment.
 *
 * @example
 * const reader = new SegmentReader(file, 32 * 1024 * 1024);
 * for (let s = await reader.next(); ; s = await reader.next()) { upload(s.data); if (s.last) break; }
 */
export class SegmentReader {
  readonly #iterator: AsyncIterator<Uint8Array>;
  readonly #size: number;
  /** Bytes read from the source but not yet handed out. */
  #pending: Buffer | undefined;
  #ended = false;

  constructor(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, size: number) {
    if (!Number.isInteger(size) || size < 1)
      throw new TypeError(`segment size must be a positive integer, not ${size}`);
    this.#iterator =
      Symbol.asyncIterator in source
        ? source[Symbol.asyncIterator]()
        : (async function* () {
            yield* source;
          })();
    this.#size = size;
  }

  /** The next segment; call again only while the previous one was not `last`. */
  async next(): Promise<Segment> {
    const parts: Buffer[] = [];
    let length = 0;
    while (length < this.#size) {
      const chunk = this.#pending ?? (await this.#read());
      this.#pending = undefined;
      if (chunk === undefined) break;
      const wanted = this.#size - length;
      if (chunk.length > wanted) {
        parts.push(chunk.subarray(0, wanted));
        this.#pending = chunk.subarray(wanted);
        length += wanted;
      } else {
        parts.push(chunk);
        length += chunk.length;
      }
    }
    if (this.#pending === undefined && !this.#ended) this.#pending = await this.#read();
    const data = parts.length === 1 ? Buffer.from(parts[0] as Buffer) : Buffer.concat(parts, length);
    return { data, last: this.#pending === undefined };
  }

  /** Stops reading the source (after a failure), letting it release what it holds. */
  async close(): Promise<void> {
    this.#ended = true;
    this.#pending = undefined;
    await this.#iterator.return?.();
  }

  /** The next non-empty chunk as a Buffer, or undefined at the end. */
  async #read(): Promise<Buffer | undefined> {
    while (!this.#ended) {
      const next = await this.#iterator.next();
      if (next.done === true) {
        this.#ended = true;
        return undefined;
      }
      const chunk = next.value;
      if (chunk.byteLength > 0) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    }
    return undefined;
  }
}
