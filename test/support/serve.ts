// A real `setpoint serve` for the web UI tests: the embedded store in a temporary folder, the HTTP
// API and the built UI on free loopback ports, an admin with a known password.
import { join } from 'node:path';
import { generateKeyPair } from '../../src/crypto/index.js';
import { connect } from '../../src/etcd/index.js';
import { addRecipientKey } from '../../src/keyspace/index.js';
import { ADMIN_PASSWORD, type Caller, caller } from './api.js';
import { freePort, tempFolder } from './ports.js';
import { type RunningProcess, startProcess } from './process.js';
import { setpointCommand } from './stores.js';
import { waitFor } from './wait.js';

export interface ServeUnderTest {
  /** Where the UI and the API answer, e.g. http://127.0.0.1:20123. */
  readonly url: string;
  /** The embedded store's etcd endpoint (for agents and checks made beside the API). */
  readonly etcdEndpoint: string;
  /** The data folder (store, local backups). */
  readonly dataDir: string;
  readonly process: RunningProcess;
  /** API calls as `admin`, with an API token, for setting a test up. */
  readonly admin: Caller;
  /** Registers a new X25519 public key as recipient NAME (for directories that seal values). */
  addRecipient(name: string): Promise<void>;
  /** Everything serve wrote to stdout and stderr so far (its log included). */
  output(): string;
  stop(): Promise<void>;
}

export interface StartServeOptions {
  /** Extra `setpoint serve` flags, e.g. `['--no-backups']`. */
  readonly args?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * Starts `setpoint serve` and waits for its banner; fails with its output when it exits first.
 *
 * @example
 * const serve = await startServe();
 * await page.goto(serve.url);
 */
export async function startServe(options: StartServeOptions = {}): Promise<ServeUnderTest> {
  const folder = await tempFolder('serve-web');
  const httpPort = await freePort();
  const etcdPort = await freePort();
  const dataDir = join(folder.path, 'data');
  const [command, args] = setpointCommand([
    'serve',
    '--http-listen',
    `127.0.0.1:${httpPort}`,
    '--data-dir',
    dataDir,
    '--listen-client-urls',
    `http://127.0.0.1:${etcdPort}`,
    ...(options.args ?? []),
  ]);
  const running = startProcess(command, args, { SETPOINT_ADMIN_PASSWORD: ADMIN_PASSWORD, ...options.env });
  const stop = async () => {
    await running.stop();
    await folder.remove();
  };
  let started = false;
  const exited = running.exited.then((code) => {
    if (!started) throw new Error(`serve exited with status ${code} before its banner`);
  });
  try {
    await Promise.race([
      waitFor(() => running.output().includes('Stop with Ctrl-C.'), {
        what: 'serve to print its banner',
        timeoutMs: 60_000,
      }),
      exited,
    ]);
    started = true;
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- output ---\n${running.output()}`);
  }
  const url = `http://127.0.0.1:${httpPort}`;
  const login = await caller(url, undefined).post('/api/v1/session', {
    user: 'admin',
    password: ADMIN_PASSWORD,
    token: { name: 'web tests' },
  });
  if (login.status !== 200) {
    await stop();
    throw new Error(`admin could not get a token: ${login.status} ${login.text}`);
  }
  return {
    url,
    etcdEndpoint: `127.0.0.1:${etcdPort}`,
    dataDir,
    process: running,
    admin: caller(url, login.body.token),
    output: () => running.output(),
    async addRecipient(name) {
      const client = await connect({ endpoints: `127.0.0.1:${etcdPort}` });
      try {
        await addRecipientKey(client, name, (await generateKeyPair('x25519')).publicKey);
      } finally {
        await client.close();
      }
    },
    stop,
  };
}
