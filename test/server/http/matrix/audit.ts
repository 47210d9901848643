// Authorisation matrix row of the audit route: reading the audit log needs admin on everything.
import type { MatrixRow } from './row.js';

export const rows: MatrixRow[] = [
  {
    route: 'GET /api/v1/audit',
    needs: 'admin',
    request: async () => ({ method: 'GET', path: '/api/v1/audit?limit=5' }),
  },
];
