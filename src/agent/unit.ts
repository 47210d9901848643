// What one unit of the agent does: which directory it follows, the file it writes, and how the
// service is told and checked. Built from agent.yaml (config-file.ts) or the environment (environment.ts).
import type { DocumentFormat } from '../render/index.js';

/**
 * A command the agent runs: a shell line (`/bin/sh -c`) or an argument vector (no shell).
 * `{file}` in it stands for the file concerned (the staged file for a check).
 *
 * @example
 * const check: Command = ['nginx', '-t', '-c', '{file}'];
 */
export type Command = string | readonly string[];

/**
 * What the unit writes: a document format, or a Handlebars template for anything else.
 *
 * @example
 * const output: Output = { path: '/etc/docker/registry/config.yml', format: 'yaml' };
 */
export type Output =
  | { path: string; format: DocumentFormat; template?: undefined }
  | { path: string; template: string; format?: undefined };

/**
 * How the service learns of a new file.
 *
 * @example
 * const action: Action = { type: 'restart-container', container: 'registry', timeoutMs: 10_000 };
 */
export type Action =
  | { type: 'none' }
  | { type: 'restart-container'; container: string; timeoutMs: number }
  | { type: 'signal-container'; container: string; signal: NodeJS.Signals }
  | { type: 'signal'; pidFile: string; signal: NodeJS.Signals }
  | { type: 'exec'; command: Command; timeoutMs: number }
  | { type: 'supervise'; command: Command; reload: 'restart' | NodeJS.Signals; stopTimeoutMs: number };

/**
 * How the agent knows the service took the new file well.
 *
 * @example
 * const health: HealthCheck = { type: 'http', url: 'http://127.0.0.1:5000/', timeoutMs: 30_000, intervalMs: 250 };
 */
export type HealthCheck = (
  | { type: 'none' }
  | { type: 'docker'; container: string; settleMs: number }
  | { type: 'http'; url: string }
  | { type: 'tcp'; host: string; port: number }
  | { type: 'command'; command: Command }
) & { timeoutMs: number; intervalMs: number };

/**
 * How the new file is put in place: `rename` (atomic; the default), `in-place` (rewrites the same
 * inode, for a file bind-mounted alone into a container) or `auto` (in place exactly when the
 * unit's container bind-mounts the file alone).
 *
 * @example
 * const write: WriteMode = 'auto';
 */
export type WriteMode = 'auto' | 'rename' | 'in-place';

/**
 * One unit, with every default filled in.
 *
 * @example
 * const unit: Unit = unitDefaults({ name: 'registry', directory: 'hack', output: { path: '/config.yml', format: 'yaml' } });
 */
export interface Unit {
  name: string;
  /** The etcd directory followed, e.g. `hack` (keys `hack/...`). */
  directory: string;
  output: Output;
  /** File mode of the written file; default: the existing file's, else 0o644 (0o600 when it holds a sealed value). */
  mode?: number;
  /** Owner of the written file; default: the existing file's. */
  owner?: { uid: number; gid: number };
  /** Runs on the staged file before it replaces the live one; a non-zero exit refuses the revision. */
  check?: { command: Command; timeoutMs: number };
  action: Action;
  health: HealthCheck;
  /** Coalesces changes: wait `minMs` after the last change, but never more than `maxMs` after the first. */
  debounce: { minMs: number; maxMs: number };
  write: WriteMode;
}

/** The debounce when none is configured: quick, but one restart for a burst of puts. */
export const defaultDebounce = { minMs: 100, maxMs: 1000 } as const;
/** How long a health check may take to pass. */
export const defaultHealthTimeoutMs = 30_000;
/** How often a health check is tried within its timeout. */
export const defaultHealthIntervalMs = 250;
/** How long a container without a Docker health check must stay up to count as healthy. */
export const defaultSettleMs = 2_000;
/** How long a check or exec command may run. */
export const defaultCommandTimeoutMs = 30_000;
