// Client-cost benchmark: the CPU each of the load generator's clients (raw grpc-js, etcd3) spends per
// put and per get against one real etcd, alternating, to choose the cheaper one for the store benchmark.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { startStore } from '../test/support/stores.js';
import { ownCpuMs } from './load/cpu.js';
import { openDriver } from './load/driver.js';
import { closedLoop, ErrorLog } from './load/phases.js';
import type { ClientKind } from './load/protocol.js';
import { median } from './load/stats.js';

const usage = `usage: bench client-cost [--ops N] [--rounds R] [--clients N] [--channels N] [--value-size B] [--json]

Runs N puts then N gets (default 20000 each, 64 concurrent) with each client in turn, R rounds
(default 3), against one etcd, and prints the median CPU milliseconds per 1000 operations.`;

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      ops: { type: 'string', default: '20000' },
      rounds: { type: 'string', default: '3' },
      clients: { type: 'string', default: '64' },
      channels: { type: 'string', default: '4' },
      'value-size': { type: 'string', default: '256' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  }).values;
}

export async function run(argv: string[]): Promise<number> {
  let values: ReturnType<typeof parse>;
  try {
    values = parse(argv);
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${usage}`);
    return 2;
  }
  if (values.help) {
    console.log(usage);
    return 0;
  }
  const [ops, rounds, clients, channels, valueSize] = [
    values.ops,
    values.rounds,
    values.clients,
    values.channels,
    values['value-size'],
  ].map(Number) as [number, number, number, number, number];
  if (![ops, rounds, clients, channels, valueSize].every((v) => Number.isInteger(v) && v > 0)) {
    console.error(`every option wants a positive whole number\n\n${usage}`);
    return 2;
  }
  const value = randomBytes(valueSize);
  const kinds: ClientKind[] = ['grpc', 'etcd3'];
  const cost: Record<ClientKind, { put: number[]; get: number[] }> = {
    grpc: { put: [], get: [] },
    etcd3: { put: [], get: [] },
  };
  const store = await startStore('etcd');
  const errors = new ErrorLog();
  const limits = { durationMs: 60_000, maxOps: ops };
  const key = (n: number) => Buffer.from(`bench/cost/${String(n % 1000).padStart(8, '0')}`);
  try {
    for (let round = 0; round < rounds; round++) {
      for (const kind of round % 2 === 0 ? kinds : [...kinds].reverse()) {
        const driver = await openDriver(kind, store.endpoint, channels);
        try {
          await closedLoop(clients, { durationMs: 5_000, maxOps: 2_000 }, errors, undefined, (s, w) =>
            driver.put(w, key(s), value),
          );
          for (const op of ['put', 'get'] as const) {
            const before = ownCpuMs();
            const done = await closedLoop(clients, limits, errors, undefined, (s, w) =>
              op === 'put' ? driver.put(w, key(s), value) : driver.get(w, key(s), valueSize),
            );
            cost[kind][op].push(((ownCpuMs() - before) * 1000) / Math.max(1, done.ops));
          }
        } finally {
          driver.close();
        }
      }
    }
  } finally {
    await store.destroy();
  }
  const result = Object.fromEntries(
    kinds.map((k) => [k, { putCpuMsPerKop: median(cost[k].put), getCpuMsPerKop: median(cost[k].get) }]),
  );
  if (values.json)
    console.log(
      JSON.stringify({ ops, rounds, clients, channels, valueSize, errors: errors.count, result }, null, 2),
    );
  else {
    console.log(
      `client CPU ms per 1000 ops (median of ${rounds}; ${ops} ops, ${clients} concurrent, ${channels} connections)`,
    );
    for (const k of kinds)
      console.log(
        `  ${k.padEnd(6)} put ${result[k]!.putCpuMsPerKop.toFixed(1)}  get ${result[k]!.getCpuMsPerKop.toFixed(1)}`,
      );
    if (errors.count > 0) console.log(`  ${errors.count} failed requests, e.g. ${errors.samples.join('; ')}`);
  }
  return errors.count > 0 ? 1 : 0;
}
