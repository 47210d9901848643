// Fills etcd quickly for backup tests and benchmarks (puts in transactions of 100, a few at once),
// and waits for the delta recorder to have written a revision.
import type { IRequestOp } from 'etcd3';
import type { DeltaRecorder } from '../../src/backup/deltas/delta-recorder.js';
import type { EtcdClient } from '../../src/etcd/index.js';
import { waitFor } from '../support/wait.js';

/**
 * Puts every entry; returns the revision after the last one.
 *
 * @example
 * await loadKeys(client, Array.from({ length: 1000 }, (_, i) => [`d/k${i}`, `v${i}`]));
 */
export async function loadKeys(
  client: EtcdClient,
  entries: Iterable<readonly [string, string | Buffer]>,
  options: { perTxn?: number; inFlight?: number } = {},
): Promise<number> {
  const perTxn = options.perTxn ?? 100;
  const inFlight = options.inFlight ?? 4;
  const running = new Set<Promise<void>>();
  let revision = 0;
  let batch: IRequestOp[] = [];
  const send = (ops: IRequestOp[]) => {
    const task = client.etcd.kv.txn({ compare: [], success: ops, failure: [] }).then((result) => {
      revision = Math.max(revision, Number(result.header.revision));
    });
    running.add(task);
    void task.finally(() => running.delete(task));
  };
  for (const [key, value] of entries) {
    batch.push({ request_put: { key: Buffer.from(key), value: Buffer.from(value) } });
    if (batch.length >= perTxn) {
      send(batch);
      batch = [];
      while (running.size >= inFlight) await Promise.race(running);
    }
  }
  if (batch.length > 0) send(batch);
  await Promise.all(running);
  return revision;
}

/**
 * Flushes the recorder until it has written `revision` (the watch may still be delivering it).
 *
 * @example
 * await flushedThrough(recorder, await put('a', '1'));
 */
export async function flushedThrough(recorder: DeltaRecorder, revision: number): Promise<void> {
  await waitFor(
    async () => {
      await recorder.flush();
      return recorder.written() >= revision;
    },
    { what: `the delta recorder to write revision ${revision}` },
  );
}
