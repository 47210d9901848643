// `bench agent`: how soon the agent's rendered file holds a put's value, for one agent and for a
// fleet on one directory, beside plain etcd3 watchers on the same store in the same run.

import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { tempFolder } from '../test/support/ports.js';
import { type StoreKind, type StoreUnderTest, startStore } from '../test/support/stores.js';
import { seedDirectory, Tokens } from './agent/directory.js';
import { measureFleet } from './agent/fleet.js';
import { measureOneAgent } from './agent/one-agent.js';
import { type AgentBenchOptions, agentBenchUsage, parseAgentOptions } from './agent/options.js';
import { type AgentMachine, buildReport, formatReport, type StoreRun } from './agent/report.js';
import { describeMachineBasics } from './machine.js';
import { readBenchOptions } from './read-options.js';

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

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Both measurements on one freshly started store; a failure is recorded, not thrown. */
async function measureStore(
  kind: StoreKind,
  options: AgentBenchOptions,
  log: (text: string) => void,
): Promise<StoreRun> {
  const run: StoreRun = { store: kind };
  const folder = await tempFolder('agent-bench');
  let store: StoreUnderTest | undefined;
  try {
    log(`${kind}: starting the store ...`);
    store = await startStore(kind);
    const tokens = new Tokens();
    const client = new Etcd3({ hosts: store.endpoint });
    try {
      await seedDirectory(client, options.settings, tokens.next());
    } finally {
      client.close();
    }
    log(`${kind}: one agent, ${options.changes} changes (+${options.warmup} warm-up) and as many raw ...`);
    try {
      run.one = await measureOneAgent(store.endpoint, join(folder.path, 'one'), tokens, options);
    } catch (error) {
      run.oneFailure = message(error);
      log(`${kind}: one agent: ${run.oneFailure}`);
    }
    log(`${kind}: ${options.agents} agents in ${options.processes} processes, ${options.rounds} rounds ...`);
    try {
      run.fleet = await measureFleet(store.endpoint, join(folder.path, 'fleet'), tokens, options);
    } catch (error) {
      run.fleetFailure = message(error);
      log(`${kind}: fleet: ${run.fleetFailure}`);
    }
  } catch (error) {
    run.oneFailure ??= message(error);
    run.fleetFailure ??= message(error);
    log(`${kind}: ${message(error)}`);
  } finally {
    await store?.destroy();
    await folder.remove();
  }
  return run;
}

export async function run(argv: string[]): Promise<number> {
  const read = readBenchOptions(argv, parseAgentOptions, agentBenchUsage);
  if ('exit' in read) return read.exit;
  const { options } = read;
  const json = options.json;
  const log = (text: string) => {
    if (!json) process.stderr.write(`${text}\n`);
  };
  const machine: AgentMachine = { ...describeMachineBasics(), etcdVersion: etcdVersion() };
  const started = performance.now();
  const runs: StoreRun[] = [];
  for (const kind of options.stores) runs.push(await measureStore(kind, options, log));
  const report = buildReport(machine, options, runs, (performance.now() - started) / 1000);
  console.log(json ? JSON.stringify(report, null, 2) : formatReport(report));
  // A benchmark informs; it fails only when something could not be measured at all.
  return runs.every((r) => r.one !== undefined && r.fleet !== undefined) ? 0 : 1;
}
