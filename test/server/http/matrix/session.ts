// Authorisation matrix rows of the session routes: signing in is public, the rest needs a caller.
import { ADMIN_PASSWORD } from '../../../support/api.js';
import type { MatrixRow } from './row.js';

export const rows: MatrixRow[] = [
  {
    route: 'POST /api/v1/session',
    needs: 'public',
    request: async () => ({
      method: 'POST',
      path: '/api/v1/session',
      body: { user: 'admin', password: ADMIN_PASSWORD },
    }),
  },
  {
    route: 'GET /api/v1/session',
    needs: 'signed-in',
    request: async () => ({ method: 'GET', path: '/api/v1/session' }),
  },
  {
    route: 'DELETE /api/v1/session',
    needs: 'signed-in',
    request: async () => ({ method: 'DELETE', path: '/api/v1/session' }),
  },
];
