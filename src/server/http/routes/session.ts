// Signing in and out: a session cookie (httpOnly, SameSite=Strict) with its CSRF token, or an API
// token for programs (`setpoint login`); failed logins are rate-limited per user and address.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  createSession,
  createToken,
  DEFAULT_SESSION_TTL_SECONDS,
  destroySession,
  getUser,
  verifyUserPassword,
} from '../../auth/index.js';
import { principalOf, SESSION_COOKIE } from '../access.js';
import type { RoutePlugin } from '../context.js';
import { ApiError } from '../errors.js';
import { errorSchema, guardedErrors, userSchema } from '../schemas.js';

const loginBody = z.object({
  user: z.string().min(1).max(64),
  password: z.string().min(1).max(1024),
  token: z
    .object({
      name: z.string().min(1).max(64).describe('what the token is for, e.g. "cli on laptop"'),
      expiresInDays: z.number().int().min(1).max(3650).optional(),
    })
    .optional()
    .describe('ask for an API token (shown once) instead of a session cookie'),
});

const sessionAnswer = z.object({
  user: userSchema,
  via: z.enum(['session', 'token']),
  csrfToken: z.string().optional().describe('send it as x-csrf-token on every change made with the cookie'),
  token: z.string().optional().describe('the API token, shown this once'),
});

export const sessionRoutes: RoutePlugin = (app, { client, loginLimiter, secureCookies }) => {
  /**
   * Names a refused login's user in its audit entry only when such a user exists: what was typed as
   * a user name may be a password typed in the wrong field, and the audit log keeps no password.
   */
  const nameTheUser = async (request: FastifyRequest, name: string): Promise<void> => {
    const known = await getUser(client, name).catch(() => undefined);
    if (known !== undefined) {
      request.auditWho = known.name;
      request.auditWhere = known.name;
    }
    request.auditDetail = { knownUser: known !== undefined };
  };

  app.post(
    '/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign in with a user name and password',
        body: loginBody,
        response: { 200: sessionAnswer, 400: errorSchema, 401: errorSchema, 429: errorSchema },
      },
      config: { access: { kind: 'public' }, audit: 'login' },
    },
    async (request, reply) => {
      const { user: name, password, token } = request.body;
      try {
        loginLimiter.assertAllowed(name, request.ip);
      } catch (err) {
        await nameTheUser(request, name);
        throw err;
      }
      const user = await verifyUserPassword(client, name, password);
      if (user === undefined) {
        loginLimiter.recordFailure(name, request.ip);
        await nameTheUser(request, name);
        throw new ApiError(
          'LOGIN_FAILED',
          401,
          'the user name or password is wrong, or the account is disabled',
        );
      }
      request.auditWho = user.name;
      request.auditWhere = user.name;
      loginLimiter.recordSuccess(name, request.ip);
      if (token !== undefined) {
        const expiresAt =
          token.expiresInDays === undefined
            ? undefined
            : new Date(Date.now() + token.expiresInDays * 86_400_000);
        const created = await createToken(client, {
          owner: user.name,
          name: token.name,
          ...(expiresAt ? { expiresAt } : {}),
        });
        request.auditDetail = { via: 'token' };
        return { user, via: 'token' as const, token: created.token };
      }
      const session = await createSession(client, { user: user.name, from: request.ip });
      reply.setCookie(SESSION_COOKIE, session.id, {
        path: '/',
        httpOnly: true,
        sameSite: 'strict',
        secure: secureCookies,
        maxAge: DEFAULT_SESSION_TTL_SECONDS,
      });
      request.auditDetail = { via: 'session' };
      return { user, via: 'session' as const, csrfToken: session.csrfToken };
    },
  );

  app.get(
    '/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Who is signed in (and the CSRF token of a cookie session)',
        response: { 200: sessionAnswer, ...guardedErrors },
      },
      config: { access: { kind: 'signed-in' } },
    },
    async (request) => {
      const principal = principalOf(request);
      return principal.via === 'session'
        ? { user: principal.user, via: 'session' as const, csrfToken: principal.session.csrfToken }
        : { user: principal.user, via: 'token' as const };
    },
  );

  app.delete(
    '/session',
    {
      schema: {
        tags: ['session'],
        summary: 'Sign out (ends the cookie session)',
        response: { 204: z.null(), ...guardedErrors },
      },
      config: { access: { kind: 'signed-in' }, audit: 'logout' },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      if (principal.via === 'session') await destroySession(client, principal.session.id);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );
};
