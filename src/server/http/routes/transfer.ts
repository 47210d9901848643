// A directory exported as YAML, JSON, TOML, env or properties (sealed values left out), and a
// document imported into it as one change (dryRun: preview).
import { z } from 'zod';
import { documentFormats } from '../../../render/index.js';
import { exportDirectory, importDocument } from '../../config/transfer.js';
import { author } from '../audit.js';
import { changeSchema, diffEntrySchema, messageField } from '../config-schemas.js';
import type { RoutePlugin } from '../context.js';
import { errorSchema, guardedErrors } from '../schemas.js';

const format = z.enum(documentFormats as unknown as [string, ...string[]]);
const dirOf = (request: { params: unknown }) => `${(request.params as { name: string }).name}/`;

export const transferRoutes: RoutePlugin = (app, { client }) => {
  app.get(
    '/directories/:name/export',
    {
      schema: {
        tags: ['directories'],
        summary: 'The directory as a document; sealed values are left out and listed in omitted',
        params: z.object({ name: z.string().min(1).max(255) }),
        querystring: z.object({ format: format.default('yaml') }),
        response: {
          200: z.object({
            format: z.string(),
            content: z.string(),
            omitted: z.array(z.string()),
            revision: z.number().int(),
          }),
          422: errorSchema,
          ...guardedErrors,
        },
      },
      config: { access: { kind: 'action', action: 'read', keys: (r) => [dirOf(r)] } },
    },
    async (request) => {
      const { format: f } = request.query;
      return { format: f, ...(await exportDirectory(client, request.params.name, f as never)) };
    },
  );

  app.post(
    '/directories/:name/import',
    {
      schema: {
        tags: ['directories'],
        summary:
          'Publish a document into the directory as one change (prune: delete keys it lacks, sealed ones excepted)',
        params: z.object({ name: z.string().min(1).max(255) }),
        body: z.object({
          format,
          content: z.string(),
          prune: z.boolean().default(false),
          message: messageField,
          dryRun: z.boolean().default(false),
        }),
        response: {
          200: z.object({ entries: z.array(diffEntrySchema), change: changeSchema.optional() }),
          409: errorSchema,
          413: errorSchema,
          422: errorSchema,
          ...guardedErrors,
        },
      },
      config: { access: { kind: 'action', action: 'publish', keys: (r) => [dirOf(r)] }, audit: 'import' },
    },
    async (request) => {
      const { format: f, content, prune, message, dryRun } = request.body;
      const result = await importDocument(
        client,
        request.params.name,
        { format: f as never, content, prune },
        author(request, message ?? ''),
        { dryRun },
      );
      request.auditDetail = {
        format: f,
        dryRun,
        ...(result.change ? { revision: result.change.revision } : {}),
      };
      return result;
    },
  );
};
