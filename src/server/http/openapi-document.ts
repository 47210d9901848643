// The API's OpenAPI document without a running server: the web UI's client is generated from it.
import { Etcd3 } from 'etcd3';
import { EtcdClient } from '../../etcd/client.js';
import { createLogger } from '../../log/logger.js';
import { LoginLimiter } from '../auth/index.js';
import { buildApi } from './app.js';
import { HttpMetrics } from './metrics.js';
import { ROUTES } from './routes/index.js';

/**
 * The document `GET /api/openapi.json` serves, built from the route schemas alone: the app is built
 * over an etcd client that is never asked anything, and closed.
 *
 * @example
 * const document = await openApiDocument('0.1.0');
 */
export async function openApiDocument(version: string): Promise<unknown> {
  const logger = createLogger('openapi');
  // Port 9 (discard) on loopback: nothing is dialled unless a request is made, and none is.
  const etcd = new Etcd3({ hosts: '127.0.0.1:9' });
  const client = new EtcdClient(etcd, [], logger);
  const app = await buildApi(
    {
      client,
      logger,
      loginLimiter: new LoginLimiter(),
      metrics: new HttpMetrics(),
      secureCookies: false,
      version,
    },
    ROUTES,
  );
  try {
    return app.swagger();
  } finally {
    await app.close();
    etcd.close();
  }
}
