// The load generator's child process: receives a LoadConfig from its parent, warms up and measures
// every phase on each target in alternating slices, sends back each target's figures and exits.
import { randomBytes } from 'node:crypto';
import { type Driver, openDriver } from './driver.js';
import { closedLoop, ErrorLog, PhaseTally, type SliceOutcome, WatchProbe } from './phases.js';
import {
  type LoadConfig,
  type LoadResult,
  type PhaseName,
  type PhaseResult,
  phaseNames,
  type WorkerMessage,
} from './protocol.js';

const key = (prefix: string, n: number) => Buffer.from(`${prefix}${String(n).padStart(8, '0')}`);

/** Slice order: A B, B A, A B ... so neither target always runs first or last. */
function sliceOrder(count: number, slice: number): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  return slice % 2 === 0 ? order : order.reverse();
}

async function run(config: LoadConfig): Promise<LoadResult[]> {
  const errors = config.targets.map(() => new ErrorLog());
  const drivers: Driver[] = [];
  const probes: WatchProbe[] = [];
  const value = randomBytes(config.valueSize);
  const n = config.clients;
  // Each target's puts walk on through the key space from slice to slice, phase to phase.
  const written = config.targets.map(() => 0);
  const put = (i: number, prefix: string, space: number) => (_seq: number, worker: number) =>
    drivers[i]!.put(worker, key(prefix, written[i]!++ % space), value);
  const get = (d: Driver) => (_seq: number, worker: number) =>
    d.get(worker, key('bench/read/', Math.floor(Math.random() * config.readKeys)), config.valueSize);
  const phases: PhaseResult[][] = config.targets.map(() => []);
  try {
    for (const target of config.targets)
      drivers.push(await openDriver(config.client, target.endpoint, config.channels));
    // Warm-up: connections, the server's code paths, and the client's own JIT.
    for (const i of drivers.keys())
      await closedLoop(
        n,
        { durationMs: config.warmupMs, maxOps: config.maxOps },
        errors[i]!,
        undefined,
        put(i, 'bench/warm/', 1000),
      );
    // Keys to read in the range phase, written at full concurrency; bounded by their count.
    for (const i of drivers.keys()) {
      written[i] = 0;
      await closedLoop(
        n,
        { durationMs: 60_000, maxOps: config.readKeys },
        errors[i]!,
        undefined,
        put(i, 'bench/read/', config.readKeys),
      );
    }
    for (const [i, d] of drivers.entries())
      probes.push(await WatchProbe.open(d, Buffer.from(`bench/watch/${process.pid}/${i}/`), value));

    const limits = (t: PhaseTally) => ({ durationMs: config.sliceMs, maxOps: t.remaining });
    const work: Record<
      PhaseName,
      { clients: number; slice: (i: number, t: PhaseTally) => Promise<SliceOutcome> }
    > = {
      'put-1': {
        clients: 1,
        slice: (i, t) =>
          closedLoop(1, limits(t), errors[i]!, t.latencies, put(i, 'bench/put/', config.keySpace)),
      },
      'put-n': {
        clients: n,
        slice: (i, t) =>
          closedLoop(n, limits(t), errors[i]!, t.latencies, put(i, 'bench/put/', config.keySpace)),
      },
      'range-n': {
        clients: n,
        slice: (i, t) => closedLoop(n, limits(t), errors[i]!, t.latencies, get(drivers[i]!)),
      },
      watch: { clients: 1, slice: (i, t) => probes[i]!.run(limits(t), errors[i]!, t.latencies) },
    };
    const slices = Math.max(1, Math.round(config.phaseMs / config.sliceMs));
    for (const name of phaseNames) {
      const { clients, slice } = work[name];
      const tallies = config.targets.map(
        (target, i) => new PhaseTally(name, clients, config.maxOps, target.serverPid, errors[i]!),
      );
      for (let s = 0; s < slices; s++)
        for (const i of sliceOrder(config.targets.length, s)) {
          const tally = tallies[i]!;
          if (tally.remaining > 0) await tally.slice(() => slice(i, tally));
        }
      for (const [i, tally] of tallies.entries()) phases[i]!.push(tally.result());
    }
  } finally {
    for (const probe of probes) probe.close();
    for (const d of drivers) d.close();
  }
  return phases.map((p, i) => ({ phases: p, errorSamples: errors[i]!.samples }));
}

function reply(message: WorkerMessage): void {
  process.send?.(message, undefined, undefined, () => process.exit(message.ok ? 0 : 1));
}

if (process.send === undefined) {
  console.error('bench/load/worker is started by the store benchmark, not by hand');
  process.exit(2);
}
process.once('message', (config: LoadConfig) => {
  // Every phase is bounded; this guards against a store that stops answering altogether.
  const limitMs = config.targets.length * (config.warmupMs + 4 * (config.phaseMs + config.sliceMs)) + 120_000;
  setTimeout(() => {
    console.error(`load generator: no result after ${limitMs} ms, giving up`);
    process.exit(3);
  }, limitMs).unref();
  run(config).then(
    (results) => reply({ ok: true, results }),
    (err: unknown) =>
      reply({ ok: false, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
  );
});
