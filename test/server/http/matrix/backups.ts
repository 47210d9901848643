// Authorisation matrix rows of the backup routes: backups hold every key, `_setpoint/` included, so
// each needs admin on everything. With the API started without backups an admin is answered
// BACKUPS_OFF (404) and everyone else ACCESS_DENIED; with backups the rows make what they need.
import { createBackup } from '../../../../src/backup/create-backup.js';
import type { ApiUnderTest } from '../../../support/api.js';
import type { MatrixRow } from './row.js';

/** A backup the row may show or verify: a fresh one of `prefix` when backups are on, else a well-formed id. */
async function backupOf(api: ApiUnderTest, prefix: string): Promise<string> {
  const backups = api.server.context.backups;
  if (backups === undefined) return '20261130T030000Z-r1';
  return (await createBackup(api.client, backups.target, { prefixes: [prefix] })).id;
}

export const rows: MatrixRow[] = [
  {
    route: 'GET /api/v1/backups',
    needs: 'admin',
    request: async () => ({ method: 'GET', path: '/api/v1/backups' }),
  },
  {
    route: 'POST /api/v1/backups',
    needs: 'admin',
    request: async (_api, prefix) => ({
      method: 'POST',
      path: '/api/v1/backups',
      body: { prefixes: [prefix] },
    }),
  },
  {
    route: 'GET /api/v1/backups/:id',
    needs: 'admin',
    request: async (api, prefix) => ({
      method: 'GET',
      path: `/api/v1/backups/${await backupOf(api, prefix)}`,
    }),
  },
  {
    route: 'POST /api/v1/backups/:id/verify',
    needs: 'admin',
    request: async (api, prefix) => ({
      method: 'POST',
      path: `/api/v1/backups/${await backupOf(api, prefix)}/verify`,
    }),
  },
  {
    route: 'POST /api/v1/restore',
    needs: 'admin',
    request: async (api, prefix) => ({
      method: 'POST',
      path: '/api/v1/restore',
      body: { backup: await backupOf(api, prefix), prefixes: [prefix], dryRun: true },
    }),
  },
  {
    route: 'GET /api/v1/backups/settings',
    needs: 'admin',
    request: async () => ({ method: 'GET', path: '/api/v1/backups/settings' }),
  },
  {
    route: 'PUT /api/v1/backups/settings',
    needs: 'admin',
    request: async () => ({
      method: 'PUT',
      path: '/api/v1/backups/settings',
      body: { schedule: '0 3 * * *', retention: 'keep-daily=7 keep-weekly=4 keep-monthly=12' },
    }),
  },
  {
    route: 'DELETE /api/v1/backups/settings',
    needs: 'admin',
    request: async () => ({ method: 'DELETE', path: '/api/v1/backups/settings' }),
  },
];
