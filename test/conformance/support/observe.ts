// Turns what a store answered into plain data that compares equal between two etcd-compatible stores.
import { statusName } from '../../support/raw-etcd.js';

/** Plain data: what a case returns and the test compares. */
export type Observation = string | number | boolean | null | Observation[] | { [key: string]: Observation };

/** The outcome of one call: its normalized response, or the gRPC error it failed with. */
export type Outcome = { ok: Observation } | { error: ErrorObservation };

export interface ErrorObservation {
  /** gRPC status name, e.g. 'OUT_OF_RANGE'. */
  code: string;
  /** etcd's message, e.g. 'etcdserver: mvcc: required revision has been compacted'. */
  message: string;
  /** The error class the etcd3 client turned it into, when the call went through etcd3. */
  clientClass?: string;
}

/** Awaits a call and records its normalized response or its error. */
export async function outcome(call: Promise<unknown>): Promise<Outcome> {
  try {
    return { ok: normalize(await call) };
  } catch (err) {
    return { error: describeError(err) };
  }
}

/** The gRPC code and etcd message of an error thrown by grpc-js or by the etcd3 client. */
export function describeError(err: unknown): ErrorObservation {
  if (!(err instanceof Error)) throw err;
  const raw = err as Error & { code?: unknown; details?: unknown };
  if (typeof raw.code === 'number' && typeof raw.details === 'string') {
    return { code: statusName(raw.code), message: raw.details };
  }
  // etcd3 re-creates the error as its own class and keeps grpc-js's message "11 OUT_OF_RANGE: details".
  // EtcdLeaseInvalidError wraps that message as "Lease <message> is expired or revoked".
  const message = err.message.replace(/^Lease (.*) is expired or revoked$/s, '$1');
  const match = /^(?:\w+: )?(\d+) ([A-Z_]+): (.*)$/s.exec(message);
  if (match) return { code: match[2]!, message: match[3]!, clientClass: err.constructor.name };
  throw err;
}

/**
 * Plain, comparable data from a decoded message. Buffers become their UTF-8 text (every key and value
 * the suite writes is text; large ones are summarised by length). From response headers only
 * `revision` is kept: cluster_id and member_id are random per cluster, raft_term depends on elections.
 */
export function normalize<T extends Record<string, unknown>>(value: T): { [K in keyof T]: Observation };
export function normalize(value: unknown): Observation;
export function normalize(value: unknown): Observation {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value)) return value.length > 4096 ? `<${value.length} bytes>` : value.toString('utf8');
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(normalize);
  if (typeof value === 'object') {
    const out: { [key: string]: Observation } = {};
    for (const [key, field] of Object.entries(value)) {
      if (key === 'header') out[key] = normalizeHeader(field);
      else out[key] = normalize(field);
    }
    return out;
  }
  throw new TypeError(`cannot normalize a ${typeof value}`);
}

function normalizeHeader(header: unknown): Observation {
  if (header === null || typeof header !== 'object') return null;
  const { revision } = header as { revision?: unknown };
  return { revision: normalize(revision) };
}

/** The revision in a response's header, as a number. */
export function revisionOf(response: { header?: { revision?: string | number } | null }): number {
  return Number(response.header?.revision ?? Number.NaN);
}
