// `bench api`: PUTs per second and latency through the HTTP API (the token checked from the server's
// memory, one change transaction with its audit entry and who-set-it pointer) beside direct etcd3 puts
// on the same store in the same run, and where the API's time goes.

import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { connect, type EtcdClient } from '../src/etcd/index.js';
import {
  AUDIT_PREFIX,
  auditPath,
  CHANGES_PREFIX,
  changePath,
  HISTORY_POSITION_KEY,
  HISTORY_PREFIX,
  paddedRevision,
  RESERVED_PREFIX,
  TOKENS_PREFIX,
  USERS_PREFIX,
} from '../src/keyspace/index.js';
import { CHANGE_INDEX_PREFIX, SET_BY_PREFIX, WIDE_CHANGES_PREFIX } from '../src/keyspace/layout.js';
import { putOp, unchangedSince } from '../src/keyspace/transaction.js';
import { authenticateToken, CredentialCache, createToken, ensureAdmin } from '../src/server/auth/index.js';
import { commitChange } from '../src/server/config/changes.js';
import { putKey } from '../src/server/config/keys.js';
import { startHistoryRecorder } from '../src/server/history/index.js';
import { startApiServer } from '../src/server/http/server.js';
import { type StoreKind, type StoreUnderTest, startStore } from '../test/support/stores.js';
import { ownCpuMs, processCpuMs } from './load/cpu.js';
import { LatencyRecorder, median } from './load/stats.js';
import { describeMachineBasics, type MachineBasics } from './machine.js';
import { readBenchOptions } from './read-options.js';
import { figure, table } from './text-table.js';

// ---------------------------------------------------------------------------------------------
// Options

interface ApiBenchOptions {
  stores: StoreKind[];
  clients: number;
  /** PUTs per measured phase at most (each side of each round). */
  puts: number;
  /** Seconds per measured phase at most. */
  maxSeconds: number;
  valueSize: number;
  rounds: number;
  /** Unmeasured PUTs on each side before the first round. */
  warmup: number;
  /** Time the API's etcd work alone, through the product's functions, without HTTP. */
  parts: boolean;
  /** Profile the API server's CPU during one extra, unmeasured phase and summarise it. */
  profile: boolean;
  /** Run the history recorder in the API server's process, as `setpoint serve` does. */
  history: boolean;
  json: boolean;
}

const TARGET = 0.7;

const usage = `usage: bench api [options]

Starts each store fresh (real etcd, then the embedded store), the HTTP API in a child process over
it, and compares PUT /api/v1/keys/KEY through the API (an admin API token, 64 keep-alive HTTP
connections) with direct etcd3 puts of the same key and value sizes from this process, in the same
run, alternating which goes first. Target: API PUTs/s >= ${TARGET}x direct puts/s.

  --store S         etcd, setpoint or both (default both)
  --clients N       concurrent requests, one keep-alive connection each (default 64)
  --puts N          PUTs per measured phase at most (default 5000)
  --max-seconds S   seconds per measured phase at most (default 15)
  --value-size B    bytes per value (default 256)
  --rounds R        rounds, each measuring both sides, the first side alternating (default 3)
  --warmup N        unmeasured PUTs on each side before the first round (default 500)
  --no-parts        skip timing the API's etcd work alone (token check from memory and from etcd,
                    the change transaction, the whole PUT as now and as before) through the
                    product's functions, and the HTTP floor (GET /healthz, no etcd call) through
                    the same connections
  --profile         profile the API server's CPU over one extra API phase (not counted) and
                    print where it went, by layer, package and function; the profile is saved
                    for Chrome DevTools
  --history         run the history recorder in the API server's process, as 'setpoint serve' does
  --json            print the results as JSON
  --help            print this help`;

function wholeNumber(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} wants a whole number, not "${text}"`);
  return value;
}

function parseOptions(argv: string[]): ApiBenchOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      store: { type: 'string' },
      clients: { type: 'string' },
      puts: { type: 'string' },
      'max-seconds': { type: 'string' },
      'value-size': { type: 'string' },
      rounds: { type: 'string' },
      warmup: { type: 'string' },
      'no-parts': { type: 'boolean' },
      profile: { type: 'boolean' },
      history: { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return undefined;
  const store = values.store ?? 'both';
  if (!['etcd', 'setpoint', 'both'].includes(store))
    throw new Error(`--store is one of etcd, setpoint, both, not "${store}"`);
  const maxSeconds = Number(values['max-seconds'] ?? 15);
  if (!Number.isFinite(maxSeconds) || maxSeconds <= 0)
    throw new Error(`--max-seconds wants a positive number, not "${values['max-seconds']}"`);
  const options: ApiBenchOptions = {
    stores: store === 'both' ? ['etcd', 'setpoint'] : [store as StoreKind],
    clients: wholeNumber('clients', values.clients, 64),
    puts: wholeNumber('puts', values.puts, 5000),
    maxSeconds,
    valueSize: wholeNumber('value-size', values['value-size'], 256),
    rounds: wholeNumber('rounds', values.rounds, 3),
    warmup: wholeNumber('warmup', values.warmup, 500),
    parts: !values['no-parts'],
    profile: values.profile ?? false,
    history: values.history ?? false,
    json: values.json ?? false,
  };
  for (const name of ['clients', 'puts', 'rounds', 'value-size'] as const) {
    const value = name === 'value-size' ? options.valueSize : options[name];
    if (value === 0) throw new Error(`--${name} must be at least 1`);
  }
  return options;
}

// ---------------------------------------------------------------------------------------------
// The API server's process: startApiServer over its own etcd client, with its etcd calls timed

/** What the benchmark asks the API server's process, and what it answers. */
type ServerCommand =
  | { type: 'start'; endpoint: string; history: boolean }
  | { type: 'calls' }
  | { type: 'profile-start' }
  | { type: 'profile-stop' }
  | { type: 'stop' };
type ServerReport =
  | { type: 'ready'; url: string }
  | { type: 'calls'; calls: Record<string, CallTotals> }
  | { type: 'profile'; profile: CpuProfile | undefined }
  | { type: 'stopped' }
  | { type: 'failed'; message: string };

/** The API server's etcd calls of one kind since last asked: how many, and their summed latency. */
interface CallTotals {
  count: number;
  ms: number;
}

const SERVER_FLAG = '--api-bench-server';

/** What an etcd request touches, by its keys: the stages of an API PUT. */
function requestKind(method: 'range' | 'txn' | 'put', request: unknown): string {
  const keyOf = (buffer: unknown) => (Buffer.isBuffer(buffer) ? buffer.toString('utf8') : '');
  if (method === 'range') {
    const key = keyOf((request as { key?: unknown }).key);
    if (key.startsWith(TOKENS_PREFIX)) return 'auth: token read';
    if (key.startsWith(USERS_PREFIX)) return 'auth: user read';
    if (key.startsWith(CHANGES_PREFIX)) return 'change record read';
    return 'key read';
  }
  if (method === 'put') return 'put';
  const success =
    (request as { success?: { request_put?: { key?: unknown }; request_range?: { key?: unknown } }[] })
      .success ?? [];
  const puts = success.map((op) => keyOf(op.request_put?.key)).filter((k) => k !== '');
  const reads = success.map((op) => keyOf(op.request_range?.key)).filter((k) => k !== '');
  const record = (k: string) => k.startsWith(CHANGES_PREFIX) && !k.startsWith(CHANGE_INDEX_PREFIX);
  if (puts.some(record)) {
    const parts = [
      ...(puts.some((k) => !k.startsWith(RESERVED_PREFIX)) ? ['key'] : []),
      'record',
      ...(puts.some((k) => k.startsWith(AUDIT_PREFIX)) ? ['audit'] : []),
      ...(puts.some((k) => k.startsWith(SET_BY_PREFIX)) ? ['pointer'] : []),
      ...(puts.some((k) => k.startsWith(WIDE_CHANGES_PREFIX)) ? ['wide entry'] : []),
    ];
    return `change txn (${parts.join(' + ')})`;
  }
  if (puts.length === 0 && reads.length > 0) return `read txn (${reads.length} keys)`;
  if (puts.some((k) => k.startsWith(AUDIT_PREFIX))) return 'audit txn';
  if (puts.some((k) => k.startsWith(TOKENS_PREFIX))) return 'auth: token last-used txn';
  if (puts.some((k) => k.startsWith(HISTORY_PREFIX) || k === HISTORY_POSITION_KEY)) return 'history txn';
  return 'other txn';
}

/** Wraps the client's KV calls so each is timed by kind; the API code is untouched. */
function timeCalls(client: EtcdClient, calls: Map<string, CallTotals>): void {
  const kv = client.etcd.kv as unknown as Record<
    'range' | 'txn' | 'put',
    (request: unknown, options?: unknown) => Promise<unknown>
  >;
  for (const method of ['range', 'txn', 'put'] as const) {
    const original = kv[method].bind(kv);
    kv[method] = async (request, options) => {
      const started = performance.now();
      try {
        return await original(request, options);
      } finally {
        const kind = requestKind(method, request);
        const totals = calls.get(kind) ?? { count: 0, ms: 0 };
        totals.count += 1;
        totals.ms += performance.now() - started;
        calls.set(kind, totals);
      }
    };
  }
}

async function serveInThisProcess(): Promise<void> {
  const send = (report: ServerReport) => process.send?.(report);
  const calls = new Map<string, CallTotals>();
  let client: EtcdClient | undefined;
  let close: (() => Promise<void>) | undefined;
  let inspector: Session | undefined;
  process.on('message', async (command: ServerCommand) => {
    try {
      switch (command.type) {
        case 'start': {
          client = await connect({ endpoints: command.endpoint });
          timeCalls(client, calls);
          const logger = pino({ level: 'silent' });
          const server = await startApiServer(client, { listen: '127.0.0.1:0', logger, version: 'bench' });
          const recorder = command.history ? startHistoryRecorder(client, { logger }) : undefined;
          close = async () => {
            await recorder?.stop();
            await server.close();
            await client?.close();
          };
          send({ type: 'ready', url: server.url });
          break;
        }
        case 'calls':
          send({ type: 'calls', calls: Object.fromEntries(calls) });
          calls.clear();
          break;
        case 'profile-start':
          inspector = new Session();
          inspector.connect();
          await inspector.post('Profiler.enable');
          await inspector.post('Profiler.start');
          send({ type: 'profile', profile: undefined });
          break;
        case 'profile-stop': {
          const stopped = await inspector?.post('Profiler.stop');
          inspector?.disconnect();
          send({ type: 'profile', profile: stopped?.profile as CpuProfile | undefined });
          break;
        }
        case 'stop':
          await close?.();
          send({ type: 'stopped' });
          process.exit(0);
      }
    } catch (error) {
      send({
        type: 'failed',
        message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    }
  });
}

/** The API server in a child process: its own event loop and CPU, as beside real clients. */
class ApiServerProcess {
  private readonly reports: ServerReport[] = [];
  private waiting: ((report: ServerReport) => void) | undefined;
  private readonly exited: Promise<void>;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (report: ServerReport) => {
      const waiting = this.waiting;
      this.waiting = undefined;
      if (waiting) waiting(report);
      else this.reports.push(report);
    });
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
  }

  static async start(endpoint: string, history: boolean): Promise<{ server: ApiServerProcess; url: string }> {
    const path = fileURLToPath(import.meta.url);
    const execArgv = path.endsWith('.ts') ? ['--import', import.meta.resolve('tsx')] : [];
    const child = fork(path, [SERVER_FLAG], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const server = new ApiServerProcess(child);
    const ready = await server.ask({ type: 'start', endpoint, history }, 60_000);
    if (ready.type !== 'ready') {
      await server.stop();
      throw new Error(
        `the API server did not start: ${ready.type === 'failed' ? ready.message : ready.type}`,
      );
    }
    return { server, url: ready.url };
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  async ask(command: ServerCommand, timeoutMs = 30_000): Promise<ServerReport> {
    this.child.send(command);
    const queued = this.reports.shift();
    if (queued) return queued;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        new Promise<ServerReport>((resolve) => {
          this.waiting = resolve;
        }),
        this.exited.then((): ServerReport => {
          throw new Error(`the API server (pid ${this.child.pid}) exited`);
        }),
        new Promise<ServerReport>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`the API server did not answer "${command.type}" in ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  async calls(): Promise<Record<string, CallTotals>> {
    const report = await this.ask({ type: 'calls' });
    return report.type === 'calls' ? report.calls : {};
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const killer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.ask({ type: 'stop' }, 10_000).catch(() => this.child.kill('SIGKILL'));
    await this.exited;
    clearTimeout(killer);
  }
}

// ---------------------------------------------------------------------------------------------
// HTTP clients: undici's Agent from Node's own fetch when it can be reached, else node:http

interface HttpAnswer {
  status: number;
  text: string;
}

interface HttpClient {
  readonly kind: string;
  send(
    method: 'GET' | 'PUT',
    path: string,
    headers: Record<string, string>,
    body?: string,
  ): Promise<HttpAnswer>;
  close(): Promise<void>;
}

/** The part of undici's Agent used here (Node bundles undici for fetch, but does not export it). */
interface UndiciAgent {
  request(options: {
    origin: string;
    path: string;
    method: string;
    headers: Record<string, string>;
    body?: string;
  }): Promise<{ statusCode: number; body: { text(): Promise<string> } }>;
  close(): Promise<void>;
}

/**
 * An HTTP client keeping `connections` keep-alive connections to `origin`. Node 20's fetch runs on
 * undici and keeps its global Agent under a well-known symbol once fetch has been used: its class is
 * undici's Agent, whose `request` skips fetch's WHATWG streams. Without it, node:http's Agent.
 */
async function httpClient(origin: string, connections: number): Promise<HttpClient> {
  await (await fetch(new URL('/healthz', origin))).text();
  const global = (globalThis as Record<symbol, unknown>)[Symbol.for('undici.globalDispatcher.1')] as
    | { constructor: new (options: { connections: number }) => UndiciAgent }
    | undefined;
  const probe = global === undefined ? undefined : new global.constructor({ connections });
  if (probe !== undefined && typeof probe.request === 'function') {
    return {
      kind: `undici ${process.versions.undici ?? '?'} Agent (from Node's fetch), ${connections} connections`,
      async send(method, path, headers, body) {
        const answer = await probe.request({
          origin,
          path,
          method,
          headers,
          ...(body !== undefined ? { body } : {}),
        });
        return { status: answer.statusCode, text: await answer.body.text() };
      },
      close: () => probe.close(),
    };
  }
  const agent = new HttpAgent({ keepAlive: true, maxSockets: connections });
  return {
    kind: `node:http keep-alive Agent, ${connections} sockets`,
    send: (method, path, headers, body) =>
      new Promise((resolve, reject) => {
        const request = httpRequest(new URL(path, origin), { method, headers, agent }, (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
          );
          response.on('error', reject);
        });
        request.on('error', reject);
        request.end(body);
      }),
    close: async () => agent.destroy(),
  };
}

// ---------------------------------------------------------------------------------------------
// Load

interface PhaseResult {
  ops: number;
  seconds: number;
  opsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  firstError?: string;
  /** CPU ms per 1000 operations: the store's process, the API server's, this process's. */
  cpuPerKop: { store: number; api: number; bench: number };
}

interface CpuSources {
  storePid: number | undefined;
  apiPid: number | undefined;
}

/** Runs `op` from `clients` loops until `ops` have been made or `maxSeconds` have passed. */
async function measure(
  clients: number,
  ops: number,
  maxSeconds: number,
  cpu: CpuSources,
  op: (i: number) => Promise<unknown>,
): Promise<PhaseResult> {
  const latencies = new LatencyRecorder(ops);
  let next = 0;
  let done = 0;
  let errors = 0;
  let firstError: string | undefined;
  const cpuBefore = [processCpuMs(cpu.storePid), processCpuMs(cpu.apiPid), ownCpuMs()];
  const started = performance.now();
  const deadline = started + maxSeconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < ops && performance.now() < deadline) {
        const i = next++;
        const t0 = performance.now();
        try {
          await op(i);
          latencies.record(performance.now() - t0);
          done += 1;
        } catch (error) {
          errors += 1;
          firstError ??= error instanceof Error ? error.message : String(error);
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpuAfter = [processCpuMs(cpu.storePid), processCpuMs(cpu.apiPid), ownCpuMs()];
  const perKop = (i: number) =>
    cpuAfter[i] === undefined || cpuBefore[i] === undefined
      ? Number.NaN
      : ((cpuAfter[i]! - cpuBefore[i]!) * 1000) / Math.max(1, done);
  const [p50Ms, p99Ms] = latencies.percentiles(0.5, 0.99);
  return {
    ops: done,
    seconds,
    opsPerSec: done / seconds,
    p50Ms: p50Ms!,
    p99Ms: p99Ms!,
    errors,
    ...(firstError !== undefined ? { firstError } : {}),
    cpuPerKop: { store: perKop(0), api: perKop(1), bench: perKop(2) },
  };
}

// ---------------------------------------------------------------------------------------------
// One store

interface RoundResult {
  direct: PhaseResult;
  api: PhaseResult;
  ratio: number;
  apiFirst: boolean;
}

interface PartResult {
  part: string;
  etcdCalls: string;
  result: PhaseResult;
  /** Direct puts measured just before this part: the ratio is taken against them. */
  direct: PhaseResult;
}

interface ProfileSummary {
  seconds: number;
  /** The whole profile, for Chrome DevTools or speedscope. */
  file?: string;
  byLayer: { name: string; ms: number; share: number }[];
  byPackage: { name: string; ms: number; share: number }[];
  byFunction: { name: string; where: string; ms: number; share: number }[];
}

interface StoreRun {
  store: StoreKind;
  httpClient?: string;
  rounds: RoundResult[];
  /** The API server's etcd calls per measured API PUT, over all rounds: count and mean latency. */
  serverCalls: { kind: string; perPut: number; meanMs: number }[];
  parts: PartResult[];
  /** GET /healthz through the same connections: Fastify and HTTP with no etcd call, the server's floor. */
  httpFloor?: { result: PhaseResult; direct: PhaseResult };
  profile?: ProfileSummary;
  failure?: string;
}

const FAST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

/** A value of exactly `size` bytes, different for each `i` (ASCII, so bytes = characters). */
function benchValue(i: number, size: number): string {
  const tag = `v${i}-`;
  return (tag + 'x'.repeat(size)).slice(0, size);
}

/** 1000 keys of one length on each side, so both write the same key and value sizes. */
const keyOf = (side: 'api' | 'raw', i: number) => `bench/${side}/k${String(i % 1000).padStart(4, '0')}`;

async function measureStore(
  kind: StoreKind,
  options: ApiBenchOptions,
  log: (text: string) => void,
): Promise<StoreRun> {
  const run: StoreRun = { store: kind, rounds: [], serverCalls: [], parts: [] };
  let store: StoreUnderTest | undefined;
  let client: EtcdClient | undefined;
  let server: ApiServerProcess | undefined;
  let http: HttpClient | undefined;
  try {
    log(`${kind}: starting the store and the API server ...`);
    store = await startStore(kind);
    client = await connect({ endpoints: store.endpoint });
    await ensureAdmin(client, { password: 'bench admin password', scrypt: FAST_SCRYPT });
    const { token } = await createToken(client, { owner: 'admin', name: 'bench' });
    const started = await ApiServerProcess.start(store.endpoint, options.history);
    server = started.server;
    http = await httpClient(started.url, options.clients);
    run.httpClient = http.kind;
    const cpu: CpuSources = { storePid: store.process().child.pid, apiPid: server.pid };
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const { valueSize, clients, puts, maxSeconds } = options;
    const etcd = client.etcd;
    const api = http;

    const directPut = (i: number) => etcd.put(keyOf('raw', i)).value(benchValue(i, valueSize)).exec();
    const apiPut = async (i: number) => {
      const answer = await api.send(
        'PUT',
        `/api/v1/keys/${keyOf('api', i)}`,
        headers,
        JSON.stringify({ value: benchValue(i, valueSize) }),
      );
      if (answer.status !== 200)
        throw new Error(`PUT answered ${answer.status}: ${answer.text.slice(0, 300)}`);
    };

    if (options.warmup > 0) {
      log(`${kind}: warm-up, ${options.warmup} PUTs each way ...`);
      await measure(clients, options.warmup, maxSeconds, cpu, directPut);
      await measure(clients, options.warmup, maxSeconds, cpu, apiPut);
    }
    await server.calls();
    for (let round = 0; round < options.rounds; round++) {
      const apiFirst = round % 2 === 1;
      log(`${kind}: round ${round + 1} of ${options.rounds}, ${apiFirst ? 'API first' : 'direct first'} ...`);
      const measureDirect = () => measure(clients, puts, maxSeconds, cpu, directPut);
      const measureApi = () => measure(clients, puts, maxSeconds, cpu, apiPut);
      let direct: PhaseResult;
      let viaApi: PhaseResult;
      if (apiFirst) {
        viaApi = await measureApi();
        direct = await measureDirect();
      } else {
        direct = await measureDirect();
        viaApi = await measureApi();
      }
      run.rounds.push({ direct, api: viaApi, ratio: viaApi.opsPerSec / direct.opsPerSec, apiFirst });
    }
    const measuredPuts = run.rounds.reduce((sum, r) => sum + r.api.ops + r.api.errors, 0);
    run.serverCalls = Object.entries(await server.calls())
      .map(([name, totals]) => ({
        kind: name,
        perPut: totals.count / Math.max(1, measuredPuts),
        meanMs: totals.ms / Math.max(1, totals.count),
      }))
      .sort((a, b) => b.perPut * b.meanMs - a.perPut * a.meanMs);

    if (options.parts) {
      run.parts = await measureParts(client, token, options, cpu, log, kind);
      log(`${kind}: HTTP alone: GET /healthz, beside direct puts ...`);
      const direct = await measure(clients, puts, maxSeconds, cpu, directPut);
      const result = await measure(clients, puts, maxSeconds, cpu, async () => {
        const answer = await api.send('GET', '/healthz', {});
        if (answer.status !== 200) throw new Error(`GET /healthz answered ${answer.status}`);
      });
      run.httpFloor = { result, direct };
    }
    if (options.profile) {
      log(`${kind}: one more API phase, profiled (not counted) ...`);
      await server.ask({ type: 'profile-start' });
      const profiled = await measure(clients, puts, maxSeconds, cpu, apiPut);
      const stopped = await server.ask({ type: 'profile-stop' }, 60_000);
      if (stopped.type === 'profile' && stopped.profile !== undefined) {
        const file = join(tmpdir(), `setpoint-api-bench-${kind}-${Date.now()}.cpuprofile`);
        await writeFile(file, JSON.stringify(stopped.profile));
        run.profile = { ...summariseProfile(stopped.profile, profiled.seconds), file };
      }
    }
  } catch (error) {
    run.failure = error instanceof Error ? error.message : String(error);
    log(`${kind}: ${run.failure}`);
  } finally {
    await http?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
    await client?.close().catch(() => undefined);
    await store?.destroy().catch(() => undefined);
  }
  return run;
}

/**
 * The etcd work of one API PUT without HTTP, Fastify or a second process: each part through the
 * product's own functions from this process, at the same concurrency, and all of them in sequence;
 * and, for comparison, the work an API PUT did before the credential cache, the key-kind check in
 * the transaction and the who-set-it pointers.
 */
async function measureParts(
  client: EtcdClient,
  token: string,
  options: ApiBenchOptions,
  cpu: CpuSources,
  log: (text: string) => void,
  kind: StoreKind,
): Promise<PartResult[]> {
  const { clients, puts, maxSeconds, valueSize } = options;
  const cache = CredentialCache.of(client);
  const deadline = Date.now() + 30_000;
  while (!cache.inSync()) {
    if (Date.now() > deadline) throw new Error('the credential cache did not come in sync in 30 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const authenticate = async (from: CredentialCache | undefined) => {
    if ((await authenticateToken(client, token, { cache: from })) === undefined)
      throw new Error('the token was refused');
  };
  const author = (i: number) => ({
    user: 'admin',
    from: '127.0.0.1',
    message: '',
    audit: { action: 'key.put', where: keyOf('api', i) },
  });
  const put = (i: number) =>
    putKey(client, { key: keyOf('api', i), value: benchValue(i, valueSize) }, author(i));
  const direct = (i: number) => client.etcd.put(keyOf('raw', i)).value(benchValue(i, valueSize)).exec();
  const change = (i: number, audited: boolean) =>
    commitChange(client, {
      directory: 'bench',
      user: 'admin',
      message: '',
      source: 'put',
      from: '127.0.0.1',
      ops: [{ key: keyOf('api', i), action: 'put', value: benchValue(i, valueSize) }],
      ...(audited ? { audit: author(i).audit } : {}),
    });
  // The change transaction as it was: key, record and audit entry, no pointer.
  let auditId = Date.now() * 1000;
  const changeAsBefore = async (i: number) => {
    auditId = Math.max(auditId + 1, Date.now() * 1000);
    const key = keyOf('api', i);
    const record = changePath('bench', paddedRevision(auditId));
    const audit = auditPath(paddedRevision(auditId));
    const entry = { when: new Date().toISOString(), who: 'admin', action: 'key.put', where: key };
    await client.etcd.kv.txn({
      compare: [unchangedSince(record, 0), unchangedSince(audit, 0)],
      success: [
        putOp(key, benchValue(i, valueSize)),
        putOp(record, JSON.stringify({ id: auditId, directory: 'bench', user: 'admin', keys: [key] })),
        putOp(audit, JSON.stringify(entry)),
      ],
      failure: [],
    });
  };
  const readKey = (i: number) => client.etcd.get(keyOf('api', i)).string();
  const parts: [string, string, (i: number) => Promise<unknown>][] = [
    ['authenticateToken from the credential cache', 'sha256, no etcd call', () => authenticate(cache)],
    [
      'authenticateToken from etcd (the fallback)',
      'sha256 + 2 reads (token, user)',
      () => authenticate(undefined),
    ],
    ['commitChange', '1 txn (key + record + pointer)', (i) => change(i, false)],
    [
      'commitChange with an audit entry in its txn',
      '1 txn (key + record + audit + pointer)',
      (i) => change(i, true),
    ],
    [
      'authentication from the cache, putKey with audit (the API now)',
      '1 txn (key + record + audit + pointer)',
      async (i) => {
        await authenticate(cache);
        await put(i);
      },
    ],
    [
      'authentication from etcd, key read, change with audit (the API before)',
      '3 reads + 1 txn (key + record + audit)',
      async (i) => {
        await authenticate(undefined);
        await readKey(i);
        await changeAsBefore(i);
      },
    ],
  ];
  const results: PartResult[] = [];
  for (const [part, etcdCalls, op] of parts) {
    log(`${kind}: part alone: ${part}, beside direct puts ...`);
    // Each part beside its own direct puts: the machine's load drifts over a minute of parts.
    const beside = await measure(clients, puts, maxSeconds, cpu, direct);
    const result = await measure(clients, puts, maxSeconds, cpu, async (i) => {
      await op(i);
    });
    results.push({ part, etcdCalls, result, direct: beside });
  }
  return results;
}

// ---------------------------------------------------------------------------------------------
// CPU profile summary

interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
  }[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a function lives, as a reader groups it: a package, a folder of src/, or Node itself. */
function packageOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + '/node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  const src = url.indexOf('/src/');
  if (src >= 0) {
    const rest = url.slice(src + 1).split('/');
    return rest.length > 3 ? rest.slice(0, 3).join('/') : rest.slice(0, -1).join('/');
  }
  return url.split('/').slice(-2).join('/');
}

/**
 * The layers a sample is charged to: the innermost frame of the stack that belongs to one of them
 * (Node's own stream and socket code, and native frames, go to whoever called them).
 */
const LAYERS: [string, RegExp][] = [
  [
    'etcd client: grpc-js, etcd3, node:http2, protobuf',
    /@grpc\/|\/etcd3\/|internal\/http2|protobufjs|cockatiel|\/long\//,
  ],
  [
    'HTTP server: Fastify, node:http, helmet, cookies',
    /\/fastify\/|@fastify\/|node:_http|_http_|helmet|find-my-way|\/avvio\/|fast-json-stringify|json-parse/,
  ],
  ['zod (schemas of requests, answers, records)', /\/zod\//],
  ["Setpoint's code (src/)", /\/src\//],
  ["the benchmark's call timing (bench/)", /\/bench\//],
];

function summariseProfile(profile: CpuProfile, seconds: number): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  const layerMemo = new Map<number, string>();
  const layerOf = (id: number): string => {
    const known = layerMemo.get(id);
    if (known !== undefined) return known;
    const { functionName, url } = byId.get(id)!.callFrame;
    let layer: string;
    if (functionName === '(garbage collector)') layer = 'garbage collection';
    else if (functionName === '(program)') layer = '(program: V8 and Node outside JavaScript)';
    else {
      const found = LAYERS.find(([, pattern]) => pattern.test(url));
      const parent = parentOf.get(id);
      layer = found?.[0] ?? (parent === undefined ? 'event loop, microtasks' : layerOf(parent));
    }
    layerMemo.set(id, layer);
    return layer;
  };
  const layers = new Map<string, number>();
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const packages = new Map<string, number>();
  const functions = new Map<string, { where: string; ms: number }>();
  let total = 0;
  for (const [id, ms] of selfMs) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === '(idle)') continue;
    total += ms;
    const layer = layerOf(id);
    layers.set(layer, (layers.get(layer) ?? 0) + ms);
    const pkg = packageOf(url, functionName);
    packages.set(pkg, (packages.get(pkg) ?? 0) + ms);
    const name = `${functionName || '(anonymous)'} ${pkg}`;
    const where = url === '' ? '' : `${url.split('/').slice(-1)[0]}:${lineNumber + 1}`;
    const entry = functions.get(name) ?? { where, ms: 0 };
    entry.ms += ms;
    functions.set(name, entry);
  }
  const share = (ms: number) => ms / Math.max(total, 1e-9);
  return {
    seconds,
    byLayer: [...layers].map(([name, ms]) => ({ name, ms, share: share(ms) })).sort((a, b) => b.ms - a.ms),
    byPackage: [...packages]
      .map(([name, ms]) => ({ name, ms, share: share(ms) }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 15),
    byFunction: [...functions]
      .map(([name, { where, ms }]) => ({ name, where, ms, share: share(ms) }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, 15),
  };
}

// ---------------------------------------------------------------------------------------------
// Report

interface ApiBenchReport {
  benchmark: 'api';
  machine: MachineBasics & { etcdVersion: string };
  options: ApiBenchOptions;
  seconds: number;
  runs: StoreRun[];
}

const ms = (value: number) => figure(value);
const range = (values: number[], format: (v: number) => string) =>
  values.length < 2 ? '' : ` (${format(Math.min(...values))}-${format(Math.max(...values))})`;
const rate = (values: number[]) => `${figure(median(values))}${range(values, figure)}`;
const ratioText = (values: number[]) => `${median(values).toFixed(2)}x${range(values, (v) => v.toFixed(2))}`;

function formatRun(run: StoreRun, options: ApiBenchOptions): string {
  const lines: string[] = [`## ${run.store}${run.httpClient ? `   (HTTP client: ${run.httpClient})` : ''}`];
  if (run.failure !== undefined) lines.push(`FAILED: ${run.failure}`);
  if (run.rounds.length > 0) {
    const pick = (f: (r: RoundResult) => number) => run.rounds.map(f);
    const ratios = pick((r) => r.ratio);
    const result = median(ratios) >= TARGET ? 'PASS' : 'MISS';
    lines.push(
      '',
      table(
        [
          '',
          'PUTs/s',
          'p50 ms',
          'p99 ms',
          'PUTs',
          'store CPU ms/1000',
          'API CPU ms/1000',
          'bench CPU ms/1000',
        ],
        [
          [
            `direct etcd3 put, ${options.clients} concurrent`,
            rate(pick((r) => r.direct.opsPerSec)),
            ms(median(pick((r) => r.direct.p50Ms))),
            ms(median(pick((r) => r.direct.p99Ms))),
            String(median(pick((r) => r.direct.ops))),
            figure(median(pick((r) => r.direct.cpuPerKop.store))),
            '',
            figure(median(pick((r) => r.direct.cpuPerKop.bench))),
          ],
          [
            `PUT /api/v1/keys/KEY, ${options.clients} connections`,
            rate(pick((r) => r.api.opsPerSec)),
            ms(median(pick((r) => r.api.p50Ms))),
            ms(median(pick((r) => r.api.p99Ms))),
            String(median(pick((r) => r.api.ops))),
            figure(median(pick((r) => r.api.cpuPerKop.store))),
            figure(median(pick((r) => r.api.cpuPerKop.api))),
            figure(median(pick((r) => r.api.cpuPerKop.bench))),
          ],
        ],
      ),
      '',
      table(
        ['target', 'API / direct PUTs/s', 'result'],
        [[`API PUTs/s >= ${TARGET}x direct`, ratioText(ratios), result]],
      ),
    );
    const errors = run.rounds.flatMap((r) => [r.api, r.direct]).filter((p) => p.errors > 0);
    for (const phase of errors) lines.push(`errors: ${phase.errors}, first: ${phase.firstError}`);
  }
  if (run.serverCalls.length > 0) {
    const totalMs = run.serverCalls.reduce((sum, c) => sum + c.perPut * c.meanMs, 0);
    lines.push(
      '',
      "The API server's etcd calls per measured PUT (awaited one after another within a request):",
      table(
        ['etcd call', 'per PUT', 'mean ms', 'ms per PUT'],
        [
          ...run.serverCalls.map((c) => [c.kind, c.perPut.toFixed(2), ms(c.meanMs), ms(c.perPut * c.meanMs)]),
          ['sum', '', '', ms(totalMs)],
        ],
      ),
    );
  }
  if (run.parts.length > 0) {
    lines.push(
      '',
      "The API's etcd work alone, through the product's functions from the benchmark's process (no HTTP):",
      table(
        [
          'part',
          'etcd calls',
          'ops/s',
          'direct puts/s',
          'x direct',
          'p50 ms',
          'p99 ms',
          'store CPU ms/1000',
          'bench CPU ms/1000',
        ],
        run.parts.map(({ part, etcdCalls, result, direct }) => [
          part,
          etcdCalls,
          figure(result.opsPerSec),
          figure(direct.opsPerSec),
          `${(result.opsPerSec / direct.opsPerSec).toFixed(2)}x`,
          ms(result.p50Ms),
          ms(result.p99Ms),
          figure(result.cpuPerKop.store),
          figure(result.cpuPerKop.bench),
        ]),
      ),
    );
  }
  if (run.httpFloor !== undefined) {
    const { result: f, direct } = run.httpFloor;
    lines.push(
      '',
      table(
        [
          "the API server's HTTP floor",
          'req/s',
          'direct puts/s',
          'x direct',
          'p50 ms',
          'p99 ms',
          'API CPU ms/1000',
          'bench CPU ms/1000',
        ],
        [
          [
            `GET /healthz (no etcd), ${options.clients} connections`,
            figure(f.opsPerSec),
            figure(direct.opsPerSec),
            `${(f.opsPerSec / direct.opsPerSec).toFixed(2)}x`,
            ms(f.p50Ms),
            ms(f.p99Ms),
            figure(f.cpuPerKop.api),
            figure(f.cpuPerKop.bench),
          ],
        ],
      ),
    );
  }
  if (run.profile !== undefined) {
    const p = run.profile;
    const busy = p.byLayer.reduce((sum, x) => sum + x.ms, 0);
    lines.push(
      '',
      `The API server's CPU profile over one extra API phase (${figure(p.seconds)} s; ${figure(busy / 1000)} s of CPU on its main thread):`,
      table(
        ['CPU by layer (innermost frame of each sample)', 'ms', 'share'],
        p.byLayer.map((x) => [x.name, figure(x.ms), `${(x.share * 100).toFixed(1)} %`]),
      ),
      '',
      table(
        ['self time by package', 'ms', 'share'],
        p.byPackage.map((x) => [x.name, figure(x.ms), `${(x.share * 100).toFixed(1)} %`]),
      ),
      '',
      table(
        ['self time by function', 'where', 'ms', 'share'],
        p.byFunction.map((x) => [x.name, x.where, figure(x.ms), `${(x.share * 100).toFixed(1)} %`]),
      ),
      ...(p.file === undefined ? [] : [`(the whole profile: ${p.file})`]),
    );
  }
  return lines.join('\n');
}

function formatReport(report: ApiBenchReport): string {
  const m = report.machine;
  return [
    `api benchmark ${m.date}: ${m.cores} cores (${m.cpuModel}), load ${m.loadAverage.map((l) => l.toFixed(1)).join(' ')}, Node ${m.node}, etcd ${m.etcdVersion}`,
    `${report.options.clients} concurrent, ${report.options.valueSize}-byte values, up to ${report.options.puts} PUTs or ${report.options.maxSeconds} s per phase, ${report.options.rounds} rounds; medians (min-max over rounds)${report.options.history ? '; history recorder running in the API server' : ''}`,
    '',
    ...report.runs.map((run) => formatRun(run, report.options)),
    '',
    `total ${figure(report.seconds)} s`,
  ].join('\n');
}

function etcdVersion(): string {
  try {
    const text = execFileSync('etcd', ['--version'], {
      encoding: 'utf8',
      env: { ...process.env, ETCD_UNSUPPORTED_ARCH: '' },
    });
    return /etcd Version: (\S+)/.exec(text)?.[1] ?? 'unknown';
  } catch {
    return 'not found';
  }
}

export async function run(argv: string[]): Promise<number> {
  const read = readBenchOptions(argv, parseOptions, usage);
  if ('exit' in read) return read.exit;
  const { options } = read;
  const json = options.json;
  const log = (text: string) => {
    if (!json) process.stderr.write(`${text}\n`);
  };
  const started = performance.now();
  const report: ApiBenchReport = {
    benchmark: 'api',
    machine: { ...describeMachineBasics(), etcdVersion: etcdVersion() },
    options,
    seconds: 0,
    runs: [],
  };
  for (const kind of options.stores) report.runs.push(await measureStore(kind, options, log));
  report.seconds = (performance.now() - started) / 1000;
  console.log(json ? JSON.stringify(report, null, 2) : formatReport(report));
  // A benchmark informs; it fails only when something could not be measured.
  const failed = report.runs.some(
    (r) => r.failure !== undefined || r.rounds.some((x) => x.api.errors + x.direct.errors > 0),
  );
  return failed ? 1 : 0;
}

if (process.argv[2] === SERVER_FLAG && process.argv[1] === fileURLToPath(import.meta.url)) {
  await serveInThisProcess();
}
