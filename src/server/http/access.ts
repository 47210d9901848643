// Who may call a route: every route under /api declares its access (public, any signed-in user, or
// an action on the keys the request names), and one hook enforces it before the handler runs.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EtcdClient } from '../../etcd/index.js';
import {
  type Action,
  authenticateSession,
  authenticateToken,
  CredentialCache,
  can,
  credentialGuards,
  csrfTokenMatches,
  highestRole,
  minimumRole,
  type Principal,
  type RequestCredentials,
  TOKEN_PREFIX,
  withRequestCredentials,
} from '../auth/index.js';
import { ApiError } from './errors.js';

/** The cookie holding the session id. */
export const SESSION_COOKIE = 'setpoint_session';
/** The header a cookie-signed-in client sends its session's CSRF token in, on every change. */
export const CSRF_HEADER = 'x-csrf-token';

/**
 * How a route is guarded.
 * - `public`: anyone (health, the login itself, the API reference).
 * - `signed-in`: any signed-in user; the handler shows each only what their grants cover.
 * - `action`: the caller's grants must allow `action` on every key `keys` returns for the request
 *   (`''` for actions about no key: users, tokens, the audit log).
 *
 * @example
 * config: { access: { kind: 'action', action: 'write', keys: (r) => [keyOf(r)] }, audit: 'key.put' }
 */
export type RouteAccess =
  | { readonly kind: 'public' }
  | { readonly kind: 'signed-in' }
  | {
      readonly kind: 'action';
      readonly action: Action;
      readonly keys: (request: FastifyRequest) => readonly string[];
    };

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Required on every /api route: the app refuses to start with a route that lacks it. */
    access?: RouteAccess;
    /** The audit log's name for what this route does (`key.put`); set on every route that changes something. */
    audit?: string;
  }
  interface FastifyRequest {
    /** The signed-in caller; set before every handler of a non-public route. */
    principal?: Principal;
    /** Who acted, for routes before sign-in (the user name a login tried). */
    auditWho?: string;
    /** Where the audited action happened, when the route's keys do not say it well. */
    auditWhere?: string;
    /** The change this request made committed its own audit entry. */
    audited?: boolean;
    /** The code of the error this request was answered with, for the audit entry. */
    errorCode?: string;
    /** Short facts for the audit entry (a revision, a count); never a value. */
    auditDetail?: Record<string, string | number | boolean | null>;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Routes whose every write is a change through `commitChange`, which compares the caller's user and
 * token (or session) records in its own transaction (see `requestCredentials`): their callers may be
 * let in from the server's credential cache. Any other route that changes something reads the
 * caller's records from etcd first, as every request did before the cache.
 */
const GUARDED_CHANGES = new Set([
  'PUT /api/v1/keys/*',
  'DELETE /api/v1/keys/*',
  'POST /api/v1/directories',
  'PATCH /api/v1/directories/:name',
  'DELETE /api/v1/directories/:name',
  'POST /api/v1/directories/:name/changesets/:id/publish',
  'POST /api/v1/directories/:name/import',
  'POST /api/v1/directories/:name/template',
  'POST /api/v1/directories/:name/template/upgrade',
  'POST /api/v1/rollback',
  'POST /api/v1/copy',
]);

/**
 * Whether a request may be let in from the server's credential cache: it reads, or every change it
 * makes compares the caller's records in its transaction.
 *
 * @example
 * mayUseCachedCredentials('PUT', '/api/v1/keys/*'); // true
 */
export function mayUseCachedCredentials(method: string, route: string | undefined): boolean {
  return SAFE_METHODS.has(method) || GUARDED_CHANGES.has(`${method} ${route ?? ''}`);
}

/**
 * The caller of a request: from `Authorization: Bearer spt_...` or the session cookie, or undefined.
 * With `fresh`, the caller's records are read from etcd; else from the server's credential cache
 * while it is in sync.
 *
 * @example
 * const principal = await identify(client, request);
 */
export async function identify(
  client: EtcdClient,
  request: FastifyRequest,
  { fresh = false }: { fresh?: boolean } = {},
): Promise<Principal | undefined> {
  const cache = fresh ? undefined : CredentialCache.of(client);
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    if (match === null || !match[1]!.startsWith(TOKEN_PREFIX)) {
      throw new ApiError(
        'NOT_SIGNED_IN',
        401,
        `the Authorization header must be 'Bearer ${TOKEN_PREFIX}...' (an API token from 'setpoint token create' or 'setpoint login')`,
      );
    }
    const principal = await authenticateToken(client, match[1]!, { cache });
    if (principal === undefined) {
      throw new ApiError(
        'NOT_SIGNED_IN',
        401,
        'the API token is unknown, revoked or expired, or its user is disabled; sign in again (setpoint login)',
      );
    }
    return principal;
  }
  const sessionId = request.cookies[SESSION_COOKIE];
  if (sessionId === undefined || sessionId === '') return undefined;
  return authenticateSession(client, sessionId, { cache });
}

/**
 * The hook every /api route runs before its request is validated: identifies the caller and checks
 * the CSRF token of cookie sessions on changes, so an anonymous or forged request is refused
 * before its body is looked at. The rest of the request then runs with the caller's credentials
 * (`requestCredentials`), which every change it commits compares. A callback hook, so that the
 * rest of the request runs inside them.
 *
 * @example
 * app.addHook('preValidation', authenticate(client));
 */
export function authenticate(client: EtcdClient) {
  return (request: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void): void => {
    const access = request.routeOptions.config.access;
    if (access === undefined || access.kind === 'public') {
      done();
      return;
    }
    admit(client, request).then(
      (credentials) => withRequestCredentials(credentials, () => done()),
      (err: unknown) => done(err instanceof Error ? err : new Error(String(err))),
    );
  };
}

async function admit(client: EtcdClient, request: FastifyRequest): Promise<RequestCredentials> {
  const fresh = !mayUseCachedCredentials(request.method, request.routeOptions.url);
  const principal = await identify(client, request, { fresh });
  if (principal === undefined) {
    throw new ApiError(
      'NOT_SIGNED_IN',
      401,
      'sign in first: POST /api/v1/session with your user name and password, or send an API token as Authorization: Bearer',
    );
  }
  request.principal = principal;
  if (principal.via === 'session' && !SAFE_METHODS.has(request.method)) {
    const presented = request.headers[CSRF_HEADER];
    if (!csrfTokenMatches(principal.session, typeof presented === 'string' ? presented : undefined)) {
      throw new ApiError(
        'CSRF_TOKEN_INVALID',
        403,
        `a change made with a session cookie needs the session's CSRF token in the ${CSRF_HEADER} header (GET /api/v1/session gives it)`,
      );
    }
  }
  const credentials = {
    guards: credentialGuards(principal),
    recheck: async () => {
      credentials.guards = credentialGuards(await admitAgain(client, request));
    },
  };
  return credentials;
}

/**
 * The caller read again from etcd after a change found its records moved: refused (401) when it is
 * signed out now, 403 when the route is no longer allowed, 409 USER_CHANGED when its grants changed
 * otherwise (the request was authorised on the old ones, maybe by its handler too; nothing was
 * written). When nothing its access rests on changed (its token's use recorded, its session
 * renewed, its password changed), the change goes ahead.
 */
async function admitAgain(client: EtcdClient, request: FastifyRequest): Promise<Principal> {
  const before = principalOf(request);
  const now = await identify(client, request, { fresh: true });
  if (now === undefined) {
    throw new ApiError(
      'NOT_SIGNED_IN',
      401,
      `${before.user.name} was signed out while the request ran (the API token or session ended, or the user was disabled or deleted); nothing was written`,
    );
  }
  request.principal = now;
  checkRouteAccess(request);
  if (JSON.stringify(now.user.grants) !== JSON.stringify(before.user.grants)) {
    throw new ApiError(
      'USER_CHANGED',
      409,
      `${now.user.name}'s account changed while the request ran (grants, state or password); nothing was written; send the request again`,
    );
  }
  return now;
}

/**
 * The hook every /api route runs after validation, before its handler: checks the route's action
 * on every key its request names (the keys come from the validated params, query and body).
 *
 * @example
 * app.addHook('preHandler', authorizeRoute);
 */
export async function authorizeRoute(request: FastifyRequest, _reply: FastifyReply): Promise<void> {
  checkRouteAccess(request);
}

/** Throws ACCESS_DENIED unless the caller may do the route's action on every key it names. */
function checkRouteAccess(request: FastifyRequest): void {
  const access = request.routeOptions.config.access;
  if (access?.kind !== 'action') return;
  const principal = principalOf(request);
  for (const key of access.keys(request)) authorize(principal, access.action, key);
}

/**
 * Throws ACCESS_DENIED unless `principal`'s grants allow `action` on `key`; the message names the
 * user, what they hold there, and the role the action needs.
 *
 * @example
 * authorize(request.principal!, 'publish', 'hack/storage/swift/password');
 */
export function authorize(principal: Principal, action: Action, key: string): void {
  const { grants, name } = principal.user;
  if (can(grants, action, key)) return;
  const held = highestRole(grants, key);
  const where = key === '' ? 'everywhere' : `on '${key}'`;
  const needs = key.startsWith('_setpoint') ? 'admin on everything' : `${minimumRole(action)} ${where}`;
  throw new ApiError(
    'ACCESS_DENIED',
    403,
    `${name} may not ${action} ${where}: it needs ${needs}, and ${name} holds ${held === undefined ? 'no role there' : held}; ask an admin for a grant`,
    { action, key, needs: key.startsWith('_setpoint') ? 'admin' : minimumRole(action), holds: held ?? null },
  );
}

/**
 * Whether the caller may do `action` on `key`, for handlers that filter what they show.
 *
 * @example
 * const visible = directories.filter((d) => allowed(request, 'read', `${d}/`));
 */
export function allowed(request: FastifyRequest, action: Action, key: string): boolean {
  const principal = request.principal;
  return principal !== undefined && can(principal.user.grants, action, key);
}

/** The signed-in caller of a guarded route (the guard has run). */
export function principalOf(request: FastifyRequest): Principal {
  if (request.principal === undefined) throw new Error(`${request.url}: the route has no access rule`);
  return request.principal;
}
