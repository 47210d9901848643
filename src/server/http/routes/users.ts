// User accounts: admins on everything list, create, change and delete them; every user may read
// their own account and change their own password with the current one.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  can,
  createUser,
  deleteUser,
  getUser,
  listUsers,
  type PublicUser,
  setPassword,
  UserChangedError,
  UserNotFoundError,
  updateUser,
  validateUserName,
  verifyUserPassword,
} from '../../auth/index.js';
import { principalOf } from '../access.js';
import type { RoutePlugin } from '../context.js';
import { ApiError } from '../errors.js';
import { errorSchema, grantSchema, guardedErrors, ifMatchRevision, userSchema } from '../schemas.js';

const nameParams = z.object({ name: z.string().min(1).max(64).describe('the user name') });

const createBody = z.object({
  name: z.string().min(1).max(64).describe("1 to 64 lowercase letters, digits, '-', '_' or '.'"),
  password: z.string().min(1).max(1024).describe('at least 12 characters; never shown again'),
  grants: z.array(grantSchema).max(256).default([]),
});

const patchBody = z.object({
  grants: z.array(grantSchema).max(256).optional().describe('replaces every grant of the user'),
  disabled: z.boolean().optional().describe('true: cannot sign in, sessions end, tokens stop working'),
});

const passwordBody = z.object({
  password: z.string().min(1).max(1024).describe('the new password (at least 12 characters)'),
  currentPassword: z
    .string()
    .min(1)
    .max(1024)
    .optional()
    .describe('the password now; needed to change your own unless you are an admin on everything'),
});

/**
 * The keys a route on user `:name` asks `admin` on: `''` (admin on everything), or none when the
 * callers asks about their own account.
 */
function adminUnlessSelf(request: FastifyRequest): string[] {
  const { name } = request.params as { name?: string };
  return request.principal !== undefined && request.principal.user.name === name ? [] : [''];
}

/** The audit entry of a route on user `:name` is about that user, also when it is refused. */
async function auditTheUser(request: FastifyRequest): Promise<void> {
  const { name } = request.params as { name?: unknown };
  try {
    validateUserName(name as string);
    request.auditWhere = name as string;
  } catch {
    // Not a user name: the request fails validation, and the audit entry says where it was sent.
  }
}

/** Runs a change, answering USER_CHANGED with the revision the record is at now. */
async function compared<T>(change: Promise<T>): Promise<T> {
  try {
    return await change;
  } catch (err) {
    if (err instanceof UserChangedError) {
      throw new ApiError('USER_CHANGED', 409, err.message, { currentRevision: err.currentModRevision });
    }
    throw err;
  }
}

function grantsText(user: PublicUser): string {
  const text = user.grants.map((g) => `${g.role} on ${g.prefix === '' ? 'everything' : g.prefix}`).join(', ');
  return (text === '' ? 'none' : text).slice(0, 500);
}

function etag(user: PublicUser): string {
  return `"${user.modRevision}"`;
}

export const usersRoutes: RoutePlugin = (app, { client, loginLimiter }) => {
  const admin = { kind: 'action', action: 'admin', keys: () => [''] } as const;
  const adminOrSelf = { kind: 'action', action: 'admin', keys: adminUnlessSelf } as const;

  app.get(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Every user, by name (admin on everything)',
        response: { 200: z.object({ users: z.array(userSchema) }), ...guardedErrors },
      },
      config: { access: admin },
    },
    async () => {
      const users = await listUsers(client);
      return { users: users.sort((a, b) => a.name.localeCompare(b.name)) };
    },
  );

  app.post(
    '/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Create a user with a password and grants (admin on everything)',
        body: createBody,
        response: { 201: userSchema, ...guardedErrors, 409: errorSchema },
      },
      config: { access: admin, audit: 'user.create' },
    },
    async (request, reply) => {
      const { name, password, grants } = request.body;
      validateUserName(name);
      request.auditWhere = name;
      const user = await createUser(client, { name, password, grants });
      request.auditDetail = { grants: grantsText(user) };
      reply.header('etag', etag(user));
      return reply.code(201).send(user);
    },
  );

  app.get(
    '/users/:name',
    {
      schema: {
        tags: ['users'],
        summary: 'One user (admin on everything, or the user themself)',
        params: nameParams,
        response: { 200: userSchema, ...guardedErrors, 404: errorSchema },
      },
      config: { access: adminOrSelf },
    },
    async (request, reply) => {
      const user = await getUser(client, request.params.name);
      if (user === undefined) throw new UserNotFoundError(request.params.name);
      reply.header('etag', etag(user));
      return user;
    },
  );

  app.patch(
    '/users/:name',
    {
      schema: {
        tags: ['users'],
        summary: "Change a user's grants or disabled state (admin on everything); If-Match honoured",
        params: nameParams,
        body: patchBody,
        response: { 200: userSchema, ...guardedErrors, 404: errorSchema, 409: errorSchema },
      },
      config: { access: admin, audit: 'user.update' },
      preValidation: auditTheUser,
    },
    async (request, reply) => {
      const { grants, disabled } = request.body;
      if (grants === undefined && disabled === undefined) {
        throw new ApiError(
          'REQUEST_INVALID',
          400,
          `nothing to change for user '${request.params.name}': send grants, disabled, or both`,
        );
      }
      const ifModRevision = ifMatchRevision(request.headers['if-match']);
      const user = await compared(
        updateUser(
          client,
          request.params.name,
          { ...(grants !== undefined ? { grants } : {}), ...(disabled !== undefined ? { disabled } : {}) },
          ifModRevision === undefined ? {} : { ifModRevision },
        ),
      );
      request.auditDetail = {
        ...(grants !== undefined ? { grants: grantsText(user) } : {}),
        ...(disabled !== undefined ? { disabled } : {}),
        revision: user.modRevision,
      };
      reply.header('etag', etag(user));
      return user;
    },
  );

  app.put(
    '/users/:name/password',
    {
      schema: {
        tags: ['users'],
        summary:
          "Set a user's password (admin on everything, or the user themself with the current one); ends their sessions",
        params: nameParams,
        body: passwordBody,
        response: {
          200: userSchema,
          ...guardedErrors,
          404: errorSchema,
          409: errorSchema,
          429: errorSchema,
        },
      },
      config: { access: adminOrSelf, audit: 'user.password' },
      preValidation: auditTheUser,
    },
    async (request, reply) => {
      const { name } = request.params;
      const { password, currentPassword } = request.body;
      const principal = principalOf(request);
      const byAdmin = can(principal.user.grants, 'admin', '');
      request.auditDetail = { self: principal.user.name === name };
      if (currentPassword === undefined && !byAdmin) {
        throw new ApiError(
          'REQUEST_INVALID',
          400,
          `to change your own password, send your current one as currentPassword along with the new one`,
        );
      }
      if (currentPassword !== undefined) {
        // A stolen token must not become a way to guess the password: these count as failed logins.
        loginLimiter.assertAllowed(name, request.ip);
        if ((await verifyUserPassword(client, name, currentPassword)) === undefined) {
          loginLimiter.recordFailure(name, request.ip);
          throw new ApiError(
            'CURRENT_PASSWORD_WRONG',
            403,
            `the current password of user '${name}' is wrong; nothing was changed, type it again`,
          );
        }
      }
      const ifModRevision = ifMatchRevision(request.headers['if-match']);
      const user = await compared(
        setPassword(client, name, password, ifModRevision === undefined ? {} : { ifModRevision }),
      );
      request.auditDetail = { ...request.auditDetail, revision: user.modRevision };
      reply.header('etag', etag(user));
      return user;
    },
  );

  app.delete(
    '/users/:name',
    {
      schema: {
        tags: ['users'],
        summary: 'Delete a user with their tokens and sessions (admin on everything); If-Match honoured',
        params: nameParams,
        response: { 204: z.null(), ...guardedErrors, 404: errorSchema, 409: errorSchema },
      },
      config: { access: admin, audit: 'user.delete' },
      preValidation: auditTheUser,
    },
    async (request, reply) => {
      const ifModRevision = ifMatchRevision(request.headers['if-match']);
      await compared(
        deleteUser(client, request.params.name, ifModRevision === undefined ? {} : { ifModRevision }),
      );
      return reply.code(204).send(null);
    },
  );
};
