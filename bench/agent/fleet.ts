// A fleet of agents on one directory: once all have applied it, one put, timed until every agent's
// file holds the new value; beside it, rounds that alternate with the agents', the time until as
// many plain etcd3 watchers (one connection each) all got one put's event.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Etcd3 } from 'etcd3';
import { changedKey, directory, putValue, type Tokens } from './directory.js';
import { OutputFiles } from './file-visibility.js';
import { startAgentHosts } from './hosts.js';
import type { AgentBenchOptions } from './options.js';
import { type HostedAgent, outputName } from './protocol.js';
import { KeyWatchers } from './raw-watchers.js';
import { AgentStatuses } from './status-watch.js';

/** One put to the fleet, in milliseconds after it was sent. */
export interface FleetRound {
  /** The first agent's file holds the new value. */
  firstVisibleMs: number;
  /** Half the agents' files do. */
  halfVisibleMs: number;
  /** Every agent's file does. */
  allVisibleMs: number;
  /** Every agent's status in etcd shows the put's revision applied. */
  allStatusMs: number;
}

/** One put watched by the raw watchers, in milliseconds after it was sent. */
export interface RawFleetRound {
  firstEventMs: number;
  allEventsMs: number;
}

export interface FleetResult {
  agents: number;
  processes: number;
  /** Seconds from starting the host processes to every agent's file holding the directory. */
  startSeconds: number;
  rounds: FleetRound[];
  raw: RawFleetRound[];
  /** CPU milliseconds the host processes used per agent and change, over the measured rounds. */
  agentCpuMsPerChange: number;
  /** Files found by the safety poll, not by an fs.watch event (their time is late). */
  missedEvents: number;
}

const startTimeoutMs = 120_000;
const roundTimeoutMs = 20_000;
/** Quiet time between rounds, once the previous change has settled everywhere. */
const pauseMs = 200;

export async function measureFleet(
  endpoint: string,
  root: string,
  tokens: Tokens,
  options: AgentBenchOptions,
): Promise<FleetResult> {
  const agents: HostedAgent[] = Array.from({ length: options.agents }, (_, i) => {
    const name = `bench-agent-${String(i + 1).padStart(3, '0')}`;
    return { name, folder: join(root, name) };
  });
  for (const agent of agents) await mkdir(agent.folder, { recursive: true });
  const client = new Etcd3({ hosts: endpoint });
  const rawKey = 'bench-raw/fleet';
  const closers: (() => unknown)[] = [() => client.close()];
  try {
    let token = tokens.next();
    const initial = await putValue(client, changedKey, token);
    const files = new OutputFiles(agents.map((a) => join(a.folder, outputName)));
    closers.push(() => files.close());
    const statuses = await AgentStatuses.open(
      endpoint,
      agents.map((a) => a.name),
    );
    closers.push(() => statuses.close());
    const raw = await KeyWatchers.open(endpoint, rawKey, options.agents);
    closers.push(() => raw.close());
    const started = performance.now();
    const hosts = await startAgentHosts({
      endpoint,
      directory,
      debounceMs: options.debounceMs,
      agents,
      processes: options.processes,
    });
    closers.push(() => hosts.stop());
    await files.until(token, startTimeoutMs);
    const startSeconds = (performance.now() - started) / 1000;
    await statuses.until(initial, startTimeoutMs);

    const agentRound = async (): Promise<FleetRound> => {
      token = tokens.next();
      const seen = files.until(token, roundTimeoutMs);
      const sent = performance.now();
      const [revision, seenAt] = await Promise.all([putValue(client, changedKey, token), seen]);
      const reportedAt = await statuses.until(revision, roundTimeoutMs);
      const after = seenAt.map((t) => t - sent).sort((a, b) => a - b);
      return {
        firstVisibleMs: after[0]!,
        halfVisibleMs: after[Math.ceil(after.length / 2) - 1]!,
        allVisibleMs: after.at(-1)!,
        allStatusMs: Math.max(...reportedAt) - sent,
      };
    };
    const rawRound = async (): Promise<RawFleetRound> => {
      const value = tokens.next();
      const delivered = raw.until(value, roundTimeoutMs);
      const sent = performance.now();
      const [, deliveredAt] = await Promise.all([putValue(client, rawKey, value), delivered]);
      return { firstEventMs: Math.min(...deliveredAt) - sent, allEventsMs: Math.max(...deliveredAt) - sent };
    };

    // One unmeasured round of each: connections, code paths, the JIT.
    await sleep(pauseMs);
    await agentRound();
    await sleep(pauseMs);
    await rawRound();
    const rounds: FleetRound[] = [];
    const rawRounds: RawFleetRound[] = [];
    const cpuBefore = hosts.cpuMs();
    for (let round = 0; round < options.rounds; round++) {
      // Agents first in even rounds, raw watchers first in odd ones.
      const order = round % 2 === 0 ? ['agents', 'raw'] : ['raw', 'agents'];
      for (const side of order) {
        await sleep(pauseMs);
        if (side === 'agents') rounds.push(await agentRound());
        else rawRounds.push(await rawRound());
      }
    }
    const cpuMs = hosts.cpuMs() - cpuBefore;
    return {
      agents: options.agents,
      processes: Math.min(options.processes, options.agents),
      startSeconds,
      rounds,
      raw: rawRounds,
      agentCpuMsPerChange: cpuMs / (options.rounds * options.agents),
      missedEvents: files.missedEvents,
    };
  } finally {
    for (const close of closers.reverse()) await close();
  }
}
