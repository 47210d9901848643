// What every route plugin is given: the etcd client, the logger and the server's shared parts.
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { BackupServiceOptions } from '../../backup/backup-service.js';
import type { EtcdClient } from '../../etcd/index.js';
import type { Logger } from '../../log/logger.js';
import type { LoginLimiter } from '../auth/index.js';
import type { HttpMetrics } from './metrics.js';

/**
 * The server's shared parts, built once by `buildApi` and handed to each route plugin.
 *
 * @example
 * export const keyRoutes: RoutePlugin = (app, { client }) => { app.get('/keys/*', ...) };
 */
export interface ApiContext {
  readonly client: EtcdClient;
  readonly logger: Logger;
  readonly loginLimiter: LoginLimiter;
  readonly metrics: HttpMetrics;
  /** Whether session cookies are marked Secure (the server speaks HTTPS). */
  readonly secureCookies: boolean;
  /** Setpoint's version, for the OpenAPI document and /readyz. */
  readonly version: string;
  /** Where backups go and how serve makes them; absent when serve runs with --no-backups. */
  readonly backups?: BackupServiceOptions;
}

/** A Fastify instance whose route schemas are zod schemas (requests typed from them). */
export type Api = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/**
 * One resource's routes, registered under `/api/v1`.
 *
 * @example
 * export const healthRoutes: RoutePlugin = (app) => { app.get('/healthz', ...) };
 */
export type RoutePlugin = (app: Api, context: ApiContext) => void | Promise<void>;
