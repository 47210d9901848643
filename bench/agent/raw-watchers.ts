// The reference the agent is compared with: plain etcd3 clients, each on its own connection as each
// agent is, watching one key and doing nothing with the event but note when it came.
import { Etcd3, type Watcher } from 'etcd3';

interface Awaited {
  token: Buffer;
  seenAt: number[];
  left: number;
  done: () => void;
}

/**
 * `count` etcd3 clients watching `key`.
 *
 * @example
 * const watchers = await KeyWatchers.open('127.0.0.1:2379', 'raw/counter', 100);
 * const seenAt = await watchers.until('v-000042', 5_000);
 * await watchers.close();
 */
export class KeyWatchers {
  private awaited: Awaited | undefined;

  private constructor(
    private readonly clients: Etcd3[],
    private readonly watchers: Watcher[],
  ) {
    for (const [index, watcher] of watchers.entries()) {
      watcher.on('put', (kv) => {
        const awaited = this.awaited;
        if (awaited === undefined || !Number.isNaN(awaited.seenAt[index]!)) return;
        if (!kv.value.equals(awaited.token)) return;
        awaited.seenAt[index] = performance.now();
        if (--awaited.left === 0) awaited.done();
      });
    }
  }

  static async open(endpoint: string, key: string, count: number): Promise<KeyWatchers> {
    const clients = Array.from({ length: count }, () => new Etcd3({ hosts: endpoint }));
    try {
      const watchers = await Promise.all(clients.map((c) => c.watch().key(key).create()));
      return new KeyWatchers(clients, watchers);
    } catch (error) {
      for (const client of clients) client.close();
      throw error;
    }
  }

  /** Resolves with, per watcher, the performance.now() at which the put of `token` reached it. */
  async until(token: string, timeoutMs: number): Promise<number[]> {
    const seenAt = this.watchers.map(() => Number.NaN);
    let resolve!: () => void;
    const finished = new Promise<void>((r) => {
      resolve = r;
    });
    this.awaited = { token: Buffer.from(token), seenAt, left: this.watchers.length, done: resolve };
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        finished,
        new Promise((_, reject) => {
          timer = setTimeout(() => {
            const missing = seenAt.filter(Number.isNaN).length;
            reject(
              new Error(
                `${missing} of ${seenAt.length} watchers got no event for "${token}" in ${timeoutMs} ms`,
              ),
            );
          }, timeoutMs);
        }),
      ]);
      return seenAt;
    } finally {
      clearTimeout(timer);
      this.awaited = undefined;
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.watchers.map((w) => w.cancel().catch(() => undefined)));
    for (const client of this.clients) client.close();
  }
}
