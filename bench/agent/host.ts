// An agent host: a child process running some of the benchmark's agents, each with its own etcd
// client, output file and state folder, so that no agent shares an event loop with the measuring.
import { join } from 'node:path';
import { pino } from 'pino';
import { type Agent, agentSettingsFromConfig, startAgent } from '../../src/agent/index.js';
import { type HostCommand, type HostedAgent, type HostReport, outputName } from './protocol.js';

const logger = pino({ level: 'silent' });
let agents: Agent[] = [];

function report(message: HostReport): void {
  process.send?.(message);
}

function startOne(command: Extract<HostCommand, { type: 'start' }>, hosted: HostedAgent): Promise<Agent> {
  // 0: every change at once; otherwise `min` as asked and the agent's default `max`.
  const debounce = command.debounceMs === 0 ? { min: 0, max: 0 } : { min: command.debounceMs };
  const settings = agentSettingsFromConfig(
    {
      name: hosted.name,
      etcd: { endpoints: command.endpoint },
      stateDir: join(hosted.folder, 'state'),
      statusTtl: '10s',
      // No action, no health check: what is measured is the agent's own path from etcd to the file.
      units: [
        { name: 'app', directory: command.directory, output: join(hosted.folder, outputName), debounce },
      ],
    },
    { source: 'bench', baseDir: hosted.folder, env: {} },
  );
  return startAgent(settings, logger);
}

async function stopAll(): Promise<void> {
  const stopping = agents;
  agents = [];
  await Promise.all(stopping.map((agent) => agent.stop()));
}

process.on('message', async (command: HostCommand) => {
  try {
    if (command.type === 'start') {
      agents = await Promise.all(command.agents.map((a) => startOne(command, a)));
      report({ type: 'started' });
    } else {
      await stopAll();
      report({ type: 'stopped' });
      process.disconnect();
    }
  } catch (error) {
    report({
      type: 'failed',
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
});

// The parent went away (it crashed or was interrupted): stop the agents and leave.
process.on('disconnect', () => {
  void stopAll().finally(() => process.exit(0));
});
