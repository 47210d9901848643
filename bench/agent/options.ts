// Command-line options of the agent benchmark (`npm run bench -- agent --help`).
import { parseArgs } from 'node:util';
import type { StoreKind } from '../../test/support/stores.js';

export interface AgentBenchOptions {
  /** The stores measured, one after the other, each started fresh. */
  stores: StoreKind[];
  /** Measured sequential changes for one agent (and as many raw watch events). */
  changes: number;
  /** Unmeasured changes before measuring, for one agent (the fleet gets one unmeasured round). */
  warmup: number;
  /** Seconds the one-agent measurement may take; it stops early, and says so, past this. */
  maxSeconds: number;
  /** Agents in the fleet. */
  agents: number;
  /** Child processes the fleet's agents are spread over. */
  processes: number;
  /** Measured changes the fleet receives. */
  rounds: number;
  /** Keys in the followed directory besides the one changed. */
  settings: number;
  /** The agents' debounce `min` in ms; 0 applies every change at once (max 0 too), else max is the agent's default. */
  debounceMs: number;
  json: boolean;
}

export const agentBenchUsage = `usage: bench agent [options]

Measures the agent (src/agent/) on a store started fresh on loopback: how long after a put its
rendered file on disk holds the new value, for one agent and for a fleet of agents on one directory,
beside plain etcd3 watchers measured in the same run on the same store.

  --store S         etcd, setpoint or both (default both): the stores measured, each in turn
  --changes N       measured sequential changes for one agent, and as many raw ones (default 500)
  --warmup N        unmeasured changes before measuring one agent (default 10)
  --max-seconds S   the one-agent measurement stops early past this, and says so (default 40)
  --agents N        agents in the fleet, and raw watchers beside them (default 100)
  --processes N     child processes the fleet's agents are spread over (default 2)
  --rounds N        measured changes the fleet receives (default 10)
  --settings N      keys in the directory besides the changed one (default 20)
  --debounce MS     the agents' debounce min; 0 (default) applies each change at once, as with
                    'debounce: { min: 0, max: 0 }'; the agent's own default is 100
  --json            print the results as JSON instead of tables
  --help            print this help`;

function wholeNumber(name: string, text: string | undefined, fallback: number, allowZero = false): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || (value === 0 && !allowZero))
    throw new Error(
      `--${name} wants a ${allowZero ? 'non-negative' : 'positive'} whole number, not "${text}"`,
    );
  return value;
}

function seconds(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`--${name} wants a positive number, not "${text}"`);
  return value;
}

function stores(text: string | undefined): StoreKind[] {
  switch (text ?? 'both') {
    case 'both':
      return ['etcd', 'setpoint'];
    case 'etcd':
      return ['etcd'];
    case 'setpoint':
      return ['setpoint'];
    default:
      throw new Error(`--store is one of etcd, setpoint, both, not "${text}"`);
  }
}

/** Parses the options; returns undefined when --help was asked for. Throws on a bad option. */
export function parseAgentOptions(argv: string[]): AgentBenchOptions | undefined {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      store: { type: 'string' },
      changes: { type: 'string' },
      warmup: { type: 'string' },
      'max-seconds': { type: 'string' },
      agents: { type: 'string' },
      processes: { type: 'string' },
      rounds: { type: 'string' },
      settings: { type: 'string' },
      debounce: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return undefined;
  return {
    stores: stores(values.store),
    changes: wholeNumber('changes', values.changes, 500),
    warmup: wholeNumber('warmup', values.warmup, 10, true),
    maxSeconds: seconds('max-seconds', values['max-seconds'], 40),
    agents: wholeNumber('agents', values.agents, 100),
    processes: wholeNumber('processes', values.processes, 2),
    rounds: wholeNumber('rounds', values.rounds, 10),
    settings: wholeNumber('settings', values.settings, 20, true),
    debounceMs: wholeNumber('debounce', values.debounce, 0, true),
    json: values.json ?? false,
  };
}
