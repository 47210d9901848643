// Liveness, readiness (the store answers and has a leader) and Prometheus metrics, at the root.
import { z } from 'zod';
import type { RoutePlugin } from '../context.js';

const readiness = z.object({
  ready: z.boolean(),
  version: z.string(),
  store: z.object({ revision: z.number().optional(), error: z.string().optional() }),
});

export const healthRoutes: RoutePlugin = (app, { client, metrics, version }) => {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['health'],
        summary: 'The process is up',
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
      config: { access: { kind: 'public' } },
    },
    async () => ({ ok: true as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        summary: 'The server can serve: its etcd answers',
        response: { 200: readiness, 503: readiness },
      },
      config: { access: { kind: 'public' } },
    },
    async (_request, reply) => {
      try {
        const revision = await client.currentRevision();
        return { ready: true, version, store: { revision } };
      } catch (err) {
        return reply.code(503).send({
          ready: false,
          version,
          store: { error: `etcd does not answer (${(err as Error).message.slice(0, 200)})` },
        });
      }
    },
  );

  app.get(
    '/metrics',
    {
      schema: { tags: ['health'], summary: 'Prometheus metrics', hide: true },
      config: { access: { kind: 'public' } },
    },
    async (_request, reply) => {
      reply.header('content-type', metrics.registry.contentType);
      return metrics.registry.metrics();
    },
  );
};
