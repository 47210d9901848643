// The audit log, newest first, a page at a time (admin on everything).
import { z } from 'zod';
import { readAudit } from '../../auth/index.js';
import type { RoutePlugin } from '../context.js';
import { guardedErrors } from '../schemas.js';

/** Most entries one page holds (what the audit store reads at most at once). */
const MAX_PAGE = 1000;

const entryId = z.string().regex(/^\d{20}$/, 'an audit entry id is 20 digits, as a page’s next gives it');

const auditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(100).describe('entries per page (1 to 1000)'),
  before: entryId.optional().describe("the previous page's next: entries older than it"),
});

const auditEntry = z.object({
  id: entryId,
  when: z.string(),
  who: z.string().describe("the user name, or 'anonymous'"),
  action: z.string().describe('e.g. login, user.create, token.revoke'),
  where: z.string().describe('the key, directory or user concerned'),
  from: z.string().describe('the client address'),
  outcome: z.enum(['success', 'failure', 'denied']),
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  revision: z
    .number()
    .int()
    .optional()
    .describe("the etcd revision it was written at: a change's own revision"),
});

export const auditRoutes: RoutePlugin = (app, { client }) => {
  app.get(
    '/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'Audit log entries, newest first (admin on everything)',
        querystring: auditQuery,
        response: {
          200: z.object({
            entries: z.array(auditEntry),
            next: entryId.nullable().describe('pass as before for the next page; null on the last page'),
          }),
          ...guardedErrors,
        },
      },
      config: { access: { kind: 'action', action: 'admin', keys: () => [''] } },
    },
    async (request) => {
      const { limit, before } = request.query;
      // One entry more than asked tells whether another page follows.
      const read = await readAudit(client, { limit: Math.min(limit + 1, MAX_PAGE), before });
      const entries = read.slice(0, limit);
      const more = read.length > limit || (limit === MAX_PAGE && read.length === MAX_PAGE);
      return { entries, next: more ? entries.at(-1)!.id : null };
    },
  );
};
