// The agent's own small HTTP endpoint: /healthz (the agent runs; every unit's status as JSON),
// /readyz (every unit has applied or found its file in place, and follows etcd), /metrics.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AgentMetrics } from './metrics.js';
import type { UnitStatus } from './unit-status.js';

/**
 * The running endpoint.
 *
 * @example
 * const server = await startAgentHttpServer({ host: '127.0.0.1', port: 9464 }, { metrics, statuses });
 * await server.close();
 */
export interface AgentHttpServer {
  readonly address: { host: string; port: number };
  close(): Promise<void>;
}

/**
 * Listens on `listen` (port 0 picks a free one).
 *
 * @example
 * await startAgentHttpServer({ host: '127.0.0.1', port: 0 }, { metrics, statuses: () => [] });
 */
export async function startAgentHttpServer(
  listen: { host: string; port: number },
  deps: { metrics: AgentMetrics; statuses: () => UnitStatus[] },
): Promise<AgentHttpServer> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(`${JSON.stringify(body)}\n`);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      json(405, { error: 'only GET' });
      return;
    }
    if (path === '/healthz') {
      json(200, { units: deps.statuses() });
    } else if (path === '/readyz') {
      const units = deps.statuses();
      const ready = units.every((unit) => unit.appliedRevision !== null && unit.etcdConnected);
      json(ready ? 200 : 503, { ready, units });
    } else if (path === '/metrics') {
      deps.metrics.registry.metrics().then(
        (text) => {
          response.writeHead(200, { 'content-type': deps.metrics.registry.contentType });
          response.end(text);
        },
        (error: Error) => json(500, { error: error.message }),
      );
    } else {
      json(404, { error: `no ${path}: try /healthz, /readyz or /metrics` });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    address: { host: address.address, port: address.port },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
