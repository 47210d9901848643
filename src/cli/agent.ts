// `setpoint agent`: follow etcd directories and keep services' config files in step with them.
// Started as the original watcher (environment variables) or with `--config agent.yaml`.
import type { Command } from 'commander';
import { parseDuration } from '../agent/duration.js';
import {
  AgentConfigError,
  AgentOnceTimeoutError,
  type AgentSettings,
  type ApplyOutcome,
  environmentVariables,
  readAgentConfigFile,
  settingsFromEnvironment,
  startAgent,
} from '../agent/index.js';
import { createLogger } from '../log/logger.js';

interface AgentFlags {
  config?: string;
  once: boolean;
  onceTimeout: string;
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
    .option(
      '--once-timeout <duration>',
      'with --once: how long to wait for etcd and every unit before giving up with exit status 1',
      '60s',
    )
    .addHelpText(
      'after',
      `\nEnvironment (without --config):\n${environmentVariables
        .map((v) => `  ${v.name.padEnd(18)} ${v.about}`)
        .join(
          '\n',
        )}\n\nExit status: 0 stopped by SIGTERM/SIGINT (or --once succeeded), 1 failed (or --once gave up), 2 wrong configuration.`,
    )
    .action(async (flags: AgentFlags) => {
      let settings: AgentSettings;
      const onceTimeoutMs = parseDuration(flags.onceTimeout);
      if (onceTimeoutMs === undefined || onceTimeoutMs <= 0) {
        process.stderr.write(
          `setpoint agent: --once-timeout '${flags.onceTimeout}' is not a duration: write e.g. 30s or 2m\n`,
        );
        process.exit(usageExitCode);
      }
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
      await runAgent(settings, flags.once ? onceTimeoutMs : undefined);
    });
}

/** Runs the agent until SIGTERM/SIGINT, or with `onceTimeoutMs` applies every unit once and exits. */
async function runAgent(settings: AgentSettings, onceTimeoutMs: number | undefined): Promise<void> {
  const logger = createLogger('agent');
  const agent = await startAgent(settings, logger);
  if (onceTimeoutMs !== undefined) {
    const outcomes: Array<ApplyOutcome | undefined> = agent.units.map(() => undefined);
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      Promise.all(
        agent.units.map(async (unit, i) => {
          outcomes[i] = await unit.nextOutcome();
        }),
      ).then(() => true),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), onceTimeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (!finished) {
      // Why each unit without an outcome is waiting, from its status.
      const waiting = agent.units
        .filter((_, i) => outcomes[i] === undefined)
        .map((unit) => {
          const status = unit.status();
          return `unit '${status.unit}': ${status.etcdConnected ? 'its apply did not finish' : 'etcd cannot be reached'}`;
        });
      const error = new AgentOnceTimeoutError(onceTimeoutMs, waiting);
      logger.error({ code: error.code, units: waiting }, error.message);
      process.stderr.write(`setpoint agent --once: ${error.message}\n`);
    }
    await agent.stop();
    const ok = outcomes.every((o) => o?.result === 'applied' || o?.result === 'unchanged');
    process.exit(finished && ok ? 0 : 1);
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
