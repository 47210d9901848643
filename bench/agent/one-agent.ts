// One agent, no debounce: sequential puts of one key, each timed until the rendered file on disk
// holds the new value; beside it, in slices that alternate with the agent's, plain put -> watch
// event latency on a key of its own.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Etcd3 } from 'etcd3';
import { changedKey, directory, putValue, type Tokens } from './directory.js';
import { OutputFiles } from './file-visibility.js';
import { startAgentHosts } from './hosts.js';
import { type Latency, summarizeLatencies } from './latency.js';
import type { AgentBenchOptions } from './options.js';
import { outputName } from './protocol.js';
import { KeyWatchers } from './raw-watchers.js';
import { AgentStatuses } from './status-watch.js';

export interface OneAgentResult {
  /** Measured agent changes (fewer than asked when the time bound was reached). */
  changes: number;
  /** Put sent -> the agent's file read holding the new value. */
  visible: Latency;
  /** Put sent -> the same put's watch event reached the bench process (etcd's share of `visible`). */
  event: Latency;
  /** `visible` - `event`, change by change: the agent's own share (its watch, render, write). */
  agentShare: Latency;
  /** Put sent -> the agent's status in etcd shows the put's revision applied (state saved, status written). */
  status: Latency;
  /** Put sent -> watch event, plain etcd3 client on a key of its own, while the agent is idle. */
  raw: Latency;
  /** CPU milliseconds the agent's process used per measured change. */
  agentCpuMsPerChange: number;
  /** Files found by the safety poll, not by an fs.watch event (their time is late). */
  missedEvents: number;
  /** True when the time bound stopped the measurement before `changes` were done. */
  cutShort: boolean;
}

/** Changes in a row before the other side gets its turn. */
const sliceChanges = 10;
const changeTimeoutMs = 10_000;

export async function measureOneAgent(
  endpoint: string,
  root: string,
  tokens: Tokens,
  options: AgentBenchOptions,
): Promise<OneAgentResult> {
  const name = 'bench-agent-one';
  const folder = join(root, name);
  await mkdir(folder, { recursive: true });
  const client = new Etcd3({ hosts: endpoint });
  const rawKey = 'bench-raw/counter';
  const closers: (() => unknown)[] = [() => client.close()];
  try {
    let token = tokens.next();
    const initial = await putValue(client, changedKey, token);
    const files = new OutputFiles([join(folder, outputName)]);
    closers.push(() => files.close());
    const statuses = await AgentStatuses.open(endpoint, [name]);
    closers.push(() => statuses.close());
    const sameKey = await KeyWatchers.open(endpoint, changedKey, 1);
    closers.push(() => sameKey.close());
    const raw = await KeyWatchers.open(endpoint, rawKey, 1);
    closers.push(() => raw.close());
    const hosts = await startAgentHosts({
      endpoint,
      directory,
      debounceMs: options.debounceMs,
      agents: [{ name, folder }],
      processes: 1,
    });
    closers.push(() => hosts.stop());
    await files.until(token, 30_000);
    await statuses.until(initial, 30_000);

    const visible: number[] = [];
    const event: number[] = [];
    const agentShare: number[] = [];
    const status: number[] = [];
    const rawEvent: number[] = [];
    const agentChange = async (record: boolean) => {
      token = tokens.next();
      const seen = files.until(token, changeTimeoutMs);
      const delivered = sameKey.until(token, changeTimeoutMs);
      const sent = performance.now();
      const [revision, [seenAt], [deliveredAt]] = await Promise.all([
        putValue(client, changedKey, token),
        seen,
        delivered,
      ]);
      // The agent is done with the change once its status says so: the next put meets an idle agent.
      const [reportedAt] = await statuses.until(revision, changeTimeoutMs);
      if (!record) return;
      visible.push(seenAt! - sent);
      event.push(deliveredAt! - sent);
      agentShare.push(seenAt! - deliveredAt!);
      status.push(reportedAt! - sent);
    };
    const rawChange = async (record: boolean) => {
      const value = tokens.next();
      const delivered = raw.until(value, changeTimeoutMs);
      const sent = performance.now();
      const [, [deliveredAt]] = await Promise.all([putValue(client, rawKey, value), delivered]);
      if (record) rawEvent.push(deliveredAt! - sent);
    };

    for (let i = 0; i < options.warmup; i++) {
      await agentChange(false);
      await rawChange(false);
    }
    const cpuBefore = hosts.cpuMs();
    const deadline = performance.now() + options.maxSeconds * 1000;
    let cutShort = false;
    for (let slice = 0; visible.length < options.changes || rawEvent.length < options.changes; slice++) {
      if (performance.now() > deadline) {
        cutShort = true;
        break;
      }
      // Agent first in even slices, raw first in odd ones.
      const sides = slice % 2 === 0 ? [agentChange, rawChange] : [rawChange, agentChange];
      for (const side of sides) {
        const done = side === agentChange ? visible : rawEvent;
        for (let i = 0; i < sliceChanges && done.length < options.changes; i++) await side(true);
      }
    }
    const cpuMs = hosts.cpuMs() - cpuBefore;
    return {
      changes: visible.length,
      visible: summarizeLatencies(visible),
      event: summarizeLatencies(event),
      agentShare: summarizeLatencies(agentShare),
      status: summarizeLatencies(status),
      raw: summarizeLatencies(rawEvent),
      agentCpuMsPerChange: cpuMs / Math.max(1, visible.length),
      missedEvents: files.missedEvents,
      cutShort,
    };
  } finally {
    for (const close of closers.reverse()) await close();
  }
}
