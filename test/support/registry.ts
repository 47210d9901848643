// The CNCF distribution registry (Debian's docker-registry 2.8) in a podman container: its image,
// its config file, and blob pushes and reads through the registry HTTP API v2.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parse, stringify } from 'yaml';
import { importProgramsImage, type Podman } from './podman.js';
import { waitFor } from './wait.js';

/** The image `buildRegistryImage` makes unless told another name. */
export const registryImage = 'localhost/setpoint-test-registry:latest';

/** Where the registry reads its config inside the container. */
export const registryConfigPath = '/etc/docker/registry/config.yml';

/**
 * Builds the registry image from /usr/bin/docker-registry and its libraries, with `cat` and `sh`
 * for `podman exec`, and returns its name.
 *
 * @example
 * const image = await buildRegistryImage(podman);
 */
export function buildRegistryImage(podman: Podman, name = registryImage): Promise<string> {
  return importProgramsImage(podman, {
    name,
    programs: ['/usr/bin/docker-registry', '/usr/bin/cat', '/usr/bin/sh'],
    folders: ['/var/lib/registry', '/etc/docker/registry'],
    files: [['/etc/passwd', 'root:x:0:0:root:/root:/bin/sh\n']],
    changes: [`CMD ["/usr/bin/docker-registry", "serve", "${registryConfigPath}"]`],
  });
}

/** The Swift storage driver's parameters, as distribution 2.8 names them. */
export interface SwiftStorage {
  authurl: string;
  username: string;
  password: string;
  container: string;
  region?: string;
  prefix?: string;
  tenant?: string;
  domain?: string;
  authversion?: 1 | 2 | 3;
  chunksize?: number;
  insecureskipverify?: boolean;
}

export type RegistryStorage = { filesystem: { rootdirectory: string } } | { swift: SwiftStorage };

export interface RegistryConfigOptions {
  /** `http.addr` is `127.0.0.1:port`. */
  port: number;
  /** `http.debug.addr` is `127.0.0.1:debugPort`: it serves `/debug/health`. */
  debugPort?: number;
  storage: RegistryStorage;
  /**
   * Checks the storage driver every second (`health.storagedriver`); after one failure every
   * request, `/debug/health` included, answers 503 until a check passes. Default true.
   */
  healthStorage?: boolean;
  logLevel?: 'error' | 'warn' | 'info' | 'debug';
}

/**
 * The YAML text of a registry config.
 *
 * @example
 * await writeFile(file, registryConfig({ port, debugPort, storage: { filesystem: { rootdirectory: '/var/lib/registry' } } }));
 */
export function registryConfig(options: RegistryConfigOptions): string {
  const healthStorage = options.healthStorage ?? true;
  const config = {
    version: 0.1,
    log: { level: options.logLevel ?? 'info' },
    storage: options.storage,
    http: {
      addr: `127.0.0.1:${options.port}`,
      ...(options.debugPort === undefined ? {} : { debug: { addr: `127.0.0.1:${options.debugPort}` } }),
    },
    ...(healthStorage ? { health: { storagedriver: { enabled: true, interval: '1s', threshold: 1 } } } : {}),
  };
  return stringify(config);
}

export interface RegistryContainer {
  readonly name: string;
  readonly id: string;
  /** `http://127.0.0.1:PORT`, from the config's `http.addr`. */
  readonly url: string;
  /** `http://127.0.0.1:PORT` of `http.debug.addr`, when the config has one. */
  readonly debugUrl: string | undefined;
  /** `GET /debug/health`: 200 with `{}` when healthy, 503 with the failing checks otherwise. */
  health(): Promise<{ status: number; body: string }>;
  /** The container's state as podman inspects it. */
  state(): Promise<ContainerState>;
  logs(): Promise<string>;
  /**
   * Resolves once the registry answers HTTP on its port (whatever the status), or rejects with its
   * logs when the container exits first. After a restart, wait for this rather than for
   * `/debug/health`: the debug listener opens before the main one.
   */
  waitUntilAnswering(): Promise<void>;
  /** Removes the container (stopping it first). */
  stop(): Promise<void>;
}

export interface ContainerState {
  status: string;
  running: boolean;
  exitCode: number;
  startedAt: string;
}

export interface RegistryContainerOptions {
  podman: Podman;
  image: string;
  /** Host path of the config file; bind-mounted alone at /etc/docker/registry/config.yml. */
  configFile: string;
  name: string;
  /** The port of `http.addr`; read from the config file when not given. */
  port?: number;
  /** Resolve once it answers HTTP, or reject when the container exits first (default true). */
  wait?: boolean;
}

/**
 * Runs the registry in a container (host network, runc, explicit ulimits) with its config file
 * bind-mounted as a single file, and waits until it answers on its port.
 *
 * @example
 * const registry = await startRegistryContainer({ podman, image, configFile, name: 'registry' });
 * const digest = await pushBlob(registry.url, 'demo', Buffer.from('hello'));
 */
export async function startRegistryContainer(options: RegistryContainerOptions): Promise<RegistryContainer> {
  const { podman, name } = options;
  const config = parse(await readFile(options.configFile, 'utf8')) as {
    http?: { addr?: string; debug?: { addr?: string } };
  };
  const port = options.port ?? portOf(config.http?.addr, options.configFile);
  const debugAddr = config.http?.debug?.addr;
  const url = `http://127.0.0.1:${port}`;
  const debugUrl =
    debugAddr === undefined ? undefined : `http://127.0.0.1:${portOf(debugAddr, options.configFile)}`;
  const { stdout } = await podman.run([
    'run',
    '--detach',
    '--name',
    name,
    '--network',
    'host',
    ...podman.ulimitFlags,
    '--volume',
    `${options.configFile}:${registryConfigPath}`,
    options.image,
    '/usr/bin/docker-registry',
    'serve',
    registryConfigPath,
  ]);
  const registry: RegistryContainer = {
    name,
    id: stdout.trim(),
    url,
    debugUrl,
    async health() {
      if (debugUrl === undefined) throw new TypeError(`the config of ${name} has no http.debug.addr`);
      const response = await fetch(`${debugUrl}/debug/health`, { signal: AbortSignal.timeout(5_000) });
      return { status: response.status, body: await response.text() };
    },
    state: () => containerState(podman, name),
    async logs() {
      const { stdout: out, stderr } = await podman.run(['logs', name]);
      return `${out}${stderr}`;
    },
    async waitUntilAnswering() {
      const outcome = await waitFor(
        async () => {
          if (await answers(`${url}/v2/`)) return 'answering';
          const state = await registry.state();
          return state.running ? false : 'exited';
        },
        { what: `registry ${name} to answer on ${url}`, timeoutMs: 30_000, intervalMs: 50 },
      );
      if (outcome === 'exited') {
        const state = await registry.state();
        throw new Error(
          `registry container ${name} exited (code ${state.exitCode}) before answering on ${url}:\n${await registry.logs()}`,
        );
      }
    },
    async stop() {
      await podman.run(['rm', '--force', '--time', '5', name]);
    },
  };
  if (options.wait ?? true) await registry.waitUntilAnswering();
  return registry;
}

/** A container's `State` as `podman inspect` prints it (Docker's field names); `T` names the fields read. */
export async function inspectContainerState<T>(podman: Podman, name: string): Promise<T> {
  const { stdout } = await podman.run([
    'inspect',
    '--type',
    'container',
    '--format',
    '{{json .State}}',
    name,
  ]);
  return JSON.parse(stdout) as T;
}

/** A container's state, from `podman inspect`. */
export async function containerState(podman: Podman, name: string): Promise<ContainerState> {
  const state = await inspectContainerState<{
    Status: string;
    Running: boolean;
    ExitCode: number;
    StartedAt: string;
  }>(podman, name);
  return {
    status: state.Status,
    running: state.Running,
    exitCode: state.ExitCode,
    startedAt: state.StartedAt,
  };
}

function portOf(addr: string | undefined, configFile: string): number {
  const port = Number(/:(\d+)$/.exec(addr ?? '')?.[1]);
  if (!Number.isInteger(port) || port === 0) {
    throw new TypeError(`cannot tell the registry's port: ${configFile} has http.addr ${addr ?? '(none)'}`);
  }
  return port;
}

async function answers(url: string): Promise<boolean> {
  try {
    await (await fetch(url, { signal: AbortSignal.timeout(1_000) })).arrayBuffer();
    return true;
  } catch {
    return false;
  }
}

/** A registry API call that did not answer as expected: what was asked, the status and the body. */
export class RegistryRequestError extends Error {
  readonly code = 'REGISTRY_REQUEST_FAILED';
  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly body: string,
  ) {
    super(`${method} ${url} answered ${status}: ${body.slice(0, 500)}`);
    this.name = 'RegistryRequestError';
  }
}

/**
 * Uploads `bytes` as a blob of `repository` in one monolithic upload (POST, then PUT with the
 * digest) and returns its digest, `sha256:...`.
 *
 * @example
 * const digest = await pushBlob(registry.url, 'demo/app', Buffer.from('hello'));
 */
export async function pushBlob(registryUrl: string, repository: string, bytes: Uint8Array): Promise<string> {
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  const start = await call('POST', `${registryUrl}/v2/${repository}/blobs/uploads/`, 202);
  const location = start.headers.get('location');
  if (location === null) {
    throw new RegistryRequestError(
      'POST',
      `${registryUrl}/v2/${repository}/blobs/uploads/`,
      202,
      'no Location',
    );
  }
  const upload = new URL(location, registryUrl);
  upload.searchParams.set('digest', digest);
  const put = await call('PUT', upload.toString(), 201, {
    body: bytes,
    headers: { 'content-type': 'application/octet-stream', 'content-length': String(bytes.byteLength) },
  });
  const stored = put.headers.get('docker-content-digest');
  if (stored !== null && stored !== digest) {
    throw new RegistryRequestError(
      'PUT',
      upload.toString(),
      201,
      `stored digest ${stored}, expected ${digest}`,
    );
  }
  return digest;
}

/**
 * Reads a blob back; rejects with a RegistryRequestError (status 404, BLOB_UNKNOWN) when it is missing.
 *
 * @example
 * const bytes = await readBlob(registry.url, 'demo/app', digest);
 */
export async function readBlob(registryUrl: string, repository: string, digest: string): Promise<Buffer> {
  const response = await call('GET', `${registryUrl}/v2/${repository}/blobs/${digest}`, 200);
  return Buffer.from(await response.arrayBuffer());
}

async function call(
  method: string,
  url: string,
  expected: number,
  init: { body?: Uint8Array; headers?: Record<string, string> } = {},
): Promise<Response> {
  const response = await fetch(url, { method, ...init, signal: AbortSignal.timeout(30_000) }).catch(
    (err: Error) => {
      const reason = err.cause instanceof Error ? err.cause.message : err.message;
      throw new Error(`${method} ${url} got no answer: ${reason}`, { cause: err });
    },
  );
  if (response.status !== expected) {
    throw new RegistryRequestError(method, url, response.status, await response.text());
  }
  return response;
}
