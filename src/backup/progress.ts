// Progress of a backup or restore: a bar with rate and ETA on a terminal, JSON lines otherwise
// (for logs and scripts). Throttled, so reporting never slows the work down.

/**
 * How far a phase has come.
 *
 * @example
 * progress.update({ keys: 1200, bytes: 1_048_576 });
 */
export interface ProgressCounts {
  keys: number;
  bytes: number;
}

/**
 * Receives progress; `start` opens a phase (e.g. "backup", "verify", "restore") with what it
 * will reach when known, so the ETA can be told.
 *
 * @example
 * progress.start('restore', 50_000);
 * progress.update({ keys: 1000, bytes: 0 });
 * progress.done({ keys: 50_000, bytes: 0 });
 */
export interface Progress {
  start(phase: string, totalKeys?: number, totalBytes?: number): void;
  update(counts: ProgressCounts): void;
  done(counts: ProgressCounts): void;
}

/** Progress that goes nowhere. */
export const silentProgress: Progress = { start() {}, update() {}, done() {} };

/**
 * Progress on `stream`: a redrawn bar when it is a terminal, JSON lines when not (or when `json`).
 *
 * @example
 * const progress = progressReporter({ stream: process.stderr });
 */
export function progressReporter(options: {
  stream: NodeJS.WriteStream | NodeJS.WritableStream;
  json?: boolean;
  now?: () => number;
}): Progress {
  const now = options.now ?? (() => performance.now());
  const terminal = options.json !== true && (options.stream as NodeJS.WriteStream).isTTY === true;
  const interval = terminal ? 100 : 1000;
  let phase = '';
  let total: number | undefined;
  let totalBytes: number | undefined;
  let started = 0;
  let lastShown = -Infinity;

  const line = (counts: ProgressCounts, final: boolean) => {
    const seconds = Math.max((now() - started) / 1000, 1e-3);
    const keysPerSecond = counts.keys / seconds;
    const bytesPerSecond = counts.bytes / seconds;
    // By keys when the phase counts keys, else by bytes.
    const byKeys = total !== undefined && counts.keys > 0;
    const [done, goal, rate] = byKeys
      ? [counts.keys, total, keysPerSecond]
      : [counts.bytes, totalBytes, bytesPerSecond];
    const etaSeconds = goal === undefined || rate === 0 ? undefined : Math.max(goal - done, 0) / rate;
    if (!terminal) {
      return `${JSON.stringify({
        phase,
        keys: counts.keys,
        ...(total !== undefined ? { totalKeys: total } : {}),
        ...(totalBytes !== undefined ? { totalBytes } : {}),
        bytes: counts.bytes,
        keysPerSecond: Math.round(keysPerSecond),
        bytesPerSecond: Math.round(bytesPerSecond),
        ...(etaSeconds !== undefined && !final ? { etaSeconds: Math.round(etaSeconds) } : {}),
        seconds: Math.round(seconds * 10) / 10,
        ...(final ? { done: true } : {}),
      })}\n`;
    }
    const share = goal === undefined || goal === 0 ? undefined : Math.min(done / goal, 1);
    const width = 24;
    const bar =
      share === undefined
        ? ''
        : `[${'#'.repeat(Math.round(share * width)).padEnd(width, '-')}] ${Math.floor(share * 100)}% `;
    const of = total === undefined ? '' : `/${total.toLocaleString('en')}`;
    const eta = final ? ` in ${clock(seconds)}` : etaSeconds === undefined ? '' : ` ETA ${clock(etaSeconds)}`;
    return `\r${phase} ${bar}${counts.keys.toLocaleString('en')}${of} keys  ${megabytes(bytesPerSecond)}/s  ${Math.round(keysPerSecond).toLocaleString('en')} keys/s${eta}\u001b[K${final ? '\n' : ''}`;
  };

  return {
    start(name, totalKeys, bytes) {
      phase = name;
      total = totalKeys;
      totalBytes = bytes;
      started = now();
      lastShown = -Infinity;
    },
    update(counts) {
      if (now() - lastShown < interval) return;
      lastShown = now();
      options.stream.write(line(counts, false));
    },
    done(counts) {
      options.stream.write(line(counts, true));
    },
  };
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

function clock(seconds: number): string {
  const whole = Math.round(seconds);
  const minutes = Math.floor(whole / 60);
  return `${minutes}:${String(whole % 60).padStart(2, '0')}`;
}
