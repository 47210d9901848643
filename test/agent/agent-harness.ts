// Starts the agent in the test process against a store, with one unit writing into a temporary
// folder, its logs captured (for the secrecy scan) and an action that counts how often it ran.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { type Agent, agentSettingsFromConfig, startAgent, type UnitStatus } from '../../src/agent/index.js';
import { waitFor } from '../support/wait.js';

export interface AgentUnderTest {
  readonly agent: Agent;
  /** The rendered file. */
  readonly output: string;
  /** How many times the unit's action ran. */
  actions(): Promise<number>;
  /** Everything the agent logged. */
  logs(): string;
  /** The agent's log lines, parsed, whose message is `msg`. */
  logged(msg: string): Array<Record<string, unknown>>;
  status(): UnitStatus;
  /** Waits until the unit's status satisfies `check`. */
  until(check: (status: UnitStatus) => boolean, what: string, timeoutMs?: number): Promise<UnitStatus>;
  stop(): Promise<void>;
}

/**
 * An agent with one unit `app` following directory `directory` into `<folder>/<file>`; `unit`
 * overrides any unit option. The action appends a line to `<folder>/actions.log` unless overridden.
 */
export async function startTestAgent(options: {
  folder: string;
  endpoints: string;
  directory?: string;
  file?: string;
  unit?: Record<string, unknown>;
  agent?: Record<string, unknown>;
}): Promise<AgentUnderTest> {
  const { folder } = options;
  const output = join(folder, options.file ?? 'app.yml');
  const actionLog = join(folder, 'actions.log');
  const settings = agentSettingsFromConfig(
    {
      name: 'test-agent',
      etcd: { endpoints: options.endpoints },
      stateDir: join(folder, 'state'),
      statusTtl: '2s',
      ...options.agent,
      units: [
        {
          name: 'app',
          directory: options.directory ?? 'app',
          output,
          debounce: { min: 0, max: 0 },
          action: { type: 'exec', command: `echo run >> '${actionLog}'` },
          ...options.unit,
        },
      ],
    },
    { source: 'test', baseDir: folder, env: {} },
  );
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  const agent = await startAgent(settings, pino({ level: 'trace' }, sink));
  const status = () => agent.statuses()[0]!;
  return {
    agent,
    output,
    actions: async () =>
      (await readFile(actionLog, 'utf8').catch(() => '')).split('\n').filter(Boolean).length,
    logs: () => lines.join(''),
    logged: (msg) =>
      lines
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((entry) => entry.msg === msg),
    status,
    until: (check, what, timeoutMs = 20_000) =>
      waitFor(() => (check(status()) ? status() : undefined), { what, timeoutMs }),
    stop: () => agent.stop(),
  };
}
