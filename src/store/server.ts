// Starts the embedded store: the MVCC store, leases, watches, the gRPC listeners and /metrics.
import { readFileSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import {
  type ChannelOptions,
  Server,
  ServerCredentials,
  type ServiceDefinition,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { createLogger, type Logger } from '../log/logger.js';
import { authService } from './grpc/auth.js';
import { clusterService } from './grpc/cluster.js';
import { GRPC_OVERHEAD_BYTES, type ServiceContext } from './grpc/context.js';
import { kvService } from './grpc/kv.js';
import { leaseService } from './grpc/lease.js';
import { maintenanceService } from './grpc/maintenance.js';
import { etcdServices } from './grpc/proto.js';
import { Http2GrpcServer } from './grpc/transport/index.js';
import { watchService } from './grpc/watch.js';
import { Lessor } from './lease/lessor.js';
import { StoreMetrics } from './metrics.js';
import { MvccStore } from './mvcc/store.js';
import type { StoreOptions } from './options.js';
import { WatchHub } from './watch/hub.js';

/** The shortest lease TTL etcd grants with its default heartbeat and election timeout. */
const MIN_LEASE_TTL_SECONDS = 2;
/** etcd's default interval between progress notifications. */
const PROGRESS_NOTIFY_INTERVAL_MS = 10 * 60 * 1000;

/** A listener address or TLS setting is wrong; the message names the flag. */
export class StoreConfigError extends Error {
  readonly code = 'STORE_CONFIG';
  constructor(message: string) {
    super(message);
    this.name = 'StoreConfigError';
  }
}

export interface EmbeddedStore {
  readonly store: MvccStore;
  /** The client URLs actually bound (with the real port when 0 was asked). */
  readonly clientUrls: string[];
  readonly metricsUrls: string[];
  close(): Promise<void>;
}

export interface StartStoreExtras {
  log?: Logger;
  /** Called when the store hits an error it cannot continue after (a failed commit). */
  onFatal?: (err: unknown) => void;
  progressNotifyIntervalMs?: number;
}

/**
 * Starts a durable single-member store that speaks etcd's v3 gRPC API.
 *
 * @example
 *   const running = await startEmbeddedStore({ ...defaultStoreOptions, dataDir: 'data' });
 *   // etcdctl --endpoints 127.0.0.1:2379 put a 1
 *   await running.close();
 */
export async function startEmbeddedStore(
  options: StoreOptions,
  extras: StartStoreExtras = {},
): Promise<EmbeddedStore> {
  const log = extras.log ?? createLogger('store');
  const listeners = options.listenClientUrls.map((url) => parseListenUrl(url, '--listen-client-urls'));
  const metricsListeners = options.listenMetricsUrls.map((url) =>
    parseListenUrl(url, '--listen-metrics-urls'),
  );
  const tls = tlsFiles(options, listeners);

  let metrics: StoreMetrics | undefined;
  const store = new MvccStore({
    dataDir: options.dataDir,
    quotaBackendBytes: options.quotaBackendBytes,
    onFatal: (err) => {
      log.fatal({ err }, 'a commit to disk failed; stopping so that no unsaved write is served');
      (extras.onFatal ?? (() => process.exit(1)))(err);
    },
    onCommit: (seconds) => metrics?.commitSeconds.observe(seconds),
  });
  const lessor = new Lessor(store, {
    minTtl: MIN_LEASE_TTL_SECONDS,
    checkIntervalMs: 500,
    onGranted: () => metrics?.leasesGranted.inc(),
    onRevoked: () => metrics?.leasesRevoked.inc(),
    onError: (err, lease) => log.error({ err, lease: lease.toString() }, 'could not revoke an expired lease'),
  });
  const hub = new WatchHub(store);
  metrics = new StoreMetrics({
    revision: () => store.revision,
    compactRevision: () => store.compactRevision,
    dbSize: () => store.size,
    dbSizeInUse: () => store.sizeInUse(),
    watchers: () => hub.watcherCount,
    keys: () => store.keyCount,
  });
  const ctx: ServiceContext = { store, lessor, hub, options, metrics, log };

  const maxReceive = options.maxRequestBytes + GRPC_OVERHEAD_BYTES;
  const server = createTransport({
    // Messages past etcd's limit reach the handlers, which refuse them with etcd's own wording.
    'grpc.max_receive_message_length': maxReceive * 4,
    'grpc.max_send_message_length': -1,
    'grpc.http2.min_ping_interval_without_data_ms': 5_000,
    'grpc.keepalive_permit_without_calls': 1,
    // gRPC's introspection service is not served; its bookkeeping would cost every call.
    'grpc.enable_channelz': 0,
  });
  const services = etcdServices();
  server.addService(services.KV, kvService(ctx));
  server.addService(
    services.Watch,
    watchService(ctx, extras.progressNotifyIntervalMs ?? PROGRESS_NOTIFY_INTERVAL_MS),
  );
  server.addService(services.Lease, leaseService(ctx));
  server.addService(services.Maintenance, maintenanceService(ctx));
  server.addService(services.Cluster, clusterService(ctx));
  server.addService(services.Auth, authService(ctx, services.Auth));

  const httpServers: HttpServer[] = [];
  const close = async () => {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => server.forceShutdown(), 2_000);
      server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
    await Promise.all(httpServers.map((s) => new Promise((resolve) => s.close(resolve))));
    lessor.close();
    await store.close();
  };

  try {
    const clientUrls: string[] = [];
    for (const listener of listeners) {
      const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync(
          `${listener.hostForGrpc}:${listener.port}`,
          listener.tls ? tls : undefined,
          (err, bound) =>
            err
              ? reject(new StoreConfigError(`cannot listen on ${listener.url}: ${err.message}`))
              : resolve(bound),
        ),
      );
      clientUrls.push(`${listener.tls ? 'https' : 'http'}://${listener.hostForGrpc}:${port}`);
    }
    const metricsUrls: string[] = [];
    for (const listener of metricsListeners) {
      const http = createServer((req, res) => {
        if (req.url === '/metrics') {
          metrics.registry.metrics().then(
            (text) => {
              res.writeHead(200, { 'content-type': metrics.registry.contentType });
              res.end(text);
            },
            (err: unknown) => {
              res.writeHead(500);
              res.end(String(err));
            },
          );
        } else if (req.url === '/health') {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ health: 'true', reason: '' }));
        } else {
          res.writeHead(404);
          res.end('not found: try /metrics or /health\n');
        }
      });
      httpServers.push(http);
      const port = await new Promise<number>((resolve, reject) => {
        http.once('error', (err) =>
          reject(new StoreConfigError(`cannot listen on ${listener.url}: ${err.message}`)),
        );
        http.listen(listener.port, listener.host, () => {
          const address = http.address();
          resolve(typeof address === 'object' && address ? address.port : listener.port);
        });
      });
      metricsUrls.push(`http://${listener.hostForGrpc}:${port}`);
    }
    log.info(
      { clientUrls, metricsUrls, dataDir: options.dataDir, revision: store.revision, keys: store.keyCount },
      'ready to serve client requests',
    );
    return { store, clientUrls, metricsUrls, close };
  } catch (err) {
    await close();
    throw err;
  }
}

interface Listener {
  url: string;
  tls: boolean;
  host: string;
  hostForGrpc: string;
  port: number;
}

function parseListenUrl(url: string, flag: string): Listener {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new StoreConfigError(`${flag}: '${url}' is not a URL; write it as http://127.0.0.1:2379`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new StoreConfigError(`${flag}: '${url}' must start with http:// or https://`);
  }
  if (parsed.port === '')
    throw new StoreConfigError(`${flag}: '${url}' has no port; write it as http://127.0.0.1:2379`);
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  return {
    url,
    tls: parsed.protocol === 'https:',
    host,
    hostForGrpc: host.includes(':') ? `[${host}]` : host,
    port: Number(parsed.port),
  };
}

/** The TLS material of the client listeners, read and checked at start. */
export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
  /** The CA client certificates must chain to; null when client certificates are not checked. */
  ca: Buffer | null;
  clientCertAuth: boolean;
}

/** What the store needs of a gRPC server; grpc-js's and the HTTP/2 transport provide the same. */
export interface GrpcTransport {
  addService(service: ServiceDefinition, implementation: UntypedServiceImplementation): void;
  bindAsync(
    address: string,
    tls: TlsFiles | undefined,
    callback: (err: Error | null, port: number) => void,
  ): void;
  tryShutdown(callback: (err?: Error) => void): void;
  forceShutdown(): void;
}

/** grpc-js's Server, taking TLS as files rather than as grpc-js credentials. */
class GrpcJsTransport implements GrpcTransport {
  private readonly server: Server;
  constructor(options: ChannelOptions) {
    this.server = new Server(options);
  }
  addService(service: ServiceDefinition, implementation: UntypedServiceImplementation): void {
    this.server.addService(service, implementation);
  }
  bindAsync(
    address: string,
    tls: TlsFiles | undefined,
    callback: (err: Error | null, port: number) => void,
  ): void {
    const credentials = tls
      ? ServerCredentials.createSsl(
          tls.ca,
          [{ cert_chain: tls.cert, private_key: tls.key }],
          tls.clientCertAuth,
        )
      : ServerCredentials.createInsecure();
    this.server.bindAsync(address, credentials, callback);
  }
  tryShutdown(callback: (err?: Error) => void): void {
    this.server.tryShutdown(callback);
  }
  forceShutdown(): void {
    this.server.forceShutdown();
  }
}

/**
 * The gRPC server: the store's own transport on node:http2 (about a quarter less CPU per call than
 * grpc-js's server, measured in docs/benchmarks.md), or grpc-js's with SETPOINT_GRPC_TRANSPORT=grpc-js.
 */
function createTransport(options: ChannelOptions): GrpcTransport {
  const kind = process.env.SETPOINT_GRPC_TRANSPORT ?? 'http2';
  if (kind === 'http2') return new Http2GrpcServer(options);
  if (kind === 'grpc-js') return new GrpcJsTransport(options);
  throw new StoreConfigError(
    `SETPOINT_GRPC_TRANSPORT=${kind} is not a transport; use http2 (the default) or grpc-js`,
  );
}

function tlsFiles(options: StoreOptions, listeners: Listener[]): TlsFiles | undefined {
  if (!listeners.some((l) => l.tls)) return undefined;
  if (!options.certFile || !options.keyFile) {
    throw new StoreConfigError(
      'https:// client URLs need a certificate: give --cert-file and --key-file (and --trusted-ca-file with --client-cert-auth)',
    );
  }
  if (options.clientCertAuth && !options.trustedCaFile) {
    throw new StoreConfigError(
      '--client-cert-auth needs --trusted-ca-file: the CA that client certificates must chain to',
    );
  }
  const read = (file: string, flag: string) => {
    try {
      return readFileSync(file);
    } catch (err) {
      throw new StoreConfigError(`${flag}: cannot read ${file}: ${(err as Error).message}`);
    }
  };
  return {
    cert: read(options.certFile, '--cert-file'),
    key: read(options.keyFile, '--key-file'),
    ca: options.trustedCaFile ? read(options.trustedCaFile, '--trusted-ca-file') : null,
    clientCertAuth: options.clientCertAuth,
  };
}
