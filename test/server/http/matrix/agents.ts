// Authorisation matrix row of the agents route: anyone signed in lists agents; each sees only the
// units of directories they may read (agents.test.ts).
import type { MatrixRow } from './row.js';

export const rows: MatrixRow[] = [
  {
    route: 'GET /api/v1/agents',
    needs: 'signed-in',
    request: async (_api, prefix) => ({
      method: 'GET',
      path: `/api/v1/agents?directory=${encodeURIComponent(prefix.replace(/\/$/, ''))}`,
    }),
  },
];
