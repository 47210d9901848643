// The audit log, newest first, a page at a time (admin on everything), optionally only the entries
// of one user, action (or family of actions), place or outcome.
import { z } from 'zod';
import { type AuditEntry, readAudit } from '../../auth/index.js';
import type { RoutePlugin } from '../context.js';
import { guardedErrors } from '../schemas.js';

/** Most entries one page holds (what the audit store reads at most at once). */
const MAX_PAGE = 1000;
/**
 * Most entries one filtered page looks at: a filter matching little must not read the whole log in
 * one request. The page then ends early and its `next` continues the search.
 */
const MAX_SCAN = 10_000;

const entryId = z.string().regex(/^\d{20}$/, 'an audit entry id is 20 digits, as a page’s next gives it');

const auditQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE).default(100).describe('entries per page (1 to 1000)'),
  before: entryId.optional().describe("the previous page's next: entries older than it"),
  who: z.string().min(1).max(64).optional().describe("only this user's entries (or 'anonymous')"),
  action: z
    .string()
    .min(1)
    .max(128)
    .optional()
    .describe("only this action, e.g. 'token.create'; ending in '.', a family: 'user.'"),
  where: z
    .string()
    .min(1)
    .max(1024)
    .optional()
    .describe("only entries about what starts with this: a key, 'hack/', a user name"),
  outcome: z.enum(['success', 'failure', 'denied']).optional().describe('only entries that ended so'),
});

type AuditQuery = z.infer<typeof auditQuery>;

/** Whether the entry is one the query's filters ask for. */
function wanted(entry: AuditEntry, query: AuditQuery): boolean {
  const { who, action, where, outcome } = query;
  return (
    (who === undefined || entry.who === who) &&
    (action === undefined ||
      entry.action === action ||
      (action.endsWith('.') && entry.action.startsWith(action))) &&
    (where === undefined || entry.where.startsWith(where)) &&
    (outcome === undefined || entry.outcome === outcome)
  );
}

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
            scanned: z
              .number()
              .int()
              .describe('entries looked at for this page (more than it holds when filtered)'),
          }),
          ...guardedErrors,
        },
      },
      config: { access: { kind: 'action', action: 'admin', keys: () => [''] } },
    },
    async (request) => {
      const { limit, before } = request.query;
      const filtered = ['who', 'action', 'where', 'outcome'].some(
        (name) => request.query[name as keyof AuditQuery] !== undefined,
      );
      if (!filtered) {
        // One entry more than asked tells whether another page follows.
        const read = await readAudit(client, { limit: Math.min(limit + 1, MAX_PAGE), before });
        const entries = read.slice(0, limit);
        const more = read.length > limit || (limit === MAX_PAGE && read.length === MAX_PAGE);
        return { entries, next: more ? entries.at(-1)!.id : null, scanned: entries.length };
      }
      // Filtered: read older and older entries until the page is full, the log ends, or MAX_SCAN
      // entries were looked at; `next` is the last entry looked at, so the next page goes on from it.
      const entries: AuditEntry[] = [];
      let cursor = before;
      let scanned = 0;
      let ended = false;
      while (entries.length < limit && scanned < MAX_SCAN && !ended) {
        const asked = Math.min(MAX_PAGE, MAX_SCAN - scanned);
        const batch = await readAudit(client, { limit: asked, before: cursor });
        ended = batch.length < asked;
        for (const entry of batch) {
          scanned += 1;
          cursor = entry.id;
          if (wanted(entry, request.query)) entries.push(entry);
          if (entries.length === limit) {
            ended = ended && entry === batch.at(-1);
            break;
          }
        }
      }
      return { entries, next: ended || cursor === undefined ? null : cursor, scanned };
    },
  );
};
