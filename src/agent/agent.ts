// The agent: connects to etcd (retrying while it cannot), runs every unit, publishes their
// statuses on a lease, and serves /healthz and /metrics when asked.
import { readFile } from 'node:fs/promises';
import { type PrivateKey, passphraseFromEnvironment, readPrivateKey } from '../crypto/index.js';
import { connect, type EtcdClient } from '../etcd/index.js';
import { retryDelayMs } from '../etcd/retry-delay.js';
import { createLogger, type Logger } from '../log/logger.js';
import { DockerEngine } from './actions/docker-engine.js';
import { createServiceAction, type ServiceAction } from './actions/service-action.js';
import { ApplyPipeline } from './apply-pipeline.js';
import { AgentConfigError } from './errors.js';
import { type AgentHttpServer, startAgentHttpServer } from './http-server.js';
import { AgentMetrics } from './metrics.js';
import type { AgentSettings } from './settings.js';
import { UnitStateFile } from './state-file.js';
import { StatusPublisher } from './status-publisher.js';
import { UnitRenderer } from './unit-renderer.js';
import { UnitRunner } from './unit-runner.js';
import type { UnitStatus } from './unit-status.js';

/**
 * A running agent.
 *
 * @example
 * const agent = await startAgent(settings);
 * await agent.stop();
 */
export interface Agent {
  readonly units: readonly UnitRunner[];
  /** Statuses of every unit now. */
  statuses(): UnitStatus[];
  /** The /healthz and /metrics address, when listening. */
  readonly address: { host: string; port: number } | undefined;
  /** Stops following, stops supervised processes, revokes the status lease. */
  stop(): Promise<void>;
}

/**
 * Starts an agent: reads the private key and templates (a problem there stops it at once), then
 * follows every unit's directory. etcd being down at start is not an error: it keeps trying.
 *
 * @example
 * const agent = await startAgent(settingsFromEnvironment(process.env));
 */
export async function startAgent(
  settings: AgentSettings,
  logger: Logger = createLogger('agent'),
): Promise<Agent> {
  const privateKey = await loadPrivateKey(settings.privateKeyPath);
  let engine: DockerEngine | undefined;
  const docker = () => {
    engine ??= new DockerEngine(settings.dockerHost);
    return engine;
  };
  const metrics = new AgentMetrics();
  let publisher: StatusPublisher | undefined;
  const actions: ServiceAction[] = [];
  const runners: UnitRunner[] = [];
  for (const unit of settings.units) {
    const stateFile = new UnitStateFile(settings.stateDir, unit.name);
    const action = createServiceAction(unit.action, { docker, logger: logger.child({ unit: unit.name }) });
    actions.push(action);
    const pipeline = new ApplyPipeline(
      unit,
      { renderer: await UnitRenderer.create(unit, privateKey), action, docker, stateFile, logger },
      await stateFile.read(),
    );
    runners.push(
      new UnitRunner(unit, {
        agent: settings.name,
        pipeline,
        metrics,
        logger,
        report: (status) => publisher?.publish(status),
      }),
    );
  }
  const http =
    settings.listen !== undefined
      ? await startAgentHttpServer(settings.listen, {
          metrics,
          statuses: () => runners.map((r) => r.status()),
        })
      : undefined;
  let stopped = false;
  let client: EtcdClient | undefined;
  const connecting = (async () => {
    for (let attempt = 0; !stopped; attempt++) {
      try {
        client = await connect({ ...settings.etcd, logger: logger.child({ component: 'etcd' }) });
        break;
      } catch (error) {
        if (attempt === 0)
          logger.warn({ err: error }, 'etcd cannot be reached yet; the files stay as they are');
        await new Promise((resolve) =>
          setTimeout(resolve, retryDelayMs(attempt, { initialDelayMs: 200, maxDelayMs: 5_000 })),
        );
      }
    }
    if (stopped || client === undefined) return;
    publisher = new StatusPublisher(client, settings.statusTtlSeconds, logger);
    for (const runner of runners) {
      publisher.publish(runner.status());
      runner.start(client);
    }
  })();
  logger.info(
    {
      agent: settings.name,
      units: settings.units.map((u) => `${u.name}: ${u.directory}/ -> ${u.output.path}`),
    },
    'agent started',
  );
  return {
    units: runners,
    statuses: () => runners.map((runner) => runner.status()),
    address: http?.address,
    async stop() {
      stopped = true;
      await connecting;
      await Promise.all(runners.map((runner) => runner.stop()));
      await Promise.all(actions.map((action) => action.stop()));
      await publisher?.stop();
      await client?.close();
      await http?.close();
    },
  };
}

async function loadPrivateKey(path: string | undefined): Promise<PrivateKey | undefined> {
  if (path === undefined) return undefined;
  let text: Buffer;
  try {
    text = await readFile(path);
  } catch (error) {
    throw new AgentConfigError('PRIVATE_KEY', [
      `cannot read the private key ${path}: ${(error as Error).message}`,
    ]);
  }
  return readPrivateKey(text, { source: path, passphrase: passphraseFromEnvironment() });
}

export type { AgentHttpServer };
