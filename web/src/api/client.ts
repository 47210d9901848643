// The web UI's one way to the API: the client generated from the OpenAPI document (schema.d.ts),
// with the session's CSRF token on every change and every error answer turned into an ApiProblem.
import createClient from 'openapi-fetch';
import type { paths } from './schema';

/**
 * An error answer of the API (`{error: {code, message, details}}`), or a network failure
 * (`code: 'UNREACHABLE'`, status 0).
 *
 * @example
 * if (problem.code === 'KEY_CHANGED') showConflict(problem.details);
 */
export class ApiProblem extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiProblem';
  }
}

let csrfToken: string | undefined;

/** Remembers the CSRF token of the signed-in cookie session; changes carry it as `x-csrf-token`. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/**
 * Fills `{name}` path parameters. `{*}` holds a key path: each segment is encoded on its own so the
 * slashes stay slashes (`hack/storage/swift`), as the server's wildcard routes expect.
 */
export function fillPath(pathname: string, params: Record<string, unknown>): string {
  return pathname.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = String(params[name] ?? '');
    return name === '*' ? value.split('/').map(encodeURIComponent).join('/') : encodeURIComponent(value);
  });
}

/** The typed client: `api.GET('/api/v1/directories')`, paths and bodies checked against the API. */
export const api = createClient<paths>({ baseUrl: '', pathSerializer: fillPath, credentials: 'same-origin' });

api.use({
  onRequest({ request }) {
    if (request.method !== 'GET' && request.method !== 'HEAD' && csrfToken !== undefined) {
      request.headers.set('x-csrf-token', csrfToken);
    }
    return request;
  },
});

interface FetchOutcome<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * The answer's data, or an ApiProblem with the server's code and message.
 *
 * @example
 * const { directories } = await answer(api.GET('/api/v1/directories'));
 */
export async function answer<T>(call: Promise<FetchOutcome<T>>): Promise<T> {
  let outcome: FetchOutcome<T>;
  try {
    outcome = await call;
  } catch (err) {
    throw new ApiProblem(
      'UNREACHABLE',
      0,
      `the Setpoint server did not answer (${err instanceof Error ? err.message : String(err)}); check that it runs and try again`,
    );
  }
  if (outcome.response.ok) return outcome.data as T;
  throw problemOf(outcome.response.status, outcome.error);
}

/** The ApiProblem for an error answer's status and body. */
export function problemOf(status: number, body: unknown): ApiProblem {
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)
    ?.error;
  if (error !== undefined && typeof error.code === 'string' && typeof error.message === 'string') {
    const details = typeof error.details === 'object' && error.details !== null ? error.details : {};
    return new ApiProblem(error.code, status, error.message, details as Record<string, unknown>);
  }
  return new ApiProblem('UNEXPECTED', status, `the server answered ${status} without an explanation`);
}
