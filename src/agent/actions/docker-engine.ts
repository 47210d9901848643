// The Docker Engine API (Docker, or podman's compatible service) as the agent uses it: inspect,
// restart and signal one container, run its health check (podman), and find whether it
// bind-mounts a file alone.
import { realpath } from 'node:fs/promises';
import Docker from 'dockerode';

/**
 * A call to the Docker Engine API failed: which container, what was asked, and why.
 *
 * @example
 * try { await engine.restart('registry', 10_000); } catch (err) { if (err instanceof DockerEngineError && err.status === 404) ... }
 */
export class DockerEngineError extends Error {
  readonly code = 'DOCKER_ENGINE_FAILED';
  override readonly name = 'DockerEngineError';
  constructor(
    readonly container: string,
    /** The HTTP status the engine answered, when it answered. */
    readonly status: number | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * The latest result of a container's Docker health check, as the engine recorded it.
 *
 * @example
 * const { start, exitCode, output } = state.lastHealthCheck!;
 */
export interface HealthCheckResult {
  /** When the check started, as the engine wrote it (an RFC 3339 time). */
  start: string;
  exitCode: number;
  output: string;
}

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
  /** The newest entry of `State.Health.Log`, if a check ever ran. */
  lastHealthCheck: HealthCheckResult | undefined;
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
  private podmanApi: Promise<string | undefined> | undefined;

  constructor(readonly host: string) {
    this.docker = new Docker(dockerOptions(host));
  }

  async inspect(container: string): Promise<ContainerState> {
    const info = await this.call(container, 'inspect', () => this.docker.getContainer(container).inspect());
    const state = info.State;
    const health = (state as { Health?: DockerHealth }).Health;
    const last = health?.Log?.at(-1);
    return {
      id: info.Id,
      running: state.Running,
      restarting: state.Restarting,
      exitCode: state.ExitCode,
      error: state.Error ?? '',
      startedAt: Date.parse(state.StartedAt),
      health: health?.Status || undefined,
      lastHealthCheck:
        last === undefined
          ? undefined
          : { start: last.Start, exitCode: last.ExitCode, output: (last.Output ?? '').trim() },
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

  /**
   * Whether the engine runs a container's health check when asked: podman does (its own API's
   * `GET /libpod/containers/NAME/healthcheck`, what `podman healthcheck run` calls), Docker does not.
   * Podman without systemd never runs the checks on its own: it schedules them as systemd timers.
   */
  async runsHealthChecksOnRequest(): Promise<boolean> {
    return (await this.podmanApiVersion()) !== undefined;
  }

  /**
   * Runs the container's health check once (podman only) and lets the engine record its result in
   * `State.Health`, as its own schedule would; `inspect` then reads the container's health.
   */
  async runHealthCheck(container: string, timeoutMs: number): Promise<void> {
    const version = await this.podmanApiVersion();
    if (version === undefined) {
      throw new TypeError(`${this.host} is not podman: Docker runs health checks on its own schedule only`);
    }
    await this.call(
      container,
      'run the health check of',
      () =>
        new Promise((resolve, reject) =>
          this.docker.modem.dial(
            {
              path: `/v${version}/libpod/containers/${encodeURIComponent(container)}/healthcheck?`,
              method: 'GET',
              options: {},
              abortSignal: AbortSignal.timeout(timeoutMs),
              statusCodes: {
                200: true,
                404: 'no such container',
                409: 'no health check, or not running',
                500: 'server error',
              },
            } as Parameters<typeof this.docker.modem.dial>[0],
            (error, result) => (error ? reject(error) : resolve(result)),
          ),
        ),
    );
  }

  /** The libpod API version of a podman engine, or undefined for Docker; asked once. */
  private podmanApiVersion(): Promise<string | undefined> {
    this.podmanApi ??= this.docker.version().then(
      (version) => {
        const podman = version.Components?.find((c) => c.Name === 'Podman Engine');
        if (podman === undefined) return undefined;
        // Podman names it APIVersion (its libpod API follows its own version), not ApiVersion.
        const details = podman.Details as { APIVersion?: string } | undefined;
        return details?.APIVersion ?? podman.Version;
      },
      (error: unknown) => {
        this.podmanApi = undefined;
        throw new DockerEngineError(
          '',
          undefined,
          `cannot ask ${this.host} which engine it is: ${messageOf(error)} (is the Docker Engine API at ${this.host}?)`,
          { cause: error },
        );
      },
    );
    return this.podmanApi;
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
      throw new DockerEngineError(
        container,
        status,
        `cannot ${what} container '${container}' through ${this.host}: ${reason}`,
        { cause: error },
      );
    }
  }
}

/** `State.Health` as Docker and podman answer it. */
interface DockerHealth {
  Status?: string;
  Log?: Array<{ Start: string; End?: string; ExitCode: number; Output?: string }> | null;
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
