// The events the live stream carries, made from etcd's changes: `change` for a user key (its name,
// never its value), `agent` for a unit's status record, and, never sent, `access` for the records a
// signed-in stream depends on (its user, token or session). Everything else under `_setpoint/` is
// Setpoint's own and never leaves as an event.
import type { WatchBatch } from '../../etcd/index.js';
import { RESERVED_PREFIX, SESSIONS_PREFIX, TOKENS_PREFIX, USERS_PREFIX } from '../../keyspace/index.js';
import type { BackupProgressReport } from '../backups/backup-progress.js';
import { type AgentStatus, agentOfKey, parseAgentStatus } from './agent-status.js';

/**
 * A user key changed. Carries no value, ever.
 *
 * @example
 * { key: 'hack/http/addr', type: 'put', revision: 812, directory: 'hack' }
 */
export interface ChangeEventData {
  readonly key: string;
  readonly type: 'put' | 'delete';
  readonly revision: number;
  /** The key's first segment. */
  readonly directory: string;
}

/**
 * A unit's status was written (`status`, with the record) or disappeared (`gone`: the agent
 * stopped, or died and its lease expired).
 *
 * @example
 * { type: 'gone', agent: 'registry-host', unit: 'hack', directory: 'hack', revision: 815 }
 */
export type AgentEventData =
  | ({ readonly type: 'status' } & AgentStatus)
  | {
      readonly type: 'gone';
      readonly agent: string;
      readonly unit: string;
      /** The directory the unit followed, when this server saw its status; else null. */
      readonly directory: string | null;
      readonly revision: number;
    };

/**
 * One event of the stream. `change` and `agent` come from etcd and carry the revision (the SSE id);
 * `backup` is progress of an operation on this server; `reset` says the stream could not be
 * resumed exactly (etcd compacted the revisions) and views should be read again; `access` is
 * internal: a record the stream's caller depends on changed.
 *
 * @example
 * if (event.kind === 'change') console.log(event.data.key);
 */
export type ServerEvent =
  | { readonly kind: 'change'; readonly revision: number; readonly data: ChangeEventData }
  | { readonly kind: 'agent'; readonly revision: number; readonly data: AgentEventData }
  | { readonly kind: 'backup'; readonly data: BackupProgressReport }
  | {
      readonly kind: 'reset';
      readonly revision: number;
      readonly data: { readonly revision: number; readonly reason: string };
    }
  | { readonly kind: 'access'; readonly revision: number; readonly key: string };

/**
 * Turns one revision's etcd events into stream events. `agentDirectories` remembers the directory
 * of each status key seen (a delete event carries no value); with `learn` false it is only read.
 *
 * @example
 * const events = toServerEvents(batch, directories);
 */
export function toServerEvents(
  batch: WatchBatch,
  agentDirectories: Map<string, string>,
  learn = true,
): ServerEvent[] {
  const events: ServerEvent[] = [];
  for (const change of batch.events) {
    const key = change.kv.key;
    const revision = batch.revision;
    if (!key.startsWith(RESERVED_PREFIX)) {
      const slash = key.indexOf('/');
      events.push({
        kind: 'change',
        revision,
        data: { key, type: change.type, revision, directory: slash < 0 ? key : key.slice(0, slash) },
      });
      continue;
    }
    const named = agentOfKey(key);
    if (named !== undefined) {
      if (change.type === 'put') {
        const status = parseAgentStatus(change.kv);
        if (status === undefined) continue;
        if (learn) agentDirectories.set(key, status.directory);
        events.push({ kind: 'agent', revision, data: { type: 'status', ...status } });
      } else {
        events.push({
          kind: 'agent',
          revision,
          data: { type: 'gone', ...named, directory: agentDirectories.get(key) ?? null, revision },
        });
      }
      continue;
    }
    if (key.startsWith(USERS_PREFIX) || key.startsWith(TOKENS_PREFIX) || key.startsWith(SESSIONS_PREFIX)) {
      events.push({ kind: 'access', revision, key });
    }
  }
  return events;
}
