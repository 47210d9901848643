// Coalesces a burst of changes into one apply: waits until changes stop for `minMs`, but never
// longer than `maxMs` after the first, and never runs two applies at once.

/**
 * Runs `task` once per burst of `notify()` calls. A notify during a running task schedules one
 * more run after it, so the last change is always applied.
 *
 * @example
 * const debounce = new Debounce({ minMs: 100, maxMs: 1000 }, () => applyLatest());
 * debounce.notify(); debounce.notify(); // one applyLatest()
 */
export class Debounce {
  private firstAt: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private pending = false;
  private stopped = false;

  constructor(
    private readonly wait: { minMs: number; maxMs: number },
    private readonly task: () => Promise<void>,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** A change arrived. */
  notify(): void {
    if (this.stopped) return;
    if (this.running !== undefined) {
      this.pending = true;
      return;
    }
    const now = this.now();
    this.firstAt ??= now;
    const delay = Math.max(0, Math.min(this.wait.minMs, this.firstAt + this.wait.maxMs - now));
    clearTimeout(this.timer);
    if (delay === 0) {
      this.timer = undefined;
      this.fire();
    } else {
      this.timer = setTimeout(() => this.fire(), delay);
    }
  }

  /** Resolves when no run is going on or waiting. */
  async idle(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }

  /** No more runs; resolves after the current one. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.idle();
  }

  private fire(): void {
    this.timer = undefined;
    this.firstAt = undefined;
    if (this.stopped) return;
    this.running = this.task()
      .catch(() => undefined)
      .finally(() => {
        this.running = undefined;
        if (this.pending) {
          this.pending = false;
          this.notify();
        }
      });
  }
}
