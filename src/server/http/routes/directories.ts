// Directories: list (each with what the caller may do there), create with a description and
// recipients, read, describe, delete (refused when it holds keys unless ?force=true), and the
// changes published in it.

import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { allowedActions } from '../../auth/index.js';
import { readChanges } from '../../config/changes.js';
import {
  createDirectory,
  type DirectoryInfo,
  deleteDirectory,
  listDirectoryInfos,
  readDirectoryInfo,
  updateDirectory,
} from '../../config/directories.js';
import { allowed, principalOf } from '../access.js';
import { author } from '../audit.js';
import { changeSchema, directorySchema, messageField } from '../config-schemas.js';
import type { RoutePlugin } from '../context.js';
import { errorSchema, guardedErrors, ifMatchRevision } from '../schemas.js';

const nameParams = z.object({ name: z.string().min(1).max(255) });
const dirOf = (request: FastifyRequest) => `${(request.params as { name: string }).name}/`;

function withAllowed(request: FastifyRequest, info: DirectoryInfo) {
  return { ...info, allowed: allowedActions(principalOf(request).user.grants, `${info.name}/`) };
}

export const directoriesRoutes: RoutePlugin = (app, { client }) => {
  app.get(
    '/directories',
    {
      schema: {
        tags: ['directories'],
        summary: 'Every directory the caller may read',
        response: { 200: z.object({ directories: z.array(directorySchema) }), ...guardedErrors },
      },
      config: { access: { kind: 'signed-in' } },
    },
    async (request) => {
      const all = await listDirectoryInfos(client);
      return {
        directories: all
          .filter((d) => allowed(request, 'read', `${d.name}/`))
          .map((d) => withAllowed(request, d)),
      };
    },
  );

  app.post(
    '/directories',
    {
      schema: {
        tags: ['directories'],
        summary:
          'Create a directory with a description and the recipients its sensitive values are sealed to',
        body: z.object({
          name: z.string().min(1).max(255),
          description: z.string().max(2000).optional(),
          recipients: z
            .array(z.string().min(1).max(64))
            .max(50)
            .optional()
            .describe('names of registered public keys'),
        }),
        response: { 201: directorySchema, 404: errorSchema, 409: errorSchema, ...guardedErrors },
      },
      config: {
        access: { kind: 'action', action: 'write', keys: (r) => [`${(r.body as { name: string }).name}/`] },
        audit: 'directory.create',
      },
    },
    async (request, reply) => {
      const { directory, change } = await createDirectory(client, request.body, author(request));
      request.auditDetail = { revision: change.revision };
      return reply.code(201).send(withAllowed(request, directory));
    },
  );

  app.get(
    '/directories/:name',
    {
      schema: {
        tags: ['directories'],
        summary: "A directory's metadata and key count",
        params: nameParams,
        response: { 200: directorySchema, 404: errorSchema, ...guardedErrors },
      },
      config: { access: { kind: 'action', action: 'read', keys: (r) => [dirOf(r)] } },
    },
    async (request) => withAllowed(request, await readDirectoryInfo(client, request.params.name)),
  );

  app.patch(
    '/directories/:name',
    {
      schema: {
        tags: ['directories'],
        summary: "Change a directory's description or recipients; If-Match: its modRevision",
        params: nameParams,
        body: z.object({
          description: z.string().max(2000).optional(),
          recipients: z.array(z.string().min(1).max(64)).max(50).optional(),
        }),
        response: { 200: directorySchema, 404: errorSchema, 409: errorSchema, ...guardedErrors },
      },
      config: {
        access: { kind: 'action', action: 'publish', keys: (r) => [dirOf(r)] },
        audit: 'directory.update',
      },
    },
    async (request) => {
      const updated = await updateDirectory(
        client,
        request.params.name,
        { ...request.body, expect: ifMatchRevision(request.headers['if-match']) },
        author(request),
      );
      return withAllowed(request, updated);
    },
  );

  app.delete(
    '/directories/:name',
    {
      schema: {
        tags: ['directories'],
        summary:
          'Delete a directory; refused while it holds keys unless ?force=true (then its keys go with it, as one change)',
        params: nameParams,
        querystring: z.object({ force: z.enum(['true', 'false']).optional(), message: messageField }),
        response: {
          200: z.object({ name: z.string(), revision: z.number().int(), deletedKeys: z.number().int() }),
          404: errorSchema,
          409: errorSchema,
          ...guardedErrors,
        },
      },
      config: {
        access: { kind: 'action', action: 'publish', keys: (r) => [dirOf(r)] },
        audit: 'directory.delete',
      },
    },
    async (request) => {
      const change = await deleteDirectory(
        client,
        request.params.name,
        { force: request.query.force === 'true' },
        { ...author(request), ...(request.query.message ? { message: request.query.message } : {}) },
      );
      request.auditDetail = { revision: change.revision, keys: change.keys.length };
      return { name: request.params.name, revision: change.revision, deletedKeys: change.keys.length };
    },
  );

  app.get(
    '/directories/:name/changes',
    {
      schema: {
        tags: ['directories'],
        summary: 'The changes published in a directory, newest first (who, when, message, revision, keys)',
        params: nameParams,
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(1000).default(100),
          before: z
            .string()
            .regex(/^\d{20}$/)
            .optional()
            .describe('the id of the last change of the previous page'),
        }),
        response: {
          200: z.object({ changes: z.array(changeSchema), next: z.string().optional() }),
          ...guardedErrors,
        },
      },
      config: { access: { kind: 'action', action: 'read', keys: (r) => [dirOf(r)] } },
    },
    async (request) => {
      const { limit, before } = request.query;
      const changes = await readChanges(client, request.params.name, { limit, before });
      return { changes, ...(changes.length === limit ? { next: changes.at(-1)!.id } : {}) };
    },
  );
};
