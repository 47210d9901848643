// Compare two directories key by key, and copy (promote) one into the other as one change,
// previewed first: registry-test -> registry-production-1.0.
import { z } from 'zod';
import { compareDirectories, copyDirectory } from '../../config/promote.js';
import { authorize, principalOf } from '../access.js';
import { author } from '../audit.js';
import { changeSchema, diffEntrySchema, messageField } from '../config-schemas.js';
import type { RoutePlugin } from '../context.js';
import { errorSchema, guardedErrors } from '../schemas.js';

const dirName = z.string().min(1).max(255);

export const promoteRoutes: RoutePlugin = (app, { client }) => {
  app.get(
    '/compare',
    {
      schema: {
        tags: ['promote'],
        summary:
          "How directory 'to' differs from 'from' (paths relative to each; before: to's value, after: from's)",
        querystring: z.object({ from: dirName, to: dirName }),
        response: {
          200: z.object({ from: z.string(), to: z.string(), entries: z.array(diffEntrySchema) }),
          ...guardedErrors,
        },
      },
      config: {
        access: {
          kind: 'action',
          action: 'read',
          keys: (r) => {
            const q = r.query as { from: string; to: string };
            return [`${q.from}/`, `${q.to}/`];
          },
        },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      return { from, to, entries: await compareDirectories(client, from, to) };
    },
  );

  app.post(
    '/copy',
    {
      schema: {
        tags: ['promote'],
        summary:
          "Copy directory 'from' into 'to' as one change (paths: only these; prune: delete what 'from' lacks; dryRun: preview)",
        body: z.object({
          from: dirName,
          to: dirName,
          paths: z.array(z.string().min(1)).max(1000).optional(),
          prune: z.boolean().default(false),
          message: messageField,
          dryRun: z.boolean().default(false),
        }),
        response: {
          200: z.object({
            entries: z.array(diffEntrySchema),
            skipped: z.array(z.object({ path: z.string(), reason: z.string() })),
            change: changeSchema.optional(),
          }),
          409: errorSchema,
          413: errorSchema,
          ...guardedErrors,
        },
      },
      config: {
        access: {
          kind: 'action',
          action: 'publish',
          keys: (r) => [`${(r.body as { to: string }).to}/`],
        },
        audit: 'copy',
      },
    },
    async (request) => {
      const { from, to, paths, prune, message, dryRun } = request.body;
      authorize(principalOf(request), 'read', `${from}/`);
      const result = await copyDirectory(client, { from, to, paths, prune }, author(request, message ?? ''), {
        dryRun,
      });
      request.auditWhere = `${from}/ -> ${to}/`;
      request.auditDetail = { dryRun, ...(result.change ? { revision: result.change.revision } : {}) };
      return result;
    },
  );
};
