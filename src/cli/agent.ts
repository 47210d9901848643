// `setpoint agent`: follow etcd directories and keep services' config files in step with them.
// Started as the original watcher (environment variables) or with `--config agent.yaml`.
import type { Command } from 'commander';
import {
  AgentConfigError,
  type AgentSettings,
  environmentVariables,
  readAgentConfigFile,
  settingsFromEnvironment,
  startAgent,
} from '../agent/index.js';
import { createLogger } from '../log/logger.js';

interface AgentFlags {
  config?: string;
  once: boolean;
}

/** Exit status of a wrong configuration. */
const usageExitCode = 2;

export function agentCommand(program: Command): void {
  program
    .command('agent')
    .description(
      'render etcd directories into config files and restart or reload the services that read them;\n' +
        'configured by environment variables (one unit) or by --config agent.yaml (several units)',
    )
    .option('--config <file>', 'agent.yaml with one or more units (see docs/agent.md)')
    .option('--once', 'apply every unit once and exit: 0 when all are in place, 1 otherwise', false)
    .addHelpText(
      'after',
      `\nEnvironment (without --config):\n${environmentVariables
        .map((v) => `  ${v.name.padEnd(18)} ${v.about}`)
        .join(
          '\n',
        )}\n\nExit status: 0 stopped by SIGTERM/SIGINT (or --once succeeded), 1 failed, 2 wrong configuration.`,
    )
    .action(async (flags: AgentFlags) => {
      let settings: AgentSettings;
      try {
        settings =
          flags.config !== undefined
            ? await readAgentConfigFile(flags.config, process.env)
            : settingsFromEnvironment(process.env);
      } catch (error) {
        if (!(error instanceof AgentConfigError)) throw error;
        process.stderr.write(`setpoint agent: ${error.message}\n`);
        process.exit(usageExitCode);
      }
      await runAgent(settings, flags.once);
    });
}

async function runAgent(settings: AgentSettings, once: boolean): Promise<void> {
  const logger = createLogger('agent');
  const agent = await startAgent(settings, logger);
  if (once) {
    const outcomes = await Promise.all(agent.units.map((unit) => unit.nextOutcome()));
    await agent.stop();
    process.exit(outcomes.every((o) => o.result === 'applied' || o.result === 'unchanged') ? 0 : 1);
  }
  if (agent.address !== undefined) {
    logger.info(
      { url: `http://${agent.address.host}:${agent.address.port}/healthz` },
      'agent endpoint listening',
    );
  }
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      logger.info({ signal }, 'stopping the agent');
      agent.stop().then(resolve, resolve);
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}
