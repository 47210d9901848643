// What an agent says about each of its units, in etcd (lease-bound), on /healthz and in metrics.

/**
 * Where a unit stands.
 * - `starting`: the first read of its directory has not finished.
 * - `healthy`: the file holds the latest revision it could apply and the service passed its health gate.
 * - `failed`: the latest revision failed (and the previous file was put back); see `lastError`.
 * - `waiting-for-etcd`: etcd cannot be reached; the file stays as it is.
 *
 * @example
 * const state: UnitPhase = 'healthy';
 */
export type UnitPhase = 'starting' | 'healthy' | 'failed' | 'waiting-for-etcd';

/**
 * The status record of one unit, as stored at `_setpoint/agents/<agent>/<unit>`.
 *
 * @example
 * const status: UnitStatus = JSON.parse(kv.value);
 */
export interface UnitStatus {
  agent: string;
  unit: string;
  directory: string;
  output: string;
  state: UnitPhase;
  /** The directory revision the file was last rendered from and applied (or found already in place). */
  appliedRevision: number | null;
  /** `sha256:<hex>` of the file applied. */
  contentHash: string | null;
  /** The newest directory revision the agent has seen. */
  seenRevision: number | null;
  /** The revision that failed last, until a later one applies. */
  failedRevision: number | null;
  /** Why it failed (never holds a secret). */
  lastError: string | null;
  /** Whether the rollback after the failure left the service healthy. */
  rolledBack: boolean | null;
  etcdConnected: boolean;
  updatedAt: string;
  host: string;
  pid: number;
  version: string;
}
