// Authorisation matrix row of the live events stream: anyone signed in opens it; each event is
// filtered by what the caller may see (events.test.ts). `timeout=0` ends the stream after `ready`
// so the matrix can read the whole answer.
import type { MatrixRow } from './row.js';

export const rows: MatrixRow[] = [
  {
    route: 'GET /api/v1/events',
    needs: 'signed-in',
    request: async () => ({ method: 'GET', path: '/api/v1/events?timeout=0' }),
  },
];
