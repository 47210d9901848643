// `setpoint etcd`: only the embedded etcd-compatible store, with etcd's flag names.
import { type Command, InvalidArgumentError } from 'commander';
import { createLogger } from '../log/logger.js';
import {
  DataFolderError,
  defaultStoreOptions,
  type EmbeddedStore,
  StoreConfigError,
  type StoreOptions,
  startEmbeddedStore,
} from '../store/index.js';

export interface EtcdFlags {
  name: string;
  dataDir: string;
  listenClientUrls: string;
  advertiseClientUrls?: string;
  initialAdvertisePeerUrls: string;
  listenMetricsUrls?: string;
  certFile?: string;
  keyFile?: string;
  trustedCaFile?: string;
  clientCertAuth: boolean;
  maxRequestBytes: number;
  quotaBackendBytes: number;
  maxTxnOps: number;
  experimentalWatchProgressNotifyInterval?: number;
}

const urls = (list: string) =>
  list
    .split(',')
    .map((u) => u.trim())
    .filter((u) => u.length > 0);

function positiveInt(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n <= 0)
      throw new InvalidArgumentError(`${flag} takes a positive whole number of bytes`);
    return n;
  };
}

/** etcd writes durations as 10m, 5s, 100ms. */
function duration(value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(value);
  if (!match)
    throw new InvalidArgumentError(`'${value}' is not a duration: write it as 100ms, 5s, 10m or 1h`);
  const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] as 'ms' | 's' | 'm' | 'h'];
  return Number(match[1]) * factor;
}

function bool(value: string | undefined): boolean {
  if (value === undefined || value === 'true') return true;
  if (value === 'false') return false;
  throw new InvalidArgumentError(`'${value}' is not true or false`);
}

/** Adds the store's flags to a command; `serve` shares them. */
export function addStoreFlags(command: Command, dataDirDefault: string): Command {
  return command
    .option('--name <name>', 'member name shown in the member list', defaultStoreOptions.name)
    .option('--data-dir <path>', 'folder that holds the store', dataDirDefault)
    .option(
      '--listen-client-urls <urls>',
      'comma-separated URLs to serve gRPC clients on (https:// needs --cert-file and --key-file)',
      defaultStoreOptions.listenClientUrls.join(','),
    )
    .option('--advertise-client-urls <urls>', 'client URLs to tell clients about (default: the listen URLs)')
    .option(
      '--initial-advertise-peer-urls <urls>',
      'peer URLs shown in the member list (the store has no peers; etcd clients expect the field)',
      defaultStoreOptions.initialAdvertisePeerUrls.join(','),
    )
    .option('--listen-metrics-urls <urls>', 'comma-separated http:// URLs serving /metrics and /health')
    .option('--cert-file <path>', 'TLS certificate of the client listeners')
    .option('--key-file <path>', 'TLS private key of the client listeners')
    .option('--trusted-ca-file <path>', 'CA that client certificates must chain to')
    .option(
      '--client-cert-auth [bool]',
      'require a client certificate signed by --trusted-ca-file',
      bool,
      false,
    )
    .option(
      '--max-request-bytes <bytes>',
      'largest request a client may send',
      positiveInt('--max-request-bytes'),
      defaultStoreOptions.maxRequestBytes,
    )
    .option(
      '--quota-backend-bytes <bytes>',
      'size of the store past which writes are refused',
      positiveInt('--quota-backend-bytes'),
      defaultStoreOptions.quotaBackendBytes,
    )
    .option(
      '--max-txn-ops <n>',
      'most operations in one transaction branch',
      positiveInt('--max-txn-ops'),
      128,
    )
    .option(
      '--experimental-watch-progress-notify-interval <duration>',
      'interval between progress notifications to watches that asked for them (default 10m)',
      duration,
    );
}

export function storeOptionsFrom(flags: EtcdFlags): StoreOptions {
  const listen = urls(flags.listenClientUrls);
  return {
    name: flags.name,
    dataDir: flags.dataDir,
    listenClientUrls: listen,
    advertiseClientUrls: flags.advertiseClientUrls ? urls(flags.advertiseClientUrls) : listen,
    initialAdvertisePeerUrls: urls(flags.initialAdvertisePeerUrls),
    listenMetricsUrls: flags.listenMetricsUrls ? urls(flags.listenMetricsUrls) : [],
    certFile: flags.certFile,
    keyFile: flags.keyFile,
    trustedCaFile: flags.trustedCaFile,
    clientCertAuth: flags.clientCertAuth,
    maxRequestBytes: flags.maxRequestBytes,
    quotaBackendBytes: flags.quotaBackendBytes,
    maxTxnOps: flags.maxTxnOps,
  };
}

/** Starts the store from parsed flags; on a refusal prints the reason and exits 1. */
export async function runStore(
  flags: EtcdFlags,
  hooks: { beforeStop?: () => Promise<void> } = {},
): Promise<EmbeddedStore> {
  const log = createLogger('store');
  // The store's files hold configuration and sealed secrets: readable by this user only.
  process.umask(0o077);
  try {
    const running = await startEmbeddedStore(storeOptionsFrom(flags), {
      log,
      progressNotifyIntervalMs: flags.experimentalWatchProgressNotifyInterval,
    });
    stopOnSignal(running, hooks.beforeStop);
    return running;
  } catch (err) {
    if (err instanceof DataFolderError || err instanceof StoreConfigError) {
      process.stderr.write(`setpoint: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

function stopOnSignal(running: EmbeddedStore, beforeStop?: () => Promise<void>): void {
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    // What runs on the store (history, backups) stops first, while the store still serves it.
    const first = beforeStop === undefined ? Promise.resolve() : beforeStop().catch(() => {});
    first
      .then(() => running.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

export function etcdCommand(program: Command): void {
  const command = program
    .command('etcd')
    .description(
      'run only the embedded store: a durable single-member server speaking the etcd v3 gRPC API\n' +
        '(etcdctl and any etcd client library use it as they use etcd)',
    );
  addStoreFlags(command, defaultStoreOptions.dataDir).action(async (flags: EtcdFlags) => {
    await runStore(flags);
  });
}
