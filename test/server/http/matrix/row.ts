// One row of the authorisation matrix: a route, the action it needs, and how to call it on a key
// inside the matrix users' prefix and outside it. Each resource's rows live in a file beside this
// one; the matrix test loads them all and fails for any route of the API without a row.
import type { Action } from '../../../../src/server/auth/index.js';
import type { ApiUnderTest, RequestOptions } from '../../../support/api.js';

/** The prefix the matrix users hold their roles on. */
export const INSIDE = 'team/';
/** A prefix none of them holds anything on. */
export const OUTSIDE = 'elsewhere/';

/** A request to make: method, path (with query), body and headers. */
export interface MatrixRequest extends RequestOptions {
  readonly method: string;
  readonly path: string;
}

/**
 * One route of the API.
 * - `route`: `METHOD /url-pattern` exactly as registered (e.g. `PUT /api/v1/keys/*`).
 * - `needs`: the action (allowed when a grant covering the key allows it), `signed-in` (any user)
 *   or `public`.
 * - `request(api, prefix)`: prepares what the call needs (as admin, through `api.admin` or
 *   `api.client`) and returns the request to make on a key under `prefix` (INSIDE or OUTSIDE).
 *   It is called anew for every role, so a change must work each time (use a fresh key name:
 *   `unique()`). Routes about no key (users, tokens, audit) ignore `prefix`.
 */
export interface MatrixRow {
  readonly route: string;
  readonly needs: Action | 'signed-in' | 'public';
  readonly request: (api: ApiUnderTest, prefix: string) => Promise<MatrixRequest>;
}

let counter = 0;
/** A name no other call of this run used. */
export function unique(stem = 'k'): string {
  counter += 1;
  return `${stem}${counter}`;
}
