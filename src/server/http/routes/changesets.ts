// Change sets: stage several puts and deletes in a directory, see them against the current state,
// publish them as one change (all or nothing, every key compared), or discard them.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  createChangeSet,
  discardChangeSet,
  listChangeSets,
  publishChangeSet,
  showChangeSet,
  stageChange,
  unstageChange,
} from '../../config/change-sets.js';
import { authorize, principalOf } from '../access.js';
import { author } from '../audit.js';
import { changeSchema, changeSetSchema, messageField } from '../config-schemas.js';
import type { RoutePlugin } from '../context.js';
import { errorSchema, guardedErrors, ifMatchRevision } from '../schemas.js';

const setParams = z.object({ name: z.string().min(1).max(255), id: z.string().min(1).max(64) });
const keyParams = setParams.extend({ '*': z.string().describe('the key path inside the directory') });
const dirOf = (request: FastifyRequest) => `${(request.params as { name: string }).name}/`;
const keyOf = (request: FastifyRequest) => {
  const params = request.params as { name: string; '*': string };
  return `${params.name}/${params['*']}`;
};
const errors = { 404: errorSchema, 409: errorSchema, 413: errorSchema, ...guardedErrors };

export const changesetsRoutes: RoutePlugin = (app, { client }) => {
  app.get(
    '/directories/:name/changesets',
    {
      schema: {
        tags: ['change sets'],
        summary: 'The change sets staged in a directory',
        params: z.object({ name: z.string().min(1).max(255) }),
        response: {
          200: z.object({
            changesets: z.array(
              z.object({
                id: z.string(),
                createdBy: z.string(),
                createdAt: z.string(),
                message: z.string(),
                keys: z.number().int(),
              }),
            ),
          }),
          ...guardedErrors,
        },
      },
      config: { access: { kind: 'action', action: 'read', keys: (r) => [dirOf(r)] } },
    },
    async (request) => ({
      changesets: (await listChangeSets(client, request.params.name)).map((d) => ({
        id: d.id,
        createdBy: d.createdBy,
        createdAt: d.createdAt,
        message: d.message,
        keys: d.changes.length,
      })),
    }),
  );

  app.post(
    '/directories/:name/changesets',
    {
      schema: {
        tags: ['change sets'],
        summary: 'Start a change set',
        params: z.object({ name: z.string().min(1).max(255) }),
        body: z.object({ message: messageField }).nullish(),
        response: { 201: changeSetSchema, ...errors },
      },
      config: {
        access: { kind: 'action', action: 'write', keys: (r) => [dirOf(r)] },
        audit: 'changeset.create',
      },
    },
    async (request, reply) => {
      const view = await createChangeSet(
        client,
        request.params.name,
        author(request, request.body?.message ?? ''),
      );
      request.auditWhere = `${request.params.name}/ changeset ${view.id}`;
      return reply.code(201).send(view);
    },
  );

  app.get(
    '/directories/:name/changesets/:id',
    {
      schema: {
        tags: ['change sets'],
        summary: 'A change set and its diff against the current state (conflicts marked)',
        params: setParams,
        response: { 200: changeSetSchema, ...errors },
      },
      config: { access: { kind: 'action', action: 'read', keys: (r) => [dirOf(r)] } },
    },
    async (request) => showChangeSet(client, request.params.name, request.params.id),
  );

  app.put(
    '/directories/:name/changesets/:id/keys/*',
    {
      schema: {
        tags: ['change sets'],
        summary:
          'Stage a put (value, sensitive) or a delete of a key; If-Match: the revision the change is based on',
        params: keyParams,
        body: z.union([
          z.object({
            action: z.literal('put').default('put'),
            value: z.string(),
            sensitive: z.boolean().optional(),
          }),
          z.object({ action: z.literal('delete') }),
        ]),
        response: { 200: changeSetSchema, ...errors },
      },
      config: {
        access: { kind: 'action', action: 'write', keys: (r) => [keyOf(r)] },
        audit: 'changeset.stage',
      },
    },
    async (request) => {
      const { body } = request;
      return stageChange(
        client,
        request.params.name,
        request.params.id,
        {
          key: keyOf(request),
          action: body.action,
          ...(body.action === 'put' ? { value: body.value, sensitive: body.sensitive } : {}),
          base: ifMatchRevision(request.headers['if-match']),
        },
        author(request),
      );
    },
  );

  app.delete(
    '/directories/:name/changesets/:id/keys/*',
    {
      schema: {
        tags: ['change sets'],
        summary: 'Unstage what is staged for a key',
        params: keyParams,
        response: { 200: changeSetSchema, ...errors },
      },
      config: {
        access: { kind: 'action', action: 'write', keys: (r) => [keyOf(r)] },
        audit: 'changeset.unstage',
      },
    },
    async (request) => unstageChange(client, request.params.name, request.params.id, keyOf(request)),
  );

  app.post(
    '/directories/:name/changesets/:id/publish',
    {
      schema: {
        tags: ['change sets'],
        summary:
          'Publish a change set as one change (409 KEY_CHANGED, nothing written, when a staged key changed)',
        params: setParams,
        body: z.object({ message: messageField }).nullish(),
        response: { 200: changeSchema, ...errors },
      },
      // Publishing needs publish on every staged key: checked once the change set is read.
      config: {
        access: { kind: 'action', action: 'read', keys: (r) => [dirOf(r)] },
        audit: 'changeset.publish',
      },
    },
    async (request) => {
      const { name, id } = request.params;
      const view = await showChangeSet(client, name, id);
      for (const change of view.changes) authorize(principalOf(request), 'publish', change.key);
      const message = request.body?.message;
      const change = await publishChangeSet(
        client,
        name,
        id,
        author(request, message === undefined || message === '' ? view.message : message),
        // Publish exactly the change set whose keys were just checked: staged after, it is refused.
        { expect: ifMatchRevision(request.headers['if-match']) ?? view.modRevision },
      );
      request.auditDetail = { revision: change.revision, keys: change.keys.length };
      return change;
    },
  );

  app.delete(
    '/directories/:name/changesets/:id',
    {
      schema: {
        tags: ['change sets'],
        summary: 'Discard a change set',
        params: setParams,
        response: { 204: z.null(), ...errors },
      },
      config: {
        access: { kind: 'action', action: 'write', keys: (r) => [dirOf(r)] },
        audit: 'changeset.discard',
      },
    },
    async (request, reply) => {
      await discardChangeSet(client, request.params.name, request.params.id);
      return reply.code(204).send(null);
    },
  );
};
