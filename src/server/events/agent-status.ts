// The agents' status records (`_setpoint/agents/<agent>/<unit>`, each on its agent's lease) read for
// the agents list and the agent events. Lenient: a field an older or newer agent does not write is
// null, so one odd agent never hides the others.
import { z } from 'zod';
import type { EtcdClient, KeyValue } from '../../etcd/index.js';
import { AGENT_STATUS_PREFIX } from '../../keyspace/index.js';

/**
 * One unit of one agent, as the API shows it.
 *
 * @example
 * { agent: 'registry-host', unit: 'hack', directory: 'hack', state: 'healthy', appliedRevision: 42, ... }
 */
export interface AgentStatus {
  readonly agent: string;
  readonly unit: string;
  /** The directory the unit follows, without a trailing `/` (`hack`). */
  readonly directory: string;
  readonly output: string | null;
  /** `starting`, `healthy`, `failed`, `waiting-for-etcd` (or what a newer agent says). */
  readonly state: string;
  readonly healthy: boolean;
  readonly appliedRevision: number | null;
  readonly contentHash: string | null;
  readonly seenRevision: number | null;
  readonly failedRevision: number | null;
  /** Why the last revision failed; agents never put a secret here. */
  readonly lastError: string | null;
  readonly rolledBack: boolean | null;
  readonly etcdConnected: boolean | null;
  readonly updatedAt: string | null;
  readonly host: string | null;
  readonly pid: number | null;
  readonly version: string | null;
  /** The etcd revision the record was last written at. */
  readonly revision: number;
}

const nullable = <T extends z.ZodType>(schema: T) => schema.nullable().optional().catch(null);
const recordSchema = z.object({
  agent: z.string().min(1),
  unit: z.string().min(1),
  directory: z.string().min(1),
  output: nullable(z.string()),
  state: z.string().min(1),
  appliedRevision: nullable(z.number()),
  contentHash: nullable(z.string()),
  seenRevision: nullable(z.number()),
  failedRevision: nullable(z.number()),
  lastError: nullable(z.string()),
  rolledBack: nullable(z.boolean()),
  etcdConnected: nullable(z.boolean()),
  updatedAt: nullable(z.string()),
  host: nullable(z.string()),
  pid: nullable(z.number()),
  version: nullable(z.string()),
});

/**
 * The agent and unit a status key names, or undefined when `key` is not a status record's.
 *
 * @example
 * agentOfKey('_setpoint/agents/registry-host/hack'); // { agent: 'registry-host', unit: 'hack' }
 */
export function agentOfKey(key: string): { agent: string; unit: string } | undefined {
  if (!key.startsWith(AGENT_STATUS_PREFIX)) return undefined;
  const rest = key.slice(AGENT_STATUS_PREFIX.length);
  const slash = rest.indexOf('/');
  if (slash <= 0 || slash === rest.length - 1) return undefined;
  return { agent: rest.slice(0, slash), unit: rest.slice(slash + 1) };
}

/**
 * A status record read from etcd, or undefined when it is not one (not JSON, no directory).
 *
 * @example
 * const status = parseAgentStatus(kv);
 */
export function parseAgentStatus(kv: KeyValue): AgentStatus | undefined {
  const named = agentOfKey(kv.key);
  if (named === undefined) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(kv.value.toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = recordSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const record = parsed.data;
  return {
    agent: record.agent,
    unit: record.unit,
    directory: directoryName(record.directory),
    output: record.output ?? null,
    state: record.state,
    healthy: record.state === 'healthy',
    appliedRevision: record.appliedRevision ?? null,
    contentHash: record.contentHash ?? null,
    seenRevision: record.seenRevision ?? null,
    failedRevision: record.failedRevision ?? null,
    lastError: record.lastError ?? null,
    rolledBack: record.rolledBack ?? null,
    etcdConnected: record.etcdConnected ?? null,
    updatedAt: record.updatedAt ?? null,
    host: record.host ?? null,
    pid: record.pid ?? null,
    version: record.version ?? null,
    revision: kv.modRevision,
  };
}

/**
 * Every live unit status (a dead agent's are gone with its lease), ordered by agent then unit, and
 * the revision they were read at. Records that cannot be read are counted, not shown.
 *
 * @example
 * const { agents } = await listAgentStatuses(client);
 */
export async function listAgentStatuses(
  client: EtcdClient,
): Promise<{ revision: number; agents: AgentStatus[]; unreadable: number }> {
  const snapshot = await client.rangeSnapshot(AGENT_STATUS_PREFIX);
  const agents: AgentStatus[] = [];
  let unreadable = 0;
  for (const kv of snapshot.kvs) {
    const status = parseAgentStatus(kv);
    if (status === undefined) unreadable += 1;
    else agents.push(status);
  }
  return { revision: snapshot.revision, agents, unreadable };
}

/**
 * A directory as written in access checks and filters: no leading or trailing `/`.
 *
 * @example
 * directoryName('/hack/'); // 'hack'
 */
export function directoryName(directory: string): string {
  return directory.replace(/^\/+/, '').replace(/\/+$/, '');
}

/**
 * Whether `directory` is `filter` or lies below it (`team/app` is under `team`).
 *
 * @example
 * isWithin('team/app', 'team'); // true
 * isWithin('teams', 'team'); // false
 */
export function isWithin(directory: string, filter: string): boolean {
  return directory === filter || directory.startsWith(`${filter}/`);
}
