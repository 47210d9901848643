// History: a key's changes and a directory's (grouped by revision) with who made them, across
// etcd's compaction; diffs between two revisions; rollback to a revision as a new change.
import { z } from 'zod';
import { diffRevisions, directoryHistory, keyHistory, rollback } from '../../config/history.js';
import { author } from '../audit.js';
import { changeSchema, diffEntrySchema, messageField, revisionQuery } from '../config-schemas.js';
import type { RoutePlugin } from '../context.js';
import { errorSchema, guardedErrors } from '../schemas.js';

const keyEntry = z.object({
  revision: z.number().int(),
  action: z.enum(['put', 'delete']),
  sealed: z.boolean(),
  value: z.string().optional(),
  truncated: z.boolean(),
  at: z.string(),
  user: z.string().optional(),
  message: z.string().optional(),
  source: z.string().optional(),
});
const directoryEntry = z.object({
  revision: z.number().int(),
  at: z.string(),
  user: z.string().optional(),
  message: z.string().optional(),
  source: z.string().optional(),
  keys: z
    .array(z.object({ key: z.string(), action: z.enum(['put', 'delete']), sealed: z.boolean() }))
    .readonly(),
});
const pathOf = (request: { params: unknown }) => (request.params as { '*': string })['*'];
const historyErrors = { 404: errorSchema, 410: errorSchema, ...guardedErrors };

export const historyRoutes: RoutePlugin = (app, { client }) => {
  app.get(
    '/history/*',
    {
      schema: {
        tags: ['history'],
        summary:
          "A key's changes, or (path ending in '/') a directory's changes grouped by revision; newest first",
        params: z.object({ '*': z.string() }),
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(1000).default(100),
          before: revisionQuery
            .optional()
            .describe("only changes before this revision (the previous page's next)"),
        }),
        response: {
          200: z.union([
            z.object({ key: z.string(), entries: z.array(keyEntry), next: z.number().int().optional() }),
            z.object({
              directory: z.string(),
              entries: z.array(directoryEntry),
              next: z.number().int().optional(),
            }),
          ]),
          ...historyErrors,
        },
      },
      config: { access: { kind: 'action', action: 'read', keys: (r) => [pathOf(r)] } },
    },
    async (request) => {
      const path = pathOf(request);
      const { limit, before } = request.query;
      if (path.endsWith('/'))
        return { directory: path, ...(await directoryHistory(client, path, { limit, before })) };
      return { key: path, ...(await keyHistory(client, path, { limit, before })) };
    },
  );

  app.get(
    '/diff',
    {
      schema: {
        tags: ['history'],
        summary: "What changed for a key or a prefix ending in '/' between two revisions (to: default now)",
        querystring: z.object({ path: z.string().min(1), from: revisionQuery, to: revisionQuery.optional() }),
        response: {
          200: z.object({
            path: z.string(),
            from: z.number().int(),
            to: z.number().int(),
            entries: z.array(diffEntrySchema),
          }),
          ...historyErrors,
        },
      },
      config: {
        access: { kind: 'action', action: 'read', keys: (r) => [(r.query as { path: string }).path] },
      },
    },
    async (request) => {
      const { path, from, to } = request.query;
      return { path, ...(await diffRevisions(client, path, from, to)) };
    },
  );

  app.post(
    '/rollback',
    {
      schema: {
        tags: ['history'],
        summary:
          "Put a key or a prefix ending in '/' back as it was at a revision, as a new change (dryRun: preview)",
        body: z.object({
          path: z.string().min(1),
          revision: z.number().int().min(1),
          message: messageField,
          dryRun: z.boolean().default(false),
        }),
        response: {
          200: z.object({ entries: z.array(diffEntrySchema), change: changeSchema.optional() }),
          409: errorSchema,
          ...historyErrors,
        },
      },
      config: {
        access: { kind: 'action', action: 'publish', keys: (r) => [(r.body as { path: string }).path] },
        audit: 'rollback',
      },
    },
    async (request) => {
      const { path, revision, message, dryRun } = request.body;
      const result = await rollback(client, path, revision, author(request, message ?? ''), { dryRun });
      request.auditDetail = {
        toRevision: revision,
        dryRun,
        ...(result.change ? { revision: result.change.revision } : {}),
      };
      return result;
    },
  );
};
