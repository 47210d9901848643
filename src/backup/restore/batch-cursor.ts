// Walking a stream of batches item by item, with an await only when a batch is used up: a merge
// of two long streams (a backup against etcd) then costs one step per batch, not one per key.

/**
 * A position in a stream of batches.
 *
 * @example
 * const cursor = new BatchCursor(pages);
 * while (await cursor.fill()) { use(cursor.current!); cursor.advance(); }
 */
export class BatchCursor<T> {
  readonly #source: AsyncIterator<readonly T[]>;
  #batch: readonly T[] = [];
  #index = 0;
  #ended = false;

  constructor(source: AsyncIterable<readonly T[]>) {
    this.#source = source[Symbol.asyncIterator]();
  }

  /** The item at the position; undefined when the batch is used up (see `fill`) or at the end. */
  get current(): T | undefined {
    return this.#batch[this.#index];
  }

  /** Whether `fill` must be awaited before `current` can be read. */
  get needsFill(): boolean {
    return !this.#ended && this.#index >= this.#batch.length;
  }

  advance(): void {
    this.#index += 1;
  }

  /** Reads batches until one has an item at the position; false at the end of the stream. */
  async fill(): Promise<boolean> {
    while (this.#index >= this.#batch.length) {
      if (this.#ended) return false;
      const next = await this.#source.next();
      if (next.done === true) {
        this.#ended = true;
        this.#batch = [];
        return false;
      }
      this.#batch = next.value;
      this.#index = 0;
    }
    return true;
  }
}
