// Publishes unit statuses under `_setpoint/agents/` on one lease, so they vanish with the agent.
// Keeps the latest status of each unit and writes it when etcd can be reached; grants a new lease
// and writes everything again when the old one is lost.
import type { Lease } from 'etcd3';
import type { EtcdClient } from '../etcd/index.js';
import { retryDelayMs } from '../etcd/retry-delay.js';
import { agentStatusPath } from '../keyspace/index.js';
import type { Logger } from '../log/logger.js';
import type { UnitStatus } from './unit-status.js';

/**
 * The agent's status writer.
 *
 * @example
 * const publisher = new StatusPublisher(client, 10, logger);
 * publisher.publish(status);
 * await publisher.stop();
 */
export class StatusPublisher {
  private lease: Lease | undefined;
  /** Latest status per etcd key not yet written on the current lease. */
  private readonly pending = new Map<string, string>();
  /** Latest status per etcd key, to write again on a new lease. */
  private readonly latest = new Map<string, string>();
  private flushing: Promise<void> | undefined;
  private stopped = false;
  private attempt = 0;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: EtcdClient,
    private readonly ttlSeconds: number,
    private readonly logger: Logger,
  ) {}

  /** Records `status`; it reaches etcd as soon as etcd can be reached. */
  publish(status: UnitStatus): void {
    if (this.stopped) return;
    const key = agentStatusPath(status.agent, status.unit);
    const value = JSON.stringify(status);
    this.latest.set(key, value);
    this.pending.set(key, value);
    this.flush();
  }

  /** Resolves when everything published so far is in etcd (or the publisher stopped). */
  async settled(): Promise<void> {
    while (this.flushing !== undefined) await this.flushing;
  }

  /** Revokes the lease: the statuses disappear now rather than after the TTL. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    await this.flushing;
    const lease = this.lease;
    this.lease = undefined;
    await lease?.revoke().catch(() => undefined);
  }

  private flush(): void {
    if (this.flushing !== undefined || this.stopped || this.retryTimer !== undefined) return;
    this.flushing = this.writePending()
      .then(
        () => {
          this.attempt = 0;
        },
        (error: unknown) => {
          const delay = retryDelayMs(this.attempt++, { initialDelayMs: 200, maxDelayMs: 5_000 });
          this.logger.debug({ err: error, retryInMs: delay }, 'cannot write the agent status yet; retrying');
          this.retryTimer = setTimeout(() => {
            this.retryTimer = undefined;
            this.flush();
          }, delay);
        },
      )
      .finally(() => {
        this.flushing = undefined;
        if (this.pending.size > 0 && this.retryTimer === undefined) this.flush();
      });
  }

  private async writePending(): Promise<void> {
    const lease = await this.currentLease();
    for (const [key, value] of [...this.pending]) {
      await lease.put(key).value(value).exec();
      if (this.pending.get(key) === value) this.pending.delete(key);
    }
  }

  private async currentLease(): Promise<Lease> {
    if (this.lease !== undefined) return this.lease;
    const lease = this.client.etcd.lease(this.ttlSeconds);
    lease.on('lost', () => {
      if (this.lease !== lease) return;
      this.logger.warn('the agent status lease was lost; granting a new one');
      this.lease = undefined;
      for (const [key, value] of this.latest) this.pending.set(key, value);
      this.flush();
    });
    try {
      await lease.grant();
    } catch (error) {
      await lease.revoke().catch(() => undefined);
      throw error;
    }
    this.lease = lease;
    return lease;
  }
}
