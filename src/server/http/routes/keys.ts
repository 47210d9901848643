// Keys: read one (or every key under a prefix ending in '/'), put and delete one, each change
// published with its record; `If-Match: <mod_revision>` makes a change conditional (409 otherwise).
import { z } from 'zod';
import { deleteKey, putKey, readKey, readTree } from '../../config/keys.js';
import { author } from '../audit.js';
import { keyViewSchema, messageField, revisionQuery } from '../config-schemas.js';
import type { RoutePlugin } from '../context.js';
import { errorSchema, guardedErrors, ifMatchRevision } from '../schemas.js';

const keyOf = (request: { params: unknown }) => (request.params as { '*': string })['*'];
const params = z.object({ '*': z.string().describe("the key, or a prefix ending in '/' to list") });
const written = z.object({
  key: z.string(),
  revision: z.number().int().describe("the revision of the change; the key's new mod_revision"),
  sealed: z.boolean(),
});

export const keysRoutes: RoutePlugin = (app, { client }) => {
  app.get(
    '/keys/*',
    {
      schema: {
        tags: ['keys'],
        summary: "Read a key, or every key under a prefix ending in '/'",
        params,
        querystring: z.object({ revision: revisionQuery.optional() }),
        response: {
          200: z.union([
            keyViewSchema,
            z.object({ revision: z.number().int(), keys: z.array(keyViewSchema) }),
          ]),
          404: errorSchema,
          ...guardedErrors,
        },
      },
      config: { access: { kind: 'action', action: 'read', keys: (r) => [keyOf(r)] } },
    },
    async (request, reply) => {
      const key = keyOf(request);
      const { revision } = request.query;
      if (key.endsWith('/')) return readTree(client, key, revision);
      const view = await readKey(client, key, revision);
      reply.header('etag', `"${view.modRevision}"`);
      return view;
    },
  );

  app.put(
    '/keys/*',
    {
      schema: {
        tags: ['keys'],
        summary:
          'Put a key (sealed when sensitive); If-Match: <mod_revision> to put only if unchanged (0: only if new)',
        params,
        body: z.object({
          value: z.string(),
          sensitive: z
            .boolean()
            .optional()
            .describe("seal it with the directory's recipients; default: sealed if it is sealed now"),
          message: messageField,
        }),
        response: { 200: written, 409: errorSchema, 413: errorSchema, ...guardedErrors },
      },
      config: { access: { kind: 'action', action: 'write', keys: (r) => [keyOf(r)] }, audit: 'key.put' },
    },
    async (request, reply) => {
      const key = keyOf(request);
      const change = await putKey(
        client,
        {
          key,
          value: request.body.value,
          sensitive: request.body.sensitive,
          expect: ifMatchRevision(request.headers['if-match']),
        },
        author(request, request.body.message ?? ''),
      );
      request.auditDetail = { revision: change.revision };
      reply.header('etag', `"${change.revision}"`);
      return { key, revision: change.revision, sealed: change.keys[0]?.sealed ?? false };
    },
  );

  app.delete(
    '/keys/*',
    {
      schema: {
        tags: ['keys'],
        summary: 'Delete a key; If-Match: <mod_revision> to delete only if unchanged',
        params,
        querystring: z.object({ message: messageField }),
        response: {
          200: z.object({ key: z.string(), revision: z.number().int() }),
          404: errorSchema,
          409: errorSchema,
          ...guardedErrors,
        },
      },
      config: { access: { kind: 'action', action: 'write', keys: (r) => [keyOf(r)] }, audit: 'key.delete' },
    },
    async (request) => {
      const key = keyOf(request);
      const change = await deleteKey(
        client,
        { key, expect: ifMatchRevision(request.headers['if-match']) },
        author(request, request.query.message ?? ''),
      );
      request.auditDetail = { revision: change.revision };
      return { key, revision: change.revision };
    },
  );
};
