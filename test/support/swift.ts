// Starts an all-in-one OpenStack Swift 2.30 (memcached, account, container and object servers,
// proxy with TempAuth) on free loopback ports in a temporary folder, as child processes, and stops
// and starts its parts for fault tests: the proxy alone, the storage servers (the proxy answers
// 503), or everything with memcached (a real restart: TempAuth's tokens are gone).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort, tempFolder } from './ports.js';
import { type RunningProcess, startProcess } from './process.js';
import { waitFor } from './wait.js';

const execFileAsync = promisify(execFile);

/** Debian's Python, the one that sees python3-swift and python3-swiftclient. */
const python = '/usr/bin/python3';
const serverLauncher = fileURLToPath(new URL('./swift-server.py', import.meta.url));

/** A TempAuth user: `account:user` and its key. */
export interface SwiftCredentials {
  user: string;
  key: string;
}

export interface SwiftUser extends SwiftCredentials {
  /** Member of `.admin`: owns its account (creates containers). Default true. */
  admin?: boolean;
}

export interface Swift {
  /** `http://127.0.0.1:PORT/auth/v1.0`, as `ST_AUTH` takes it. */
  readonly authUrl: string;
  /** `http://127.0.0.1:PORT` of the proxy. */
  readonly proxyUrl: string;
  /** `test:tester`, admin of account AUTH_test. */
  readonly user: string;
  readonly key: string;
  /** `http://127.0.0.1:PORT/v1/AUTH_test`. */
  readonly storageUrl: string;
  /** `test2:tester2`, admin of another account, AUTH_test2. */
  readonly otherUser: string;
  readonly otherKey: string;
  readonly otherStorageUrl: string;
  /** The temporary folder holding the configs, rings and devices. */
  readonly folder: string;
  /** Authenticates (TempAuth v1) and returns the token; the main user unless told another. */
  token(credentials?: SwiftCredentials): Promise<string>;
  /** Authenticates and returns the token and the storage URL. */
  authenticate(credentials?: SwiftCredentials): Promise<{ token: string; storageUrl: string }>;
  /**
   * Changes a user's key, as an operator rotating a password would: the old key and every token
   * issued so far stop working (the proxy restarts with the new TempAuth config and memcached,
   * which holds the tokens, is flushed).
   */
  setKey(user: string, key: string): Promise<void>;
  /**
   * Ends every token issued so far while keys stay as they are (the proxy restarts and memcached is
   * flushed), as a token expiring early would: a client must authenticate again.
   */
  invalidateTokens(): Promise<void>;
  /** Stops the proxy (nothing listens on its port, connections are refused); the rest keeps running. */
  stopProxy(): Promise<void>;
  /** Starts the proxy again on the same port and waits until it serves; nothing when it is running. */
  startProxy(): Promise<void>;
  /**
   * Stops storage servers (default all three: account, container, object) while the proxy runs:
   * the proxy answers requests that need them with 503.
   */
  stopStorage(kinds?: readonly StorageServerKind[]): Promise<void>;
  /** Starts the stopped storage servers again on their ports and waits until they serve. */
  startStorage(): Promise<void>;
  /**
   * Stops every server, memcached included (TempAuth keeps its tokens there, so every token issued
   * so far stops working), as a Swift restart or a machine reboot would; `startServers` brings them back.
   */
  stopServers(): Promise<void>;
  /** Starts memcached, the storage servers and the proxy again on their ports; waits until they serve. */
  startServers(): Promise<void>;
  /** `ST_AUTH`, `ST_USER`, `ST_KEY` for a user (the main one unless told another). */
  env(credentials?: SwiftCredentials): Record<'ST_AUTH' | 'ST_USER' | 'ST_KEY', string>;
  /** Runs the `swift` CLI of python3-swiftclient as a user; rejects with its stderr on failure. */
  cli(args: string[], credentials?: SwiftCredentials): Promise<{ stdout: string; stderr: string }>;
  /** What every server printed so far, for failure messages. */
  output(): string;
  /** Stops every server and removes the folder. */
  stop(): Promise<void>;
}

export interface SwiftOptions {
  /** TempAuth users; default `test:tester`/`testing` and `test2:tester2`/`testing2`, both admins. */
  users?: SwiftUser[];
}

const ringKinds = ['account', 'container', 'object'] as const;
export type StorageServerKind = (typeof ringKinds)[number];
type ServerKind = StorageServerKind | 'proxy';

/**
 * Starts Swift and waits until the proxy's `/healthcheck` answers and its first user authenticates.
 *
 * @example
 * const swift = await startSwift();
 * await swift.cli(['post', 'backups']);
 * const { stdout } = await swift.cli(['list', 'backups']);
 * await swift.stop();
 */
export async function startSwift(options: SwiftOptions = {}): Promise<Swift> {
  const users = new Map(
    (
      options.users ?? [
        { user: 'test:tester', key: 'testing' },
        { user: 'test2:tester2', key: 'testing2' },
      ]
    ).map((u) => [u.user, { ...u }]),
  );
  const [first, second] = [...users.values()];
  if (first === undefined) throw new TypeError('startSwift needs at least one user');

  const folder = await tempFolder('swift');
  const path = (name: string) => join(folder.path, name);
  const ports = {
    memcached: await freePort(),
    account: await freePort(),
    container: await freePort(),
    object: await freePort(),
    proxy: await freePort(),
  };
  const proxyUrl = `http://127.0.0.1:${ports.proxy}`;
  const authUrl = `${proxyUrl}/auth/v1.0`;

  await mkdir(path('devices/d1'), { recursive: true });
  await writeFile(path('swift.conf'), swiftConf());
  for (const kind of ringKinds) {
    await writeFile(path(`${kind}-server.conf`), storageServerConf(kind, ports[kind], folder.path));
  }
  const writeProxyConf = () =>
    writeFile(path('proxy-server.conf'), proxyServerConf(ports.proxy, ports.memcached, folder.path, users));
  await writeProxyConf();
  await Promise.all(ringKinds.map((kind) => buildRing(folder.path, kind, ports[kind])));

  const processes = new Map<string, RunningProcess>();
  const startServer = (kind: ServerKind) => {
    const running = startProcess(python, [
      serverLauncher,
      folder.path,
      path(`${kind}-server.conf`),
      `${kind}-server`,
    ]);
    processes.set(kind, running);
    return running;
  };
  const memcachedUser = userInfo().username;
  const startMemcached = () =>
    processes.set(
      'memcached',
      // -U 0: no UDP listener; -u: memcached refuses to run as root without being told which user.
      startProcess('memcached', [
        '-l',
        '127.0.0.1',
        '-p',
        String(ports.memcached),
        '-U',
        '0',
        '-m',
        '64',
        '-u',
        memcachedUser,
      ]),
    );
  startMemcached();
  for (const kind of [...ringKinds, 'proxy'] as const) startServer(kind);

  /** What servers stopped on purpose printed, newest last (their processes leave `processes`). */
  const stoppedOutput: string[] = [];
  const stopServer = async (kind: ServerKind | 'memcached') => {
    const running = processes.get(kind);
    if (running === undefined) return;
    await running.stop();
    processes.delete(kind);
    stoppedOutput.push(`--- ${kind} (stopped) ---\n${running.output().slice(-4000)}`);
    if (stoppedOutput.length > 8) stoppedOutput.shift();
  };
  const isRunning = (kind: string) => {
    const running = processes.get(kind);
    return running !== undefined && running.child.exitCode === null && running.child.signalCode === null;
  };

  const output = () =>
    [
      ...stoppedOutput,
      ...[...processes].map(([name, running]) => `--- ${name} ---\n${running.output().slice(-4000)}`),
    ].join('\n');
  const withOutput = async (start: () => Promise<void>) => {
    try {
      await start();
    } catch (err) {
      throw new Error(`${err instanceof Error ? err.message : String(err)}\n${output()}`);
    }
  };

  const authenticate = async (credentials: SwiftCredentials = first) => {
    const response = await fetch(authUrl, {
      headers: { 'x-auth-user': credentials.user, 'x-auth-key': credentials.key },
      signal: AbortSignal.timeout(5_000),
    });
    await response.arrayBuffer();
    const token = response.headers.get('x-auth-token');
    const storageUrl = response.headers.get('x-storage-url');
    if (response.status !== 200 || token === null || storageUrl === null) {
      throw new Error(`Swift TempAuth at ${authUrl} refused ${credentials.user}: ${response.status}`);
    }
    return { token, storageUrl };
  };

  const untilReady = async () => {
    await waitForTcp(ports.memcached, processes);
    for (const kind of [...ringKinds, 'proxy'] as const) {
      await waitForServing(`http://127.0.0.1:${ports[kind]}/healthcheck`, kind, processes);
    }
    return waitFor(() => authenticate(first), {
      what: `Swift to authenticate ${first.user}`,
      timeoutMs: 10_000,
    });
  };

  const stopAll = () => Promise.all([...processes.values()].map((p) => p.stop()));
  let firstAuth: { token: string; storageUrl: string };
  let secondAuth: { token: string; storageUrl: string } | undefined;
  try {
    firstAuth = await untilReady();
    secondAuth = second === undefined ? undefined : await authenticate(second);
  } catch (err) {
    const message = `${err instanceof Error ? err.message : String(err)}\n${output()}`;
    await stopAll();
    await folder.remove();
    throw new Error(message);
  }

  const credentialsOf = (credentials?: SwiftCredentials) => credentials ?? first;
  const swift: Swift = {
    authUrl,
    proxyUrl,
    user: first.user,
    get key() {
      return first.key;
    },
    storageUrl: firstAuth.storageUrl,
    otherUser: second?.user ?? first.user,
    get otherKey() {
      return (second ?? first).key;
    },
    otherStorageUrl: secondAuth?.storageUrl ?? firstAuth.storageUrl,
    folder: folder.path,
    authenticate,
    token: async (credentials) => (await authenticate(credentials)).token,
    async setKey(user, key) {
      const found = users.get(user);
      if (found === undefined)
        throw new TypeError(`no Swift user ${user}; users: ${[...users.keys()].join(', ')}`);
      found.key = key;
      await writeProxyConf();
      await stopServer('proxy');
      // TempAuth keeps its tokens in memcached: without this, tokens of the old key go on working.
      await flushMemcached(ports.memcached);
      await swift.startProxy();
      try {
        await waitFor(() => authenticate({ user, key }), { what: `Swift to accept the new key of ${user}` });
      } catch (err) {
        throw new Error(`${err instanceof Error ? err.message : String(err)}\n${output()}`);
      }
    },
    async invalidateTokens() {
      await stopServer('proxy');
      await flushMemcached(ports.memcached);
      await swift.startProxy();
    },
    async stopProxy() {
      await stopServer('proxy');
    },
    async startProxy() {
      // Idempotent: a second proxy would replace the first in `processes` and outlive stop().
      if (isRunning('proxy')) return;
      startServer('proxy');
      await withOutput(() => waitForServing(`${proxyUrl}/healthcheck`, 'proxy', processes));
    },
    async stopStorage(kinds = ringKinds) {
      await Promise.all(kinds.map(stopServer));
    },
    async startStorage() {
      const stopped = ringKinds.filter((kind) => !isRunning(kind));
      for (const kind of stopped) startServer(kind);
      await withOutput(async () => {
        for (const kind of stopped) {
          await waitForServing(`http://127.0.0.1:${ports[kind]}/healthcheck`, kind, processes);
        }
      });
    },
    async stopServers() {
      await stopServer('proxy');
      await Promise.all([...ringKinds, 'memcached' as const].map(stopServer));
    },
    async startServers() {
      if (!isRunning('memcached')) {
        startMemcached();
        await withOutput(() => waitForTcp(ports.memcached, processes));
      }
      await swift.startStorage();
      await swift.startProxy();
    },
    env: (credentials) => ({
      ST_AUTH: authUrl,
      ST_USER: credentialsOf(credentials).user,
      ST_KEY: credentialsOf(credentials).key,
    }),
    async cli(args, credentials) {
      // Only our credentials: OS_* variables would make swiftclient try Keystone.
      const env = Object.fromEntries(
        Object.entries(process.env).filter(([name]) => !/^(OS|ST)_/.test(name)),
      ) as NodeJS.ProcessEnv;
      try {
        return await execFileAsync('/usr/bin/swift', args, {
          env: { ...env, ...swift.env(credentials) },
          timeout: 30_000,
        });
      } catch (err) {
        const failed = err as Error & { stderr?: string };
        throw new Error(`swift ${args.join(' ')} failed: ${failed.stderr?.trim() || failed.message}`);
      }
    },
    output,
    async stop() {
      await stopAll();
      await folder.remove();
    },
  };
  return swift;
}

function swiftConf(): string {
  return [
    '[swift-hash]',
    `swift_hash_path_prefix = ${randomBytes(16).toString('hex')}`,
    `swift_hash_path_suffix = ${randomBytes(16).toString('hex')}`,
    '',
    '[storage-policy:0]',
    'name = Policy-0',
    'default = yes',
    '',
  ].join('\n');
}

/** [DEFAULT] settings every server shares. */
function defaults(port: number, swiftDir: string): string[] {
  return [
    '[DEFAULT]',
    'bind_ip = 127.0.0.1',
    `bind_port = ${port}`,
    // One process, no forked workers: stopping the child stops the server.
    'workers = 0',
    // Without it the servers switch to user swift, which does not own our folder.
    `user = ${userInfo().username}`,
    `swift_dir = ${swiftDir}`,
    'log_level = INFO',
  ];
}

function storageServerConf(kind: (typeof ringKinds)[number], port: number, swiftDir: string): string {
  return [
    ...defaults(port, swiftDir),
    `devices = ${join(swiftDir, 'devices')}`,
    // d1 is a plain folder, not a mounted disk.
    'mount_check = false',
    // Object writes fail with 507 when less than this share of the disk is free; a test
    // machine's disk may be nearly full, and nothing here is worth keeping space for.
    'fallocate_reserve = 0',
    '',
    '[pipeline:main]',
    `pipeline = healthcheck ${kind}-server`,
    '',
    `[app:${kind}-server]`,
    `use = egg:swift#${kind}`,
    '',
    '[filter:healthcheck]',
    'use = egg:swift#healthcheck',
    '',
  ].join('\n');
}

function proxyServerConf(
  port: number,
  memcachedPort: number,
  swiftDir: string,
  users: Map<string, SwiftUser>,
): string {
  const filters = [
    'catch_errors',
    'gatekeeper',
    'healthcheck',
    'proxy-logging',
    'cache',
    'listing_formats',
    'tempauth',
    'copy',
    // Lets a test set X-Container-Meta-Quota-Bytes on a container; nothing changes without it.
    'container-quotas',
    'slo',
    'dlo',
    'versioned_writes',
    'symlink',
  ];
  const tempauthUsers = [...users.values()].map((u) => {
    const [account, name] = u.user.split(':');
    if (account === undefined || name === undefined || account === '' || name === '') {
      throw new TypeError(`a Swift user is account:user, not ${u.user}`);
    }
    return `user_${account}_${name} = ${u.key}${u.admin === false ? '' : ' .admin'}`;
  });
  const filterUse: Record<string, string> = {
    cache: 'memcache',
    'proxy-logging': 'proxy_logging',
    'container-quotas': 'container_quotas',
  };
  return [
    ...defaults(port, swiftDir),
    '',
    '[pipeline:main]',
    // The order of Swift 2.30's sample proxy-server.conf, without what the tests do not use.
    `pipeline = ${filters.join(' ')} proxy-logging proxy-server`,
    '',
    '[app:proxy-server]',
    'use = egg:swift#proxy',
    'account_autocreate = true',
    // A storage server that refused connections is skipped for this long (default 60 s, after 10
    // errors): the fault tests start it again and expect it used at once, as after a real restart.
    'error_suppression_interval = 1',
    '',
    '[filter:tempauth]',
    'use = egg:swift#tempauth',
    ...tempauthUsers,
    '',
    '[filter:cache]',
    'use = egg:swift#memcache',
    `memcache_servers = 127.0.0.1:${memcachedPort}`,
    '',
    ...filters
      .filter((f) => f !== 'tempauth' && f !== 'cache')
      .flatMap((f) => [`[filter:${f}]`, `use = egg:swift#${filterUse[f] ?? f}`, '']),
  ].join('\n');
}

/** One device, one replica, 2^6 partitions: the smallest ring that works. */
async function buildRing(swiftDir: string, kind: string, port: number): Promise<void> {
  const builder = join(swiftDir, `${kind}.builder`);
  const ringBuilder = (...args: string[]) =>
    execFileAsync(python, ['/usr/bin/swift-ring-builder', builder, ...args], {
      cwd: swiftDir,
      timeout: 30_000,
    });
  await ringBuilder('create', '6', '1', '1');
  await ringBuilder('add', `r1z1-127.0.0.1:${port}/d1`, '1');
  await ringBuilder('rebalance');
}

function flushMemcached(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setTimeout(5_000, () =>
      socket.destroy(new Error(`memcached on port ${port} did not answer flush_all`)),
    );
    let answer = '';
    socket.on('connect', () => socket.write('flush_all\r\n'));
    socket.on('data', (data) => {
      answer += data.toString('utf8');
      if (answer.includes('\r\n')) {
        socket.end();
        if (answer.startsWith('OK')) resolve();
        else reject(new Error(`memcached answered flush_all with ${answer.trim()}`));
      }
    });
    socket.on('error', reject);
  });
}

/** Polls `check` until it holds; fails at once, naming it, if one of the processes has exited. */
async function waitWhileRunning(
  check: () => Promise<boolean>,
  what: string,
  processes: Map<string, RunningProcess>,
): Promise<void> {
  let exited: [string, RunningProcess] | undefined;
  await waitFor(
    async () => {
      exited = [...processes].find(([, p]) => p.child.exitCode !== null || p.child.signalCode !== null);
      return exited !== undefined || (await check());
    },
    { what, timeoutMs: 30_000, intervalMs: 50 },
  );
  if (exited !== undefined) {
    const [name, running] = exited;
    throw new Error(`Swift's ${name} exited (code ${running.child.exitCode}) while waiting for ${what}`);
  }
}

function waitForServing(url: string, name: string, processes: Map<string, RunningProcess>): Promise<void> {
  return waitWhileRunning(
    async () => {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      return response.status === 200 && (await response.text()) === 'OK';
    },
    `Swift's ${name} to answer ${url}`,
    processes,
  );
}

function waitForTcp(port: number, processes: Map<string, RunningProcess>): Promise<void> {
  return waitWhileRunning(
    () =>
      new Promise((resolve) => {
        const socket = connect({ host: '127.0.0.1', port });
        socket.once('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      }),
    `memcached to accept connections on port ${port}`,
    processes,
  );
}
