// Starts what `setpoint serve` runs, in order — the embedded store (unless --etcd), the etcd client,
// the HTTP API, the first admin, the singletons — and stops them in the order that loses nothing:
// the HTTP API first (requests in flight finish), then the singletons, the client, the store.
import { importBuiltinCatalog } from '../../catalog/store/index.js';
import { connect, type EtcdClient, EtcdClientError, type EtcdConnectOptions } from '../../etcd/index.js';
import { createLogger, type Logger } from '../../log/logger.js';
import { ensureAdmin } from '../../server/auth/index.js';
import { type ApiServer, parseListen, startApiServer } from '../../server/http/server.js';
import { startSingletons } from '../../server/singletons.js';
import type { EmbeddedStore } from '../../store/index.js';
import { runStore, type EtcdFlags as StoreFlags } from '../etcd.js';
import { version } from '../version.js';
import { bannerText, hasWebBuild, isLoopback } from './banner.js';
import type { ServePlan } from './plan.js';

/**
 * Exit statuses of `setpoint serve`.
 *
 * @example
 * process.exit(serveExitStatus.usage);
 */
export const serveExitStatus = { stopped: 0, failed: 1, usage: 2 } as const;

/** The parts above the store, each set once started and cleared once stopped. */
interface Parts {
  api?: ApiServer;
  singletons?: { stop(): Promise<void> };
  client?: EtcdClient;
}

/**
 * Runs `plan` until SIGINT or SIGTERM, then stops cleanly and exits 0. A start that fails stops
 * what already started and exits 2 (the HTTP address is taken, an etcd option is wrong) or 1.
 *
 * @example
 * await runServe(await planServe(flags, options), { passwordHint: 'sign in and change it' });
 */
export async function runServe(plan: ServePlan, { passwordHint }: { passwordHint: string }): Promise<void> {
  const logger = createLogger('serve');
  const parts: Parts = {};
  const stopAboveStore = () => stopParts(parts, logger);
  let store: EmbeddedStore | undefined;
  let connection: EtcdConnectOptions;
  if (plan.etcd.kind === 'embedded') {
    // runStore stops the store on a signal, after stopAboveStore.
    store = await runStore(plan.etcd.store, { beforeStop: stopAboveStore });
    connection = ownStoreConnection(store, plan.etcd.store);
  } else {
    stopOnSignal(stopAboveStore);
    connection = plan.etcd.connect;
  }
  const fail = async (message: string, status: number): Promise<never> => {
    process.stderr.write(`setpoint serve: ${message}\n`);
    await stopAboveStore();
    await store?.close().catch(() => undefined);
    process.exit(status);
  };

  const backups = plan.backups === undefined ? undefined : { ...plan.backups, logger };

  const client = await connect(connection).catch((err: unknown) =>
    fail(
      // connect names the flag it knows; serve's is --etcd.
      describe(err).replaceAll('from --endpoints', 'from --etcd'),
      isWrongEtcdOption(err) ? serveExitStatus.usage : serveExitStatus.failed,
    ),
  );
  parts.client = client;

  // The API listens before the first admin is made: were its port taken after a password was
  // generated, that password would be lost.
  const api = await startApiServer(client, {
    listen: plan.http.listen,
    logger,
    version,
    ...(plan.http.tls !== undefined ? { tls: plan.http.tls } : {}),
    ...(backups !== undefined ? { backups } : {}),
  }).catch((err: unknown) => fail(listenFailure(plan.http.listen, err), listenStatus(err)));
  parts.api = api;
  const { host } = parseListen(plan.http.listen);
  if (plan.http.tls === undefined && !isLoopback(host)) {
    process.stderr.write(
      `setpoint serve: warning: the HTTP API listens on ${plan.http.listen} without TLS, so passwords, ` +
        'session cookies and tokens cross the network in clear; give --tls-cert and --tls-key, or put a ' +
        'TLS proxy in front\n',
    );
  }

  const admin = await ensureAdmin(client, { password: plan.adminPassword }).catch((err: unknown) =>
    fail(`cannot create the first admin: ${describe(err)}`, serveExitStatus.failed),
  );
  if (admin.created) logger.info({ user: admin.name }, 'first start: created the first admin');
  else if (plan.adminPassword !== undefined) {
    logger.info('users exist already, so SETPOINT_ADMIN_PASSWORD is not used');
  }

  await importBuiltin(client, logger);

  parts.singletons = startSingletons(client, {
    history: plan.history,
    ...(backups !== undefined ? { backups } : {}),
    auditRetentionDays: plan.auditRetentionDays,
    logger,
  });

  process.stdout.write(
    bannerText({
      apiUrl: api.url,
      webUi: hasWebBuild(),
      etcd:
        plan.etcd.kind === 'embedded' && store !== undefined
          ? { kind: 'embedded', urls: store.clientUrls, dataDir: plan.etcd.store.dataDir }
          : { kind: 'cluster', endpoints: client.endpoints.map(showEndpoint).join(', ') },
      history: plan.history,
      ...(plan.backups !== undefined ? { backups: describeBackups(plan.backups, plan.deltaInterval) } : {}),
      adminPassword: admin.created ? admin.password : undefined,
      passwordHint,
    }),
  );
}

/**
 * Stores the built-in catalogue's chart versions the keyspace does not hold yet (never one it
 * holds). A failure is logged, not fatal: the server serves without them.
 */
async function importBuiltin(client: EtcdClient, logger: Logger): Promise<void> {
  try {
    for (const done of await importBuiltinCatalog(client)) {
      if (done.added.length > 0) {
        logger.info({ chart: done.chart, versions: done.added }, 'stored the built-in chart versions');
      }
    }
  } catch (err) {
    logger.error(
      { err: describe(err) },
      'cannot store the built-in catalogue; the server runs without it (setpoint catalog import can add charts)',
    );
  }
}

/** Stops the HTTP API, then the singletons, then the client; each once, a failure logged and passed. */
async function stopParts(parts: Parts, logger: Logger): Promise<void> {
  const step = async (what: string, stop: (() => Promise<void>) | undefined) => {
    try {
      await stop?.();
    } catch (err) {
      logger.warn({ err: describe(err) }, `cannot stop ${what} cleanly; stopping the rest`);
    }
  };
  const { api, singletons, client } = parts;
  delete parts.api;
  delete parts.singletons;
  delete parts.client;
  await step('the HTTP API', api && (() => api.close()));
  await step('the history recorder and backups', singletons && (() => singletons.stop()));
  await step('the etcd client', client && (() => client.close()));
}

/** For --etcd, where no store's signal handler runs: stop the parts, exit 0. */
function stopOnSignal(stop: () => Promise<void>): void {
  let stopping = false;
  const onSignal = () => {
    if (stopping) return;
    stopping = true;
    stop().then(
      () => process.exit(serveExitStatus.stopped),
      () => process.exit(serveExitStatus.failed),
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

/** serve's own connection to its embedded store: over TLS with the store's own files when it serves TLS. */
function ownStoreConnection(store: EmbeddedStore, flags: StoreFlags): EtcdConnectOptions {
  const endpoint = store.clientUrls[0]!;
  if (!endpoint.startsWith('https://')) return { endpoints: endpoint };
  const { trustedCaFile, certFile, keyFile } = flags;
  return {
    endpoints: endpoint,
    tls: {
      ...(trustedCaFile !== undefined ? { caFile: trustedCaFile } : {}),
      ...(certFile !== undefined ? { certFile } : {}),
      ...(keyFile !== undefined ? { keyFile } : {}),
    },
  };
}

function isWrongEtcdOption(err: unknown): boolean {
  return (
    err instanceof EtcdClientError &&
    [
      'ETCD_INVALID_ENDPOINT',
      'ETCD_INVALID_TLS_OPTIONS',
      'ETCD_TLS_FILE_UNREADABLE',
      'ETCD_INVALID_USER',
    ].includes(err.code)
  );
}

const listenProblems: Record<string, string> = {
  EADDRINUSE: 'another program listens there',
  EACCES: 'this user may not listen there (ports below 1024 need privileges)',
  EADDRNOTAVAIL: 'no network interface of this machine has that address',
};

function listenFailure(listen: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  const problem = code === undefined ? undefined : listenProblems[code];
  if (problem === undefined) return `cannot start the HTTP API on ${listen}: ${describe(err)}`;
  return `cannot listen for HTTP on ${listen}: ${problem}; choose another address with --http-listen HOST:PORT (or SETPOINT_HTTP_LISTEN)`;
}

function listenStatus(err: unknown): number {
  const code = (err as NodeJS.ErrnoException).code;
  return code !== undefined && code in listenProblems ? serveExitStatus.usage : serveExitStatus.failed;
}

function describeBackups(backups: NonNullable<ServePlan['backups']>, deltaInterval: string): string {
  const deltas = backups.deltaIntervalMs === false ? 'off' : `every ${deltaInterval}`;
  return `${backups.target.description}, full at '${backups.schedule}' UTC, deltas ${deltas}`;
}

function showEndpoint(endpoint: { scheme: string | undefined; address: string }): string {
  return endpoint.scheme === undefined ? endpoint.address : `${endpoint.scheme}://${endpoint.address}`;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
