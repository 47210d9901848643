// Sees the moment a rendered file on disk holds a new value: fs.watch (inotify) on each agent's
// folder, and on every event naming the file a re-read of it; no fixed sleeps. A slow safety poll
// catches a missed event, and is counted, since a file found by it is timed late.
import { type FSWatcher, readFileSync, watch } from 'node:fs';
import { basename, dirname } from 'node:path';

/** How often the safety poll re-reads files still awaited. */
const safetyPollMs = 100;

interface Awaited {
  token: Buffer;
  /** performance.now() when each file was first seen holding the token; NaN while not yet. */
  seenAt: number[];
  left: number;
  done: () => void;
}

/**
 * The output files of some agents, each in its own folder.
 *
 * @example
 * const files = new OutputFiles(paths);
 * const seenAt = await files.until('v-000042', 5_000); // one time per file
 * files.close();
 */
export class OutputFiles {
  private readonly watchers: FSWatcher[] = [];
  private awaited: Awaited | undefined;
  /** Files whose new content the safety poll found and no fs.watch event reported (timed late). */
  missedEvents = 0;

  constructor(private readonly paths: readonly string[]) {
    for (const [index, path] of paths.entries()) {
      const name = basename(path);
      // The agent stages `.app.yml.setpoint-…` beside the file and renames it over: the rename's
      // event names the file itself; events for the staged file are not worth a read.
      const watcher = watch(dirname(path), (_event, file) => {
        if (file === null || file === name) this.check(index);
      });
      watcher.on('error', () => undefined);
      this.watchers.push(watcher);
    }
  }

  /**
   * Resolves with, per file, the performance.now() at which it was first read holding `token`
   * (which must not be a part of any other value written); rejects after `timeoutMs`. Reads every
   * file once before returning its promise: call it before the put, so those reads are not timed.
   */
  async until(token: string, timeoutMs: number): Promise<number[]> {
    const seenAt = this.paths.map(() => Number.NaN);
    let resolve!: () => void;
    const finished = new Promise<void>((r) => {
      resolve = r;
    });
    const awaited: Awaited = { token: Buffer.from(token), seenAt, left: this.paths.length, done: resolve };
    this.awaited = awaited;
    for (const index of this.paths.keys()) this.check(index);
    const poll = setInterval(() => this.poll(), safetyPollMs);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        finished,
        new Promise((_, reject) => {
          timer = setTimeout(() => {
            const missing = seenAt.filter(Number.isNaN).length;
            reject(
              new Error(
                `${missing} of ${this.paths.length} files did not show "${token}" in ${timeoutMs} ms`,
              ),
            );
          }, timeoutMs);
        }),
      ]);
      return seenAt;
    } finally {
      clearInterval(poll);
      clearTimeout(timer);
      this.awaited = undefined;
    }
  }

  close(): void {
    for (const watcher of this.watchers) watcher.close();
  }

  /** Reads file `index`; true when it holds the awaited token. */
  private holdsToken(index: number, token: Buffer): boolean {
    try {
      return readFileSync(this.paths[index]!).includes(token);
    } catch {
      return false; // not written yet
    }
  }

  /** On an fs.watch event for file `index`, or at the start: records it if it holds the token. */
  private check(index: number): void {
    const awaited = this.awaited;
    if (awaited === undefined || !Number.isNaN(awaited.seenAt[index]!)) return;
    if (this.holdsToken(index, awaited.token)) this.seen(awaited, index, performance.now());
  }

  /**
   * The safety poll. Timers run before I/O in Node's loop, so an event already queued may not
   * have been handled yet: the verdict waits for setImmediate, after the I/O phase, and only a
   * file no event reported by then counts as missed (timed when the poll read it).
   */
  private poll(): void {
    const awaited = this.awaited;
    if (awaited === undefined) return;
    for (const index of this.paths.keys()) {
      if (!Number.isNaN(awaited.seenAt[index]!) || !this.holdsToken(index, awaited.token)) continue;
      const readAt = performance.now();
      setImmediate(() => {
        if (this.awaited !== awaited || !Number.isNaN(awaited.seenAt[index]!)) return;
        this.missedEvents++;
        this.seen(awaited, index, readAt);
      });
    }
  }

  private seen(awaited: Awaited, index: number, at: number): void {
    awaited.seenAt[index] = at;
    if (--awaited.left === 0) awaited.done();
  }
}
