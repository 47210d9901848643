// Reading ahead of a consumer: the source is pulled while the consumer waits on something else
// (etcd answering a transaction, Swift taking a segment), so both sides work at once.

/**
 * Yields what `source` yields, in order, pulling up to `limit` items ahead of the consumer. A
 * failure of the source reaches the consumer after the items before it. Stopping early (break,
 * throw) stops the source.
 *
 * @example
 * for await (const page of readAhead(client.snapshotPages(prefix), 1)) encode(page);
 */
export async function* readAhead<T>(source: AsyncIterable<T>, limit: number): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  const buffered: T[] = [];
  let ended = false;
  let failure: { error: unknown } | undefined;
  let stopped = false;
  let itemArrived: (() => void) | undefined;
  let roomMade: (() => void) | undefined;

  const pump = (async () => {
    try {
      while (!stopped) {
        if (buffered.length >= limit) {
          await new Promise<void>((resolve) => {
            roomMade = resolve;
          });
          continue;
        }
        const next = await iterator.next();
        if (next.done) break;
        buffered.push(next.value);
        itemArrived?.();
      }
    } catch (error) {
      failure = { error };
    } finally {
      ended = true;
      itemArrived?.();
    }
  })();

  try {
    for (;;) {
      if (buffered.length > 0) {
        const item = buffered.shift() as T;
        roomMade?.();
        yield item;
        continue;
      }
      if (failure !== undefined) throw failure.error;
      if (ended) return;
      await new Promise<void>((resolve) => {
        itemArrived = resolve;
      });
      itemArrived = undefined;
    }
  } finally {
    stopped = true;
    roomMade?.();
    await pump;
    if (failure === undefined) await iterator.return?.(undefined);
  }
}
