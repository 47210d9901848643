// Starts the two etcd-compatible stores the tests compare: real etcd (Debian's etcd-server) and
// Setpoint's embedded store (`setpoint etcd`), each on free loopback ports in a temporary folder.
import { fileURLToPath } from 'node:url';
import { Etcd3 } from 'etcd3';
import { freePort, tempFolder } from './ports.js';
import { type RunningProcess, startProcess } from './process.js';
import { waitFor } from './wait.js';

export type StoreKind = 'etcd' | 'setpoint';

export interface StoreUnderTest {
  readonly kind: StoreKind;
  /** `127.0.0.1:PORT`, as etcdctl's `--endpoints` and `ETCD_HOST` take it. */
  readonly endpoint: string;
  readonly url: string;
  readonly dataDir: string;
  process(): RunningProcess;
  /** Graceful stop. */
  stop(): Promise<void>;
  /** `kill -9`. */
  kill(): Promise<void>;
  /** Starts it again on the same port and data folder, and waits until it serves. */
  restart(): Promise<void>;
  /** Stops it and removes its data folder. */
  destroy(): Promise<void>;
}

export interface StartOptions {
  /** Extra command-line flags. */
  args?: string[];
  env?: NodeJS.ProcessEnv;
  /** Use this data folder instead of a new temporary one (kept on destroy). */
  dataDir?: string;
  /** Do not wait for it to serve (for tests that expect it to refuse to start). */
  noWait?: boolean;
}

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** The command that runs the `setpoint` CLI from source, as the tests use it. */
export function setpointCommand(args: string[]): [string, string[]] {
  // `npm test` builds first and sets SETPOINT_TEST_BUILT: the commands then run the fresh build,
  // which starts in about half the time of compiling the sources on the fly. A bare `vitest run`
  // runs the sources through tsx (resolved here, so the command works from any working folder).
  if (process.env.SETPOINT_TEST_BUILT === '1')
    return [process.execPath, [`${repoRoot}dist/src/cli/main.js`, ...args]];
  return [process.execPath, ['--import', import.meta.resolve('tsx'), `${repoRoot}src/cli/main.ts`, ...args]];
}

export function startStore(kind: StoreKind, options: StartOptions = {}): Promise<StoreUnderTest> {
  return kind === 'etcd' ? startEtcd(options) : startSetpointStore(options);
}

export async function startEtcd(options: StartOptions = {}): Promise<StoreUnderTest> {
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  const folder = options.dataDir ? undefined : await tempFolder('etcd');
  const dataDir = options.dataDir ?? folder!.path;
  const url = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const args = [
    '--name=default',
    `--data-dir=${dataDir}`,
    `--listen-client-urls=${url}`,
    `--advertise-client-urls=${url}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=default=${peer}`,
    '--logger=zap',
    '--log-outputs=stderr',
    ...(options.args ?? []),
  ];
  const start = () => startProcess('etcd', args, { ETCD_UNSUPPORTED_ARCH: '', ...options.env });
  return manage('etcd', start, url, dataDir, folder, options.noWait);
}

export async function startSetpointStore(options: StartOptions = {}): Promise<StoreUnderTest> {
  const clientPort = await freePort();
  const folder = options.dataDir ? undefined : await tempFolder('store');
  const dataDir = options.dataDir ?? folder!.path;
  const url = `http://127.0.0.1:${clientPort}`;
  const [command, args] = setpointCommand([
    'etcd',
    `--data-dir=${dataDir}`,
    `--listen-client-urls=${url}`,
    `--advertise-client-urls=${url}`,
    // Configured as the harness configures etcd; the store does not listen on it.
    `--initial-advertise-peer-urls=http://127.0.0.1:${await freePort()}`,
    ...(options.args ?? []),
  ]);
  const start = () => startProcess(command, args, options.env);
  return manage('setpoint', start, url, dataDir, folder, options.noWait);
}

async function manage(
  kind: StoreKind,
  start: () => RunningProcess,
  url: string,
  dataDir: string,
  folder: { remove: () => Promise<void> } | undefined,
  noWait = false,
): Promise<StoreUnderTest> {
  let running = start();
  const endpoint = url.replace(/^https?:\/\//, '');
  const store: StoreUnderTest = {
    kind,
    endpoint,
    url,
    dataDir,
    process: () => running,
    stop: () => running.stop(),
    kill: () => running.kill(),
    async restart() {
      await running.stop();
      running = start();
      await waitUntilServing(endpoint, running);
    },
    async destroy() {
      await running.stop();
      await folder?.remove();
    },
  };
  if (!noWait) {
    try {
      await waitUntilServing(endpoint, running);
    } catch (err) {
      await store.destroy();
      throw err;
    }
  }
  return store;
}

/** Resolves once the store at `endpoint` answers a Status call; fails at once if the process exits. */
export async function waitUntilServing(endpoint: string, running: RunningProcess): Promise<void> {
  let exited = false;
  const exit = running.exited.then((code) => {
    exited = true;
    throw new Error(`the store exited (code ${code}) before serving:\n${running.output()}`);
  });
  const serving = waitFor(
    async () => {
      if (exited) return true;
      const client = new Etcd3({ hosts: endpoint, dialTimeout: 500 });
      try {
        await client.maintenance.status();
        return true;
      } finally {
        client.close();
      }
    },
    { what: `a store to serve on ${endpoint}`, timeoutMs: 30_000, intervalMs: 50 },
  ).catch((err: Error) => {
    throw new Error(`${err.message}\n--- output ---\n${running.output()}`);
  });
  await Promise.race([serving, exit]);
  // Keep the exit promise from failing unobserved once the store is serving.
  exit.catch(() => undefined);
}
