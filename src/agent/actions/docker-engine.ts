// The Docker Engine API (Docker, or podman's compatible service) as the agent uses it: inspect,
// restart and signal one container, and find whether it bind-mounts a file alone.
import { realpath } from 'node:fs/promises';
import Docker from 'dockerode';

/**
 * What the agent reads of a container.
 *
 * @example
 * const { running, startedAt, health } = await engine.inspect('registry');
 */
export interface ContainerState {
  id: string;
  running: boolean;
  restarting: boolean;
  exitCode: number;
  error: string;
  /** `State.StartedAt` as milliseconds since the epoch. */
  startedAt: number;
  /** `State.Health.Status` when the container has a health check: starting, healthy, unhealthy. */
  health: string | undefined;
  /** Host paths bind-mounted into the container. */
  bindSources: string[];
}

/**
 * A Docker Engine API endpoint.
 *
 * @example
 * const engine = new DockerEngine(process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock');
 * await engine.restart('registry', 10_000);
 */
export class DockerEngine {
  private readonly docker: Docker;

  constructor(readonly host: string) {
    this.docker = new Docker(dockerOptions(host));
  }

  async inspect(container: string): Promise<ContainerState> {
    const info = await this.call(container, 'inspect', () => this.docker.getContainer(container).inspect());
    const state = info.State;
    return {
      id: info.Id,
      running: state.Running,
      restarting: state.Restarting,
      exitCode: state.ExitCode,
      error: state.Error ?? '',
      startedAt: Date.parse(state.StartedAt),
      health: (state as { Health?: { Status?: string } }).Health?.Status || undefined,
      bindSources: (info.Mounts ?? []).filter((m) => m.Type === 'bind').map((m) => m.Source),
    };
  }

  /** Restarts the container, giving it `timeoutMs` to stop before it is killed. */
  async restart(container: string, timeoutMs: number): Promise<void> {
    await this.call(container, 'restart', () =>
      this.docker.getContainer(container).restart({ t: Math.ceil(timeoutMs / 1000) }),
    );
  }

  /** Sends `signal` to the container's main process. */
  async signal(container: string, signal: NodeJS.Signals): Promise<void> {
    await this.call(container, `send ${signal} to`, () =>
      this.docker.getContainer(container).kill({ signal }),
    );
  }

  /** True when `container` bind-mounts `file` (after resolving links) as a file of its own. */
  async bindMountsFile(container: string, file: string): Promise<boolean> {
    const [state, real] = await Promise.all([this.inspect(container), realpath(file).catch(() => file)]);
    return state.bindSources.some((source) => source === file || source === real);
  }

  private async call<T>(container: string, what: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      const reason =
        status === 404
          ? `no container '${container}' (check SERVE_CONTAINER / the unit's container)`
          : status !== undefined
            ? `HTTP ${status}: ${messageOf(error)}`
            : `${messageOf(error)} (is the Docker Engine API at ${this.host}?)`;
      throw new Error(`cannot ${what} container '${container}' through ${this.host}: ${reason}`, {
        cause: error,
      });
    }
  }
}

function messageOf(error: unknown): string {
  const json = (error as { json?: { message?: string } }).json;
  return json?.message ?? (error instanceof Error ? error.message : String(error));
}

/** dockerode's options for `unix:///path`, a bare socket path, `tcp://h:p`, `http(s)://h:p`. */
function dockerOptions(host: string): Docker.DockerOptions {
  if (host.startsWith('unix://')) return { socketPath: host.slice('unix://'.length) };
  if (host.startsWith('/')) return { socketPath: host };
  const url = new URL(host.replace(/^tcp:/, 'http:'));
  return {
    host: url.hostname,
    port: url.port || (url.protocol === 'https:' ? 443 : 2375),
    protocol: url.protocol === 'https:' ? 'https' : 'http',
  };
}
