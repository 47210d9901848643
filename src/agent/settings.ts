// The agent's settings as a whole: where etcd is, the key that opens sealed values, the Docker
// engine, where state and status go, and the units.
import { hostname } from 'node:os';
import type { EtcdConnectOptions } from '../etcd/index.js';
import type { Unit } from './unit.js';

/**
 * Everything `runAgent` needs, defaults filled in.
 *
 * @example
 * const settings = await settingsFromEnvironment(process.env);
 */
export interface AgentSettings {
  /** The agent's name in its status keys (`_setpoint/agents/<name>/<unit>`); default the host name. */
  name: string;
  etcd: EtcdConnectOptions;
  /** Private key file that opens sealed values (`PRIVATE_KEY`). */
  privateKeyPath?: string;
  /** Docker Engine API: `unix:///path`, `tcp://host:port` or `http://host:port`; default `DOCKER_HOST`, else `/var/run/docker.sock`. */
  dockerHost: string;
  /** Folder of the local state files (applied revision and content hash per unit). */
  stateDir: string;
  /** `/healthz` and `/metrics` listen here when set. */
  listen?: { host: string; port: number };
  /** Lease time to live of the status keys, in seconds. */
  statusTtlSeconds: number;
  units: Unit[];
}

/** The default agent name: the host name (a container's is its id). */
export function defaultAgentName(): string {
  return hostname();
}

/** The default Docker host: `DOCKER_HOST`, else the usual socket. */
export function defaultDockerHost(env: NodeJS.ProcessEnv): string {
  return env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
}

/** The default state folder: `/var/lib/setpoint-agent` for root, else `~/.local/state/setpoint-agent`. */
export function defaultStateDir(env: NodeJS.ProcessEnv): string {
  if (process.getuid?.() === 0) return '/var/lib/setpoint-agent';
  const home = env.XDG_STATE_HOME ?? `${env.HOME ?? '.'}/.local/state`;
  return `${home}/setpoint-agent`;
}

/** Seconds a dead agent's status stays visible. */
export const defaultStatusTtlSeconds = 10;
