// Progress of the backups, verifications and restores this server runs, for the events stream:
// each operation's phases and counts, throttled, handed to whoever listens (the SSE hub).

/**
 * What a backup operation reports: which operation, which phase, how far, and at the end how it
 * went. Never a key or a value.
 *
 * @example
 * { operation: 'create', id: 'op-3', phase: 'backup', keys: 1200, totalKeys: 5000, bytes: 1048576, done: false }
 */
export interface BackupProgressReport {
  /** `create` (a full backup), `verify` or `restore`. */
  readonly operation: 'create' | 'verify' | 'restore';
  /** This server's id of the operation, so a UI tells two apart. */
  readonly id: string;
  /** The backup concerned, when known (verify, restore; create once it is made). */
  readonly backup: string | null;
  /** Who started it. */
  readonly by: string;
  readonly startedAt: string;
  /** The phase (`backup`, `download and check`, `verify records`, `restore`), or `finished`. */
  readonly phase: string;
  readonly keys: number;
  readonly totalKeys: number | null;
  readonly bytes: number;
  readonly totalBytes: number | null;
  /** True on the last report of the operation. */
  readonly done: boolean;
  /** On the last report: `success` or `failure`; else null. */
  readonly outcome: 'success' | 'failure' | null;
  /** On a failure: the error's stable code. */
  readonly error: string | null;
}

/** The `Progress` interface of `src/backup/` (start, update, done), as operations take it. */
export interface ProgressSink {
  start(phase: string, totalKeys?: number, totalBytes?: number): void;
  update(counts: { keys: number; bytes: number }): void;
  done(counts: { keys: number; bytes: number }): void;
}

/**
 * One running operation: `progress` goes to the backup functions; `finish` reports the outcome.
 *
 * @example
 * const run = hub.begin('create', { by: 'alice' });
 * try { const manifest = await createBackup(client, target, { progress: run.progress }); run.finish({ backup: manifest.id }); }
 * catch (err) { run.finish({ error: err }); throw err; }
 */
export interface BackupOperation {
  readonly progress: ProgressSink;
  finish(result: { backup?: string; error?: unknown }): void;
}

/**
 * Fans progress out to listeners. Updates within a phase are sent at most every `intervalMs`
 * (default 250 ms); a phase's start and end, and the outcome, always are.
 *
 * @example
 * const hub = new BackupProgressHub();
 * const off = hub.subscribe((report) => console.log(report.phase, report.keys));
 */
export class BackupProgressHub {
  private readonly listeners = new Set<(report: BackupProgressReport) => void>();
  private counter = 0;

  constructor(private readonly options: { intervalMs?: number; now?: () => number } = {}) {}

  /** Calls `listener` with every report from now on; returns the function that stops it. */
  subscribe(listener: (report: BackupProgressReport) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts reporting an operation. */
  begin(
    operation: BackupProgressReport['operation'],
    about: { by: string; backup?: string },
  ): BackupOperation {
    const now = this.options.now ?? (() => Date.now());
    const interval = this.options.intervalMs ?? 250;
    this.counter += 1;
    let state: BackupProgressReport = {
      operation,
      id: `${operation}-${this.counter}`,
      backup: about.backup ?? null,
      by: about.by,
      startedAt: new Date(now()).toISOString(),
      phase: 'starting',
      keys: 0,
      totalKeys: null,
      bytes: 0,
      totalBytes: null,
      done: false,
      outcome: null,
      error: null,
    };
    let lastSent = Number.NEGATIVE_INFINITY;
    let finished = false;
    const send = (next: Partial<BackupProgressReport>, force: boolean) => {
      if (finished) return;
      state = { ...state, ...next };
      if (!force && now() - lastSent < interval) return;
      lastSent = now();
      this.emit(state);
    };
    return {
      progress: {
        start: (phase, totalKeys, totalBytes) =>
          send(
            { phase, keys: 0, bytes: 0, totalKeys: totalKeys ?? null, totalBytes: totalBytes ?? null },
            true,
          ),
        update: (counts) => send(counts, false),
        done: (counts) => send(counts, true),
      },
      finish: (result) => {
        const code = result.error === undefined ? null : codeOf(result.error);
        send(
          {
            phase: 'finished',
            done: true,
            outcome: result.error === undefined ? 'success' : 'failure',
            error: code,
            ...(result.backup !== undefined ? { backup: result.backup } : {}),
          },
          true,
        );
        finished = true;
      },
    };
  }

  private emit(report: BackupProgressReport): void {
    for (const listener of this.listeners) {
      try {
        listener(report);
      } catch {
        // A listener's failure is its own; the operation goes on.
      }
    }
  }
}

const hubs = new WeakMap<object, BackupProgressHub>();

/**
 * The progress hub shared by everything built on `owner` (the API context): the backup routes
 * report to it, the events stream listens to it.
 *
 * @example
 * backupProgressOf(context).subscribe((report) => stream.push(report));
 */
export function backupProgressOf(owner: object): BackupProgressHub {
  let hub = hubs.get(owner);
  if (hub === undefined) {
    hub = new BackupProgressHub();
    hubs.set(owner, hub);
  }
  return hub;
}

function codeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code) ? code : 'INTERNAL';
}
