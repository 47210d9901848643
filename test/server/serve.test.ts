// `setpoint serve` as a user runs it: the HTTP API over the embedded store or over an existing etcd
// shared by several serve processes, the first admin's password shown once, HTTPS, and the refusals
// (a weak SETPOINT_ADMIN_PASSWORD, a taken port, wrong flags) with exit status 2.
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { request } from 'node:https';
import { createServer, type Server } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connect, currentLeader, type EtcdClient } from '../../src/etcd/index.js';
import { AUDIT_PREFIX, auditPath, paddedRevision } from '../../src/keyspace/index.js';
import { caller } from '../support/api.js';
import { freePort, tempFolder } from '../support/ports.js';
import { type RunningProcess, startProcess } from '../support/process.js';
import { repoRoot, type StoreUnderTest, setpointCommand, startEtcd } from '../support/stores.js';
import { makeTestCertificates } from '../support/tls-certificates.js';
import { waitFor } from '../support/wait.js';

/** A `setpoint serve` process, with its stdout (the banner) and stderr (the log) kept apart. */
interface Serve {
  readonly process: RunningProcess;
  readonly httpPort: number;
  stdout(): string;
  stderr(): string;
}

const processes: RunningProcess[] = [];
const clients: EtcdClient[] = [];
const cleanups: (() => Promise<unknown>)[] = [];
let folder: string;

beforeAll(async () => {
  const made = await tempFolder('serve-http');
  folder = made.path;
  cleanups.push(made.remove);
});
afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await Promise.all(processes.map((running) => running.stop()));
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** Spawns `setpoint serve ARGS` with its own HTTP port (unless ARGS name one). */
async function spawnServe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Serve> {
  const httpPort = await freePort();
  const http = args.includes('--http-listen') ? [] : ['--http-listen', `127.0.0.1:${httpPort}`];
  const [command, commandArgs] = setpointCommand(['serve', ...http, ...args]);
  const running = startProcess(command, commandArgs, env);
  processes.push(running);
  let out = '';
  let err = '';
  running.child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString('utf8');
  });
  running.child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8');
  });
  return { process: running, httpPort, stdout: () => out, stderr: () => err };
}

/** Spawns serve and waits for its banner; fails with its output if it exits first. */
async function startServe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Serve> {
  const serve = await spawnServe(args, env);
  let started = false;
  const exited = serve.process.exited.then((code) => {
    if (!started) throw new Error(`serve exited ${code} before its banner`);
  });
  const banner = waitFor(() => serve.stdout().includes('Stop with Ctrl-C.'), {
    what: 'serve to print its banner',
    timeoutMs: 60_000,
  });
  try {
    await Promise.race([banner, exited]);
    started = true;
  } catch (error) {
    throw new Error(`${(error as Error).message}\n--- output ---\n${serve.process.output()}`);
  }
  return serve;
}

/** Runs serve expecting it to refuse to start; its exit status and output. */
async function refusedServe(args: string[], env: NodeJS.ProcessEnv = {}) {
  const serve = await spawnServe(args, env);
  const code = await serve.process.exited;
  return { code, stdout: serve.stdout(), stderr: serve.stderr() };
}

/** Embedded-store flags: data in a new folder under the test's, the etcd API on a free port. */
async function embedded(name: string): Promise<{ args: string[]; dataDir: string; etcdPort: number }> {
  const etcdPort = await freePort();
  const dataDir = join(folder, name, 'store');
  return {
    args: ['--data-dir', dataDir, '--listen-client-urls', `http://127.0.0.1:${etcdPort}`, '--no-backups'],
    dataDir,
    etcdPort,
  };
}

function generatedPassword(serve: Serve): string | undefined {
  return /admin password: +(\S+)/.exec(serve.stdout())?.[1];
}

function signIn(url: string, password: string) {
  return caller(url, undefined).post('/api/v1/session', { user: 'admin', password });
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/** One banner line: the label, its colon, padded to the value column. */
function row(label: string, value: string): string {
  return `  ${`${label}:`.padEnd(17)}${value}\n`;
}

const webBuilt = ['dist/web', 'web/dist'].some((path) => existsSync(join(repoRoot, path)));

describe('with the embedded store', () => {
  let serve: Serve;
  let store: Awaited<ReturnType<typeof embedded>>;
  let url: string;

  beforeAll(async () => {
    store = await embedded('embedded');
    // Debug logging: the password must not appear in any log line, however detailed.
    serve = await startServe(store.args, { SETPOINT_LOG_LEVEL: 'debug', SETPOINT_ADMIN_PASSWORD: '' });
    url = `http://127.0.0.1:${serve.httpPort}`;
  });

  test('the banner says where the API and etcd are, and shows a generated admin password once', async () => {
    const out = serve.stdout();
    expect(out).toContain('Setpoint is running.\n');
    expect(out).toContain(
      row(webBuilt ? 'web UI and API' : 'API', `${url}  (API reference: ${url}/api/reference)`),
    );
    expect(out.includes('web UI and API:')).toBe(webBuilt);
    expect(out).toContain(
      row(
        'etcd API',
        `http://127.0.0.1:${store.etcdPort}  (try: etcdctl --endpoints 127.0.0.1:${store.etcdPort} put hello world)`,
      ),
    );
    expect(out).toContain(row('data', store.dataDir));
    expect(out).toContain(row('history', 'recorded (setpoint history KEY)'));
    expect(out).toContain(row('backups', 'off'));
    const password = generatedPassword(serve);
    expect(password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(out.split(password!).length - 1).toBe(1);
    expect(serve.stderr()).not.toContain(password);
  });

  test('the API answers: health, readiness, and sign-in with the printed password', async () => {
    const anonymous = caller(url, undefined);
    expect((await anonymous.get('/healthz')).status).toBe(200);
    const ready = await anonymous.get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body.ready).toBe(true);
    const session = await signIn(url, generatedPassword(serve)!);
    expect(session.status).toBe(200);
    expect(session.body.user.name).toBe('admin');
    expect((await signIn(url, 'not the admin password')).status).toBe(401);
    expect(serve.stderr()).not.toContain(generatedPassword(serve));
  });

  test('SIGTERM stops it with status 0 and frees both ports; a restart keeps the admin and prints no password', async () => {
    const password = generatedPassword(serve)!;
    serve.process.child.kill('SIGTERM');
    expect(await serve.process.exited).toBe(0);
    expect(await portIsFree(serve.httpPort)).toBe(true);
    expect(await portIsFree(store.etcdPort)).toBe(true);

    const again = await startServe(store.args);
    expect(again.stdout()).not.toContain('admin password');
    expect((await signIn(`http://127.0.0.1:${again.httpPort}`, password)).status).toBe(200);
    await again.process.stop();
  });
});

describe('with SETPOINT_ADMIN_PASSWORD', () => {
  test('a strong one is the admin password, never printed; a listener beyond loopback without TLS is warned about', async () => {
    const password = 'three unrelated words for serve';
    const store = await embedded('given-password');
    const httpPort = await freePort();
    const serve = await startServe([...store.args, '--http-listen', `0.0.0.0:${httpPort}`], {
      SETPOINT_ADMIN_PASSWORD: password,
      SETPOINT_LOG_LEVEL: 'debug',
    });
    expect(serve.stdout()).not.toContain('admin password');
    expect(serve.process.output()).not.toContain(password);
    expect(serve.stderr()).toContain(
      `setpoint serve: warning: the HTTP API listens on 0.0.0.0:${httpPort} without TLS`,
    );
    expect((await signIn(`http://127.0.0.1:${httpPort}`, password)).status).toBe(200);
    await serve.process.stop();
  });

  test('a weak one refuses the start with the policy, status 2, and nothing left behind', async () => {
    const store = await embedded('weak-password');
    const refused = await refusedServe(store.args, { SETPOINT_ADMIN_PASSWORD: 'short' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      'setpoint serve: SETPOINT_ADMIN_PASSWORD: the password is refused: it has 5 characters and at least 12 are needed',
    );
    expect(refused.stdout).not.toContain('Setpoint is running');
    expect(existsSync(join(folder, 'weak-password'))).toBe(false);
    expect(await portIsFree(store.etcdPort)).toBe(true);
  });
});

describe('with --etcd, two serve processes on one etcd', () => {
  let etcd: StoreUnderTest;
  let client: EtcdClient;
  let serves: Serve[];

  beforeAll(async () => {
    etcd = await startEtcd();
    cleanups.push(() => etcd.destroy());
    client = await connect({ endpoints: etcd.endpoint });
    clients.push(client);
    const backups = join(folder, 'cluster-backups');
    // An audit entry from 400 days ago and one from yesterday, there before the servers start.
    for (const daysAgo of [400, 1]) {
      const id = paddedRevision((Date.now() - daysAgo * 24 * 60 * 60 * 1000) * 1000);
      await client.etcd.put(auditPath(id)).value(JSON.stringify({ daysAgo })).exec();
    }
    const args = ['--etcd', etcd.url, '--backup-target', `file:${backups}`, '--delta-interval', 'off'];
    serves = await Promise.all([startServe(args), startServe(args)]);
  });

  test('one of them prunes the audit log to its retention (365 days by default)', async () => {
    const entries = async () =>
      Object.values(await client.etcd.getAll().prefix(AUDIT_PREFIX).strings()).map(
        (text) => (JSON.parse(text) as { daysAgo?: number }).daysAgo,
      );
    await waitFor(async () => !(await entries()).includes(400), { what: 'the 400-day-old entry to go' });
    expect(await entries()).toContain(1);
  });

  test('both answer; exactly one made the admin and printed its password, which signs in at both', async () => {
    for (const serve of serves) {
      expect(serve.stdout()).toContain(
        row('etcd API', `${etcd.url}  (an existing etcd; no embedded store runs)`),
      );
      const ready = await caller(`http://127.0.0.1:${serve.httpPort}`, undefined).get('/readyz');
      expect(ready.status).toBe(200);
    }
    const printed = serves.map(generatedPassword).filter((p) => p !== undefined);
    expect(printed).toHaveLength(1);
    for (const serve of serves) {
      expect((await signIn(`http://127.0.0.1:${serve.httpPort}`, printed[0]!)).status).toBe(200);
    }
  });

  test('one holds the history recorder role; killed with -9, the other takes it over; SIGTERM exits 0 and resigns', async () => {
    const candidates = serves.map((serve) => `${hostname()}/${serve.process.child.pid}`);
    const leader = await waitFor(
      async () => {
        const current = await currentLeader(client, 'history-recorder');
        return current !== undefined && candidates.includes(current) && current;
      },
      { what: 'a history recorder leader among the two', timeoutMs: 30_000 },
    );
    const leading = serves[candidates.indexOf(leader)]!;
    const other = serves.find((serve) => serve !== leading)!;
    await leading.process.kill();
    // The dead leader's lease lasts its TTL (10 s); then the other is elected.
    await waitFor(
      async () => (await currentLeader(client, 'history-recorder')) === candidates[serves.indexOf(other)],
      { what: 'the other serve to take the history recorder over', timeoutMs: 60_000, intervalMs: 250 },
    );
    expect((await caller(`http://127.0.0.1:${other.httpPort}`, undefined).get('/readyz')).status).toBe(200);

    // A clean stop resigns: the role is free at once, not after the lease's TTL.
    other.process.child.kill('SIGTERM');
    expect(await other.process.exited).toBe(0);
    expect(await currentLeader(client, 'history-recorder')).toBeUndefined();
  }, 120_000);
});

test('--tls-cert and --tls-key serve the API over HTTPS', async () => {
  const certificates = join(folder, 'certificates');
  await mkdir(certificates);
  const tls = await makeTestCertificates(certificates);
  const store = await embedded('https');
  const serve = await startServe([...store.args, '--tls-cert', tls.serverCert, '--tls-key', tls.serverKey]);
  const url = `https://127.0.0.1:${serve.httpPort}`;
  expect(serve.stdout()).toContain(
    row(webBuilt ? 'web UI and API' : 'API', `${url}  (API reference: ${url}/api/reference)`),
  );
  expect(serve.stderr()).not.toContain('warning');
  const ca = await readFile(tls.caCert);
  const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const get = request(`${url}/healthz`, { ca }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => {
        body += chunk.toString('utf8');
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    get.on('error', reject);
    get.end();
  });
  expect(answer).toEqual({ status: 200, body: '{"ok":true}' });
  await serve.process.stop();
});

test('a taken HTTP port refuses the start with status 2, naming the address and the flag; the store is stopped', async () => {
  const port = await freePort();
  const holder: Server = createServer();
  await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => holder.close(resolve)));
  const store = await embedded('port-taken');
  const refused = await refusedServe([...store.args, '--http-listen', `127.0.0.1:${port}`]);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain(
    `setpoint serve: cannot listen for HTTP on 127.0.0.1:${port}: another program listens there; ` +
      'choose another address with --http-listen HOST:PORT (or SETPOINT_HTTP_LISTEN)',
  );
  expect(refused.stdout).not.toContain('Setpoint is running');
  expect(await portIsFree(store.etcdPort)).toBe(true);
});

test('wrong flag combinations refuse the start with status 2 and say what to change', async () => {
  const store = await embedded('wrong-flags');
  const [certificateAlone, storeFlagWithEtcd, clientFlagWithoutEtcd, auditRetention] = await Promise.all([
    refusedServe([...store.args, '--tls-cert', join(folder, 'missing.crt')]),
    refusedServe(['--etcd', '127.0.0.1:1', '--data-dir', store.dataDir]),
    refusedServe([...store.args, '--cacert', join(folder, 'missing.crt')]),
    refusedServe([...store.args, '--audit-retention', '1y']),
  ]);
  expect(auditRetention.code).toBe(2);
  expect(auditRetention.stderr).toContain(
    "--audit-retention '1y' is not a number of days: give whole days (e.g. 365), or 'off'",
  );
  expect(certificateAlone.code).toBe(2);
  expect(certificateAlone.stderr).toContain('--tls-cert was given alone: HTTPS needs both');
  expect(storeFlagWithEtcd.code).toBe(2);
  expect(storeFlagWithEtcd.stderr).toContain(
    '--data-dir is for the embedded store, and with --etcd none starts',
  );
  expect(clientFlagWithoutEtcd.code).toBe(2);
  expect(clientFlagWithoutEtcd.stderr).toContain('--cacert is for an existing etcd, named with --etcd URLS');
  expect(existsSync(join(folder, 'wrong-flags'))).toBe(false);
});
