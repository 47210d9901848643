// Authorisation matrix rows of the users routes: all need admin on everything (the rows act on
// another user than the caller; reading or re-passwording oneself is tested in users.test.ts).
import { createUser } from '../../../../src/server/auth/index.js';
import type { ApiUnderTest } from '../../../support/api.js';
import { type MatrixRow, unique } from './row.js';

const FAST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

/** A user no role of the matrix is, made afresh so each call may change or delete it. */
async function freshUser(api: ApiUnderTest): Promise<string> {
  const name = unique('matrix-user-');
  await createUser(api.client, { name, password: `${name} password`, scrypt: FAST_SCRYPT });
  return name;
}

export const rows: MatrixRow[] = [
  {
    route: 'GET /api/v1/users',
    needs: 'admin',
    request: async () => ({ method: 'GET', path: '/api/v1/users' }),
  },
  {
    route: 'POST /api/v1/users',
    needs: 'admin',
    request: async () => {
      const name = unique('matrix-new-');
      return {
        method: 'POST',
        path: '/api/v1/users',
        body: { name, password: `${name} password`, grants: [] },
      };
    },
  },
  {
    route: 'GET /api/v1/users/:name',
    needs: 'admin',
    request: async () => ({ method: 'GET', path: '/api/v1/users/admin' }),
  },
  {
    route: 'PATCH /api/v1/users/:name',
    needs: 'admin',
    request: async (api) => ({
      method: 'PATCH',
      path: `/api/v1/users/${await freshUser(api)}`,
      body: { grants: [{ role: 'viewer', prefix: 'team/' }] },
    }),
  },
  {
    route: 'PUT /api/v1/users/:name/password',
    needs: 'admin',
    request: async (api) => ({
      method: 'PUT',
      path: `/api/v1/users/${await freshUser(api)}/password`,
      body: { password: 'a new long passphrase' },
    }),
  },
  {
    route: 'DELETE /api/v1/users/:name',
    needs: 'admin',
    request: async (api) => ({ method: 'DELETE', path: `/api/v1/users/${await freshUser(api)}` }),
  },
];
