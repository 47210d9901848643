// Follows the agents' status keys in etcd: an agent writes its status after the file is in place and
// its state saved, so a status with the new appliedRevision means that agent is done with the change.
import { Etcd3, type Watcher } from 'etcd3';
import { AGENT_STATUS_PREFIX } from '../../src/keyspace/index.js';

interface Awaited {
  revision: number;
  seenAt: Map<string, number>;
  done: () => void;
}

/**
 * The applied revisions the agents named `agents` report.
 *
 * @example
 * const statuses = await AgentStatuses.open(endpoint, ['bench-agent-001']);
 * const seenAt = await statuses.until(42, 5_000);
 */
export class AgentStatuses {
  /** Per agent: the applied revision it last reported, and performance.now() when that arrived. */
  private readonly applied = new Map<string, { revision: number; at: number }>();
  private readonly names: ReadonlySet<string>;
  private awaited: Awaited | undefined;

  private constructor(
    private readonly client: Etcd3,
    private readonly watcher: Watcher,
    private readonly agents: readonly string[],
  ) {
    this.names = new Set(agents);
    watcher.on('put', (kv) => {
      let status: { agent?: unknown; appliedRevision?: unknown };
      try {
        status = JSON.parse(kv.value.toString('utf8')) as typeof status;
      } catch {
        return;
      }
      if (typeof status.agent !== 'string' || typeof status.appliedRevision !== 'number') return;
      this.applied.set(status.agent, { revision: status.appliedRevision, at: performance.now() });
      this.note(status.agent);
    });
  }

  static async open(endpoint: string, agents: readonly string[]): Promise<AgentStatuses> {
    const client = new Etcd3({ hosts: endpoint });
    try {
      const watcher = await client.watch().prefix(AGENT_STATUS_PREFIX).create();
      return new AgentStatuses(client, watcher, agents);
    } catch (error) {
      client.close();
      throw error;
    }
  }

  /** Resolves with, per agent, the performance.now() at which its status reached `revision`. */
  async until(revision: number, timeoutMs: number): Promise<number[]> {
    let resolve!: () => void;
    const finished = new Promise<void>((r) => {
      resolve = r;
    });
    const awaited: Awaited = { revision, seenAt: new Map(), done: resolve };
    this.awaited = awaited;
    for (const agent of this.agents) this.note(agent);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        finished,
        new Promise((_, reject) => {
          timer = setTimeout(() => {
            const missing = this.agents.length - awaited.seenAt.size;
            reject(
              new Error(`${missing} agents did not report revision ${revision} applied in ${timeoutMs} ms`),
            );
          }, timeoutMs);
        }),
      ]);
      return this.agents.map((agent) => awaited.seenAt.get(agent)!);
    } finally {
      clearTimeout(timer);
      this.awaited = undefined;
    }
  }

  async close(): Promise<void> {
    await this.watcher.cancel().catch(() => undefined);
    this.client.close();
  }

  private note(agent: string): void {
    const awaited = this.awaited;
    if (awaited === undefined || !this.names.has(agent) || awaited.seenAt.has(agent)) return;
    const applied = this.applied.get(agent);
    if (applied === undefined || applied.revision < awaited.revision) return;
    // A status that arrived before `until` was called (it may be, the put's answer being awaited
    // first) keeps the time it arrived.
    awaited.seenAt.set(agent, applied.at);
    if (awaited.seenAt.size === this.agents.length) awaited.done();
  }
}
