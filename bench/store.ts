// The store benchmark: real etcd against the embedded store (or a second etcd), both started fresh on
// this machine in each round, measured in alternating slices by one load generator in a child process.

import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { type StoreKind, type StoreUnderTest, startStore } from '../test/support/stores.js';
import type { LoadResult } from './load/protocol.js';
import { runLoad } from './load/run.js';
import { describeMachineBasics } from './machine.js';
import { parseStoreOptions, type StoreBenchOptions, storeBenchUsage } from './options.js';
import { readBenchOptions } from './read-options.js';
import { buildReport, formatReport, type Machine, type SideRuns } from './report.js';

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

function describeMachine(): Machine {
  return { ...describeMachineBasics(), etcdVersion: etcdVersion() };
}

const log = (options: StoreBenchOptions, text: string) => {
  if (!options.json) process.stderr.write(`${text}\n`);
};

interface RoundOutcome {
  /** Per store, in the order asked for: its figures, or null with a failure. */
  results: (LoadResult | null)[];
  failures: (string | undefined)[];
}

/**
 * Starts each store fresh, drives those that started with one load generator in alternating slices,
 * and removes them. A store that does not start leaves the others to be measured.
 */
async function measureRound(kinds: StoreKind[], options: StoreBenchOptions): Promise<RoundOutcome> {
  const stores: (StoreUnderTest | undefined)[] = [];
  const failures: (string | undefined)[] = [];
  const message = (err: unknown) => (err instanceof Error ? err.message : String(err));
  try {
    for (const kind of kinds) {
      try {
        stores.push(await startStore(kind));
        failures.push(undefined);
      } catch (err) {
        stores.push(undefined);
        failures.push(`did not start: ${message(err)}`);
      }
    }
    const running = stores.filter((s): s is StoreUnderTest => s !== undefined);
    if (running.length === 0) return { results: kinds.map(() => null), failures };
    try {
      const results = await runLoad({
        targets: running.map((store) => ({ endpoint: store.endpoint, serverPid: store.process().child.pid })),
        client: options.client,
        channels: options.channels,
        clients: options.clients,
        valueSize: options.valueSize,
        phaseMs: options.duration * 1000,
        maxOps: options.maxOps,
        sliceMs: options.slice * 1000,
        warmupMs: options.warmup * 1000,
        readKeys: 1000,
        keySpace: 100_000,
      });
      return { results: stores.map((s) => (s ? (results[running.indexOf(s)] ?? null) : null)), failures };
    } catch (err) {
      return { results: kinds.map(() => null), failures: failures.map((f) => f ?? message(err)) };
    }
  } finally {
    for (const store of stores) await store?.destroy();
  }
}

export async function run(argv: string[]): Promise<number> {
  const read = readBenchOptions(argv, parseStoreOptions, storeBenchUsage);
  if ('exit' in read) return read.exit;
  const { options } = read;
  const machine = describeMachine();
  const etcd: SideRuns = { label: 'etcd', rounds: [], failures: [] };
  const peer: SideRuns = {
    label: options.peer === 'etcd' ? 'etcd-peer' : 'setpoint',
    rounds: [],
    failures: [],
  };
  const sides: [SideRuns, StoreKind][] = [
    [etcd, 'etcd'],
    [peer, options.peer],
  ];
  for (let round = 0; round < options.rounds; round++) {
    // etcd first in even rounds, the peer first in odd ones: drift on a noisy machine favours neither.
    const order = round % 2 === 0 ? sides : [...sides].reverse();
    log(options, `round ${round + 1}/${options.rounds}: ${order.map(([side]) => side.label).join(', ')} ...`);
    const outcome = await measureRound(
      order.map(([, kind]) => kind),
      options,
    );
    for (const [i, [side]] of order.entries()) {
      side.rounds.push(outcome.results[i] ?? null);
      const failure = outcome.failures[i];
      if (failure !== undefined) {
        side.failures.push(failure);
        log(options, `  ${side.label}: ${failure.split('\n')[0]}`);
      }
    }
    await sleep(500); // let the removed data folders' writes settle before the next round
  }
  const report = buildReport(machine, options, etcd, peer);
  console.log(options.json ? JSON.stringify(report, null, 2) : formatReport(report));
  // A benchmark informs; it fails only when a side could not be measured at all.
  const measured = (side: SideRuns) => side.rounds.some((run) => run !== null);
  return measured(etcd) && measured(peer) ? 0 : 1;
}
