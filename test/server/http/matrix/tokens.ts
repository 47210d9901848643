// Authorisation matrix rows of the tokens routes: anyone signed in makes tokens; listing every
// user's and revoking someone else's need admin on everything (one's own: tokens.test.ts).
import { createToken } from '../../../../src/server/auth/index.js';
import { type MatrixRow, unique } from './row.js';

export const rows: MatrixRow[] = [
  {
    route: 'GET /api/v1/tokens',
    needs: 'admin',
    request: async () => ({ method: 'GET', path: '/api/v1/tokens?all=true' }),
  },
  {
    route: 'POST /api/v1/tokens',
    needs: 'signed-in',
    request: async () => ({
      method: 'POST',
      path: '/api/v1/tokens',
      body: { name: unique('matrix token ') },
    }),
  },
  {
    route: 'DELETE /api/v1/tokens/:id',
    needs: 'admin',
    request: async (api) => {
      const { id } = await createToken(api.client, { owner: 'admin', name: unique('matrix token ') });
      return { method: 'DELETE', path: `/api/v1/tokens/${id}` };
    },
  },
];
