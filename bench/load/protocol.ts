// The messages the store benchmark's parent and its load-generator child process exchange.

/** Which client library the load generator drives the store with. */
export type ClientKind = 'grpc' | 'etcd3';

/** The measured phases, in the order the load generator runs them. */
export type PhaseName = 'put-1' | 'put-n' | 'range-n' | 'watch';

export const phaseNames: readonly PhaseName[] = ['put-1', 'put-n', 'range-n', 'watch'];

/** One running store the load generator drives. */
export interface LoadTarget {
  /** `127.0.0.1:PORT` of the store under test. */
  endpoint: string;
  /** The server's process id, to read its CPU time from /proc; absent if unknown. */
  serverPid?: number;
}

/**
 * What the parent asks the child to do. Every phase is cut into slices that alternate between the
 * targets (A B B A ...), so that drift in the machine's load falls on all of them alike.
 */
export interface LoadConfig {
  targets: LoadTarget[];
  client: ClientKind;
  /** gRPC connections the concurrent clients are spread over. */
  channels: number;
  /** Concurrent outstanding requests in the `-n` phases. */
  clients: number;
  valueSize: number;
  /** Each measured phase gives each target this much time in total ... */
  phaseMs: number;
  /** ... or this many operations, whichever comes first ... */
  maxOps: number;
  /** ... in slices of this length. */
  sliceMs: number;
  /** Unmeasured put load on each target before the first phase. */
  warmupMs: number;
  /** Keys written before the range phase, which then reads them at random. */
  readKeys: number;
  /** Distinct keys the put phases cycle through. */
  keySpace: number;
}

/** One phase's figures. Latencies in milliseconds; CPU in milliseconds per 1000 operations. */
export interface PhaseResult {
  name: PhaseName;
  clients: number;
  ops: number;
  errors: number;
  seconds: number;
  opsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  clientCpuPerKop: number;
  /** Absent when the server's CPU time could not be read. */
  serverCpuPerKop?: number;
}

/** One target's figures. */
export interface LoadResult {
  phases: PhaseResult[];
  /** The first error messages seen, to explain a non-zero error count. */
  errorSamples: string[];
}

/** Child -> parent. */
export type WorkerMessage = { ok: true; results: LoadResult[] } | { ok: false; error: string };
