// Leader election for Setpoint's singletons (backup scheduler, history recorder): of the `setpoint
// serve` processes sharing an etcd, one at a time runs each role. Uses etcd's own election protocol
// (the etcd3 client's `Campaign`: a key per contender under one prefix, bound to its lease; the
// oldest key leads), so `etcdctl` and Go programs read the same leader.
import { hostname } from 'node:os';
import { Campaign } from 'etcd3';
import { leaderPath } from '../keyspace/layout.js';
import type { Logger } from '../log/logger.js';
import type { EtcdClient } from './client.js';
import { retryDelayMs } from './retry-delay.js';

/**
 * How `runAsLeader` campaigns and what it runs once elected.
 *
 * @example
 * const options: LeadershipOptions = {
 *   ttlSeconds: 10,
 *   logger,
 *   onElected: (signal) => scheduler.runUntil(signal),
 * };
 */
export interface LeadershipOptions {
  /**
   * TTL of the lease the leader's key is bound to, in whole seconds; default 10. A leader that
   * dies keeps the role this long; a leader cut off from etcd steps down within it.
   */
  ttlSeconds?: number;
  logger: Logger;
  /**
   * Runs the role. `signal` aborts when leadership ends; its `reason` is a `LeadershipLostError`.
   * Leadership lasts until the signal aborts even if this returns earlier; the next campaign waits
   * until it has settled. Throwing ends the term: the process resigns and campaigns again later.
   */
  onElected: (signal: AbortSignal) => Promise<void> | void;
  /** What this contender announces while it leads (the key's value); default `<hostname>/<pid>`. */
  candidate?: string;
}

/**
 * A contender for one role, made by `runAsLeader`.
 *
 * @example
 * const leadership = runAsLeader(client, 'backup-scheduler', { logger, onElected });
 * if (leadership.isLeader()) logger.info('this process runs the backups');
 * await leadership.stop();
 */
export interface Leadership {
  /** Ends the current term (the signal aborts), waits for `onElected` to settle, then resigns. */
  stop(): Promise<void>;
  /** Whether this process holds the role now (from election until its signal aborts). */
  isLeader(): boolean;
  /** Settles once `stop()` has finished; never rejects. */
  readonly done: Promise<void>;
}

/**
 * Why a term of leadership ended: `stopped` (`stop()` was called), `lease-lost` (the lease expired
 * or was revoked, or the key was deleted), `unreachable` (etcd did not confirm the lease for two
 * thirds of its TTL, so it may expire before this process hears of it), `failed` (`onElected`
 * threw).
 *
 * @example
 * if ((signal.reason as LeadershipLostError).kind === 'unreachable') logger.warn('etcd is away');
 */
export type LeadershipLossKind = 'stopped' | 'lease-lost' | 'unreachable' | 'failed';

/**
 * The reason of the signal given to `onElected` once leadership ends.
 *
 * @example
 * signal.addEventListener('abort', () => {
 *   const lost = signal.reason as LeadershipLostError;
 *   logger.info({ role: lost.role, kind: lost.kind }, lost.message);
 * });
 */
export class LeadershipLostError extends Error {
  readonly code = 'ETCD_LEADERSHIP_LOST';
  override readonly name = 'LeadershipLostError';
  constructor(
    readonly role: string,
    readonly kind: LeadershipLossKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** What etcd's Go client uses when a session is given no TTL. */
const defaultTtlSeconds = 10;

/**
 * Campaigns for `role` until stopped: once elected, calls `onElected` with a signal that aborts
 * when leadership is lost (lease expired or revoked, etcd unreachable for most of the TTL,
 * `stop()`), waits for it to settle, then campaigns again. Failures to reach etcd are logged and
 * retried with backoff, never thrown.
 *
 * @example
 * const leadership = runAsLeader(client, 'history-recorder', {
 *   ttlSeconds: 10,
 *   logger,
 *   onElected: async (signal) => {
 *     const recorder = startHistoryRecorder(client);
 *     signal.addEventListener('abort', () => void recorder.stop(), { once: true });
 *   },
 * });
 * process.once('SIGTERM', () => void leadership.stop());
 */
export function runAsLeader(client: EtcdClient, role: string, options: LeadershipOptions): Leadership {
  if (role === '' || role.includes('/') || /[\p{Cc}]/u.test(role)) {
    throw new TypeError(`leader role ${JSON.stringify(role)} must be a non-empty name without '/'`);
  }
  const ttlSeconds = options.ttlSeconds ?? defaultTtlSeconds;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1) {
    throw new TypeError(`ttlSeconds must be a whole number of seconds, at least 1; got ${ttlSeconds}`);
  }
  const contender = new Contender(client, role, ttlSeconds, options);
  return {
    stop: () => contender.stop(),
    isLeader: () => contender.leading,
    done: contender.done,
  };
}

/**
 * The contender currently leading `role`, as it announced itself (`candidate`), or `undefined`
 * when nobody leads.
 *
 * @example
 * await currentLeader(client, 'backup-scheduler'); // 'serve-2/4711'
 */
export async function currentLeader(client: EtcdClient, role: string): Promise<string | undefined> {
  const oldest = await client.etcd
    .namespace(leaderPath(role))
    .getAll()
    .sort('Create', 'Ascend')
    .limit(1)
    .exec();
  return oldest.kvs[0]?.value.toString('utf8');
}

class Contender {
  leading = false;
  readonly done: Promise<void>;
  private readonly stopping = new AbortController();
  private readonly prefix: string;
  private readonly candidate: string;
  private readonly logger: Logger;

  constructor(
    private readonly client: EtcdClient,
    private readonly role: string,
    private readonly ttlSeconds: number,
    private readonly options: LeadershipOptions,
  ) {
    this.prefix = leaderPath(role);
    this.candidate = options.candidate ?? `${hostname()}/${process.pid}`;
    this.logger = options.logger.child({ role, candidate: this.candidate });
    this.done = this.campaignUntilStopped();
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.done;
  }

  private async campaignUntilStopped(): Promise<void> {
    let attempt = 0;
    while (!this.stopping.signal.aborted) {
      try {
        await this.serveOneTerm();
        attempt = 0;
      } catch (error) {
        if (this.stopping.signal.aborted) break;
        const delayMs = retryDelayMs(attempt++, { initialDelayMs: 200, maxDelayMs: this.ttlSeconds * 1000 });
        this.logger.warn(
          { err: error, retryInMs: delayMs },
          `cannot campaign for leader of '${this.role}' under ${this.prefix}; retrying`,
        );
        await sleep(delayMs, this.stopping.signal);
      }
    }
  }

  /** One campaign: waits to be elected, runs the role until leadership ends, resigns. */
  private async serveOneTerm(): Promise<void> {
    const campaign = new Campaign(this.client.etcd.namespace(this.prefix), this.candidate, this.ttlSeconds);
    const term = new AbortController();
    let failure: unknown;
    const end = (kind: LeadershipLossKind, message: string, cause?: unknown) => {
      if (term.signal.aborted) return;
      this.leading = false;
      term.abort(new LeadershipLostError(this.role, kind, message, { cause }));
    };
    // Stays attached after the term: the campaign may still report an error once we left it.
    campaign.on('error', (error) => {
      failure ??= error;
      end('lease-lost', `lost the lease of the '${this.role}' campaign: ${error.message}`, error);
    });
    const onStop = () => end('stopped', `stopped campaigning for '${this.role}'`);
    this.stopping.signal.addEventListener('abort', onStop, { once: true });
    if (this.stopping.signal.aborted) onStop();
    try {
      if (!(await elected(campaign, term.signal))) {
        if (failure !== undefined && !this.stopping.signal.aborted) throw failure;
        return;
      }
      const key = await campaign.getCampaignKey();
      this.leading = !term.signal.aborted;
      this.logger.info({ key }, `elected leader of '${this.role}'`);
      const stopWatchdog = this.watchLease(key, end);
      try {
        const outcome = await this.runTerm(term.signal, end);
        const lost = term.signal.reason as LeadershipLostError;
        const log = lost.kind === 'stopped' ? this.logger.info : this.logger.warn;
        log.call(
          this.logger,
          { key, kind: lost.kind, err: lost.cause },
          `no longer leader of '${this.role}': ${lost.message}`,
        );
        if (outcome.failed) throw outcome.error;
      } finally {
        this.leading = false;
        stopWatchdog();
      }
    } finally {
      this.stopping.signal.removeEventListener('abort', onStop);
      await campaign.resign().catch((error: unknown) => {
        this.logger.debug({ err: error }, 'cannot revoke the campaign lease; it expires with its TTL');
      });
    }
  }

  /** Runs `onElected` and holds the term until its signal aborts and it has settled. */
  private async runTerm(
    signal: AbortSignal,
    end: (kind: LeadershipLossKind, message: string, cause?: unknown) => void,
  ): Promise<{ failed: false } | { failed: true; error: unknown }> {
    let work: Promise<void>;
    try {
      work = Promise.resolve(this.options.onElected(signal));
    } catch (error) {
      work = Promise.reject(error);
    }
    const outcome = work.then(
      () => ({ failed: false }) as const,
      (error: unknown) => {
        end('failed', `the '${this.role}' leader failed: ${describe(error)}`, error);
        return { failed: true, error } as const;
      },
    );
    await untilAborted(signal);
    // The next leader (here or elsewhere) must not overlap this one: say so if it lingers.
    const lingering = setTimeout(() => {
      this.logger.warn(
        `the '${this.role}' leader still runs ${this.ttlSeconds} s after its leadership ended`,
      );
    }, this.ttlSeconds * 1000);
    try {
      return await outcome;
    } finally {
      clearTimeout(lingering);
    }
  }

  /**
   * Confirms the leader's key every quarter of the TTL with a linearizable read (which needs a
   * quorum). Ends the term at once when the key is gone, and when nothing was confirmed for two
   * thirds of the TTL: the last keepalive etcd received may be up to a third of the TTL older than
   * the last confirmation, so the lease can expire one TTL after it, and this process must stop
   * before another is elected. The etcd3 lease itself reports loss only after twice the TTL.
   */
  private watchLease(
    key: string,
    end: (kind: LeadershipLossKind, message: string, cause?: unknown) => void,
  ): () => void {
    const leaseId = key.slice(this.prefix.length);
    const probeEveryMs = Math.max(100, (this.ttlSeconds * 1000) / 4);
    const stepDownAfterMs = (this.ttlSeconds * 1000 * 2) / 3;
    let lastError: unknown;
    let probing = false;
    let stopped = false;
    const stepDown = () =>
      end(
        'unreachable',
        `etcd has not confirmed the '${this.role}' leader's lease ${leaseId} for ${Math.round(stepDownAfterMs)} ms ` +
          `(TTL ${this.ttlSeconds} s); stepping down before it can expire`,
        lastError,
      );
    let deadline = setTimeout(stepDown, stepDownAfterMs);
    const probe = async () => {
      if (probing || stopped) return;
      probing = true;
      const startedAt = Date.now();
      try {
        const { kvs } = await this.client.etcd
          .get(key)
          .options({ deadline: startedAt + probeEveryMs })
          .exec();
        if (stopped) return;
        const kv = kvs[0];
        if (kv === undefined || kv.lease !== leaseId) {
          end('lease-lost', `the leader key ${key} is gone: lease ${leaseId} expired or was revoked`);
          return;
        }
        lastError = undefined;
        clearTimeout(deadline);
        deadline = setTimeout(stepDown, Math.max(0, startedAt + stepDownAfterMs - Date.now()));
      } catch (error) {
        lastError = error;
        this.logger.debug({ err: error, key }, 'cannot confirm the leader lease yet');
      } finally {
        probing = false;
      }
    };
    const timer = setInterval(() => void probe(), probeEveryMs);
    return () => {
      stopped = true;
      clearInterval(timer);
      clearTimeout(deadline);
    };
  }
}

/** Resolves `true` once `campaign` is elected, `false` if `signal` aborts first. */
function elected(campaign: Campaign, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const onElected = () => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    };
    const onAbort = () => {
      campaign.off('elected', onElected);
      resolve(false);
    };
    campaign.once('elected', onElected);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function untilAborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
