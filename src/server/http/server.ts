// The HTTP server of `setpoint serve`: builds the API over an etcd client and listens.
import { readFile } from 'node:fs/promises';
import type { BackupServiceOptions } from '../../backup/backup-service.js';
import type { EtcdClient } from '../../etcd/index.js';
import type { Logger } from '../../log/logger.js';
import { LoginLimiter } from '../auth/index.js';
import { buildApi } from './app.js';
import type { ApiContext } from './context.js';
import { HttpMetrics } from './metrics.js';
import { ROUTES } from './routes/index.js';

/**
 * Where and how the API listens.
 *
 * @example
 * await startApiServer(client, { listen: '127.0.0.1:8420', logger, version });
 */
export interface ApiServerOptions {
  /** `HOST:PORT`; port 0 picks a free one. */
  readonly listen: string;
  readonly logger: Logger;
  readonly version: string;
  /** PEM files: the server then speaks HTTPS only. */
  readonly tls?: { readonly certFile: string; readonly keyFile: string };
  readonly loginLimiter?: LoginLimiter;
  /** The backups serve makes, for the backup routes. */
  readonly backups?: BackupServiceOptions;
}

/**
 * A listening API server.
 *
 * @example
 * const server = await startApiServer(client, options);
 * console.log(server.url); // http://127.0.0.1:8420
 * await server.close();
 */
export interface ApiServer {
  readonly url: string;
  readonly context: ApiContext;
  /** Every route under /api as `METHOD /url`. */
  readonly routes: readonly string[];
  close(): Promise<void>;
}

/**
 * Builds the API and listens on `options.listen`.
 *
 * @example
 * const server = await startApiServer(client, { listen: '127.0.0.1:0', logger, version: '0.1.0' });
 */
export async function startApiServer(client: EtcdClient, options: ApiServerOptions): Promise<ApiServer> {
  const { host, port } = parseListen(options.listen);
  const https =
    options.tls === undefined
      ? undefined
      : { cert: await readFile(options.tls.certFile), key: await readFile(options.tls.keyFile) };
  const context: ApiContext = {
    client,
    logger: options.logger,
    loginLimiter: options.loginLimiter ?? new LoginLimiter(),
    metrics: new HttpMetrics(),
    secureCookies: https !== undefined,
    version: options.version,
    ...(options.backups !== undefined ? { backups: options.backups } : {}),
  };
  const app = await buildApi(context, ROUTES, https === undefined ? {} : { https });
  await app.listen({ host, port });
  const address = app.server.address();
  const boundPort = typeof address === 'object' && address !== null ? address.port : port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `${https === undefined ? 'http' : 'https'}://${shownHost}:${boundPort}`,
    context,
    routes: app.apiRoutes,
    close: () => app.close(),
  };
}

/**
 * Splits `HOST:PORT` (`[::1]:8420` for IPv6); throws a TypeError saying what to write.
 *
 * @example
 * parseListen('127.0.0.1:8420'); // { host: '127.0.0.1', port: 8420 }
 */
export function parseListen(text: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text);
  const port = match === null ? Number.NaN : Number(match[3]);
  if (match === null || port > 65535) {
    throw new TypeError(`'${text}' is not HOST:PORT (e.g. 127.0.0.1:8420, or [::1]:8420)`);
  }
  return { host: (match[1] ?? match[2])!, port };
}
