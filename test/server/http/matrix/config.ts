// Authorisation matrix rows of the configuration routes: directories, keys, change sets, history,
// compare and copy, import and export, and the OpenAPI document.
import type { ApiUnderTest } from '../../../support/api.js';
import { type MatrixRow, unique } from './row.js';

const directoryOf = (prefix: string) => prefix.slice(0, -1);

/** Makes sure the directory of `prefix` exists and holds key `x`; returns the directory name. */
async function directory(api: ApiUnderTest, prefix: string): Promise<string> {
  const name = directoryOf(prefix);
  await api.admin.post('/api/v1/directories', { name });
  await api.admin.put(`/api/v1/keys/${name}/x`, { value: '1' });
  return name;
}

/** A fresh key under `prefix` holding a value; returns the key and its revisions (first, last). */
async function freshKey(
  api: ApiUnderTest,
  prefix: string,
  puts = 1,
): Promise<{ key: string; revisions: number[] }> {
  await directory(api, prefix);
  const key = `${prefix}${unique('k')}`;
  const revisions: number[] = [];
  for (let i = 0; i < puts; i++)
    revisions.push((await api.admin.put(`/api/v1/keys/${key}`, { value: `v${i}` })).body.revision);
  return { key, revisions };
}

/** A fresh change set in the directory of `prefix`, with one staged put. */
async function changeSet(api: ApiUnderTest, prefix: string): Promise<{ name: string; id: string }> {
  const name = await directory(api, prefix);
  const id = (await api.admin.post(`/api/v1/directories/${name}/changesets`, {})).body.id as string;
  await api.admin.put(`/api/v1/directories/${name}/changesets/${id}/keys/${unique('staged')}`, {
    value: 's',
  });
  return { name, id };
}

export const rows: MatrixRow[] = [
  {
    route: 'GET /api/openapi.json',
    needs: 'public',
    request: async () => ({ method: 'GET', path: '/api/openapi.json' }),
  },
  {
    route: 'GET /api/v1/directories',
    needs: 'signed-in',
    request: async () => ({ method: 'GET', path: '/api/v1/directories' }),
  },
  {
    route: 'POST /api/v1/directories',
    needs: 'write',
    request: async (_api, prefix) => ({
      method: 'POST',
      path: '/api/v1/directories',
      body: { name: directoryOf(prefix) },
    }),
  },
  {
    route: 'GET /api/v1/directories/:name',
    needs: 'read',
    request: async (api, prefix) => ({
      method: 'GET',
      path: `/api/v1/directories/${await directory(api, prefix)}`,
    }),
  },
  {
    route: 'PATCH /api/v1/directories/:name',
    needs: 'publish',
    request: async (api, prefix) => ({
      method: 'PATCH',
      path: `/api/v1/directories/${await directory(api, prefix)}`,
      body: { description: unique('description ') },
    }),
  },
  {
    // Never forced: the directory holds keys, so an allowed call is refused with 409 and nothing goes.
    route: 'DELETE /api/v1/directories/:name',
    needs: 'publish',
    request: async (api, prefix) => ({
      method: 'DELETE',
      path: `/api/v1/directories/${await directory(api, prefix)}`,
    }),
  },
  {
    route: 'GET /api/v1/directories/:name/changes',
    needs: 'read',
    request: async (api, prefix) => ({
      method: 'GET',
      path: `/api/v1/directories/${await directory(api, prefix)}/changes`,
    }),
  },
  {
    route: 'GET /api/v1/directories/:name/export',
    needs: 'read',
    request: async (api, prefix) => ({
      method: 'GET',
      path: `/api/v1/directories/${await directory(api, prefix)}/export`,
    }),
  },
  {
    route: 'POST /api/v1/directories/:name/import',
    needs: 'publish',
    request: async (api, prefix) => ({
      method: 'POST',
      path: `/api/v1/directories/${await directory(api, prefix)}/import`,
      body: { format: 'yaml', content: 'x: 2\n', dryRun: true },
    }),
  },
  {
    route: 'GET /api/v1/directories/:name/changesets',
    needs: 'read',
    request: async (api, prefix) => ({
      method: 'GET',
      path: `/api/v1/directories/${await directory(api, prefix)}/changesets`,
    }),
  },
  {
    route: 'POST /api/v1/directories/:name/changesets',
    needs: 'write',
    request: async (api, prefix) => ({
      method: 'POST',
      path: `/api/v1/directories/${await directory(api, prefix)}/changesets`,
      body: {},
    }),
  },
  {
    route: 'GET /api/v1/directories/:name/changesets/:id',
    needs: 'read',
    request: async (api, prefix) => {
      const { name, id } = await changeSet(api, prefix);
      return { method: 'GET', path: `/api/v1/directories/${name}/changesets/${id}` };
    },
  },
  {
    route: 'PUT /api/v1/directories/:name/changesets/:id/keys/*',
    needs: 'write',
    request: async (api, prefix) => {
      const { name, id } = await changeSet(api, prefix);
      return {
        method: 'PUT',
        path: `/api/v1/directories/${name}/changesets/${id}/keys/y`,
        body: { value: '2' },
      };
    },
  },
  {
    route: 'DELETE /api/v1/directories/:name/changesets/:id/keys/*',
    needs: 'write',
    request: async (api, prefix) => {
      const { name, id } = await changeSet(api, prefix);
      return { method: 'DELETE', path: `/api/v1/directories/${name}/changesets/${id}/keys/y` };
    },
  },
  {
    route: 'POST /api/v1/directories/:name/changesets/:id/publish',
    needs: 'publish',
    request: async (api, prefix) => {
      const { name, id } = await changeSet(api, prefix);
      return { method: 'POST', path: `/api/v1/directories/${name}/changesets/${id}/publish`, body: {} };
    },
  },
  {
    route: 'DELETE /api/v1/directories/:name/changesets/:id',
    needs: 'write',
    request: async (api, prefix) => {
      const { name, id } = await changeSet(api, prefix);
      return { method: 'DELETE', path: `/api/v1/directories/${name}/changesets/${id}` };
    },
  },
  {
    route: 'GET /api/v1/keys/*',
    needs: 'read',
    request: async (api, prefix) => ({
      method: 'GET',
      path: `/api/v1/keys/${(await freshKey(api, prefix)).key}`,
    }),
  },
  {
    route: 'PUT /api/v1/keys/*',
    needs: 'write',
    request: async (api, prefix) => {
      await directory(api, prefix);
      return { method: 'PUT', path: `/api/v1/keys/${prefix}${unique('new')}`, body: { value: 'v' } };
    },
  },
  {
    route: 'DELETE /api/v1/keys/*',
    needs: 'write',
    request: async (api, prefix) => ({
      method: 'DELETE',
      path: `/api/v1/keys/${(await freshKey(api, prefix)).key}`,
    }),
  },
  {
    route: 'GET /api/v1/history/*',
    needs: 'read',
    request: async (api, prefix) => ({
      method: 'GET',
      path: `/api/v1/history/${(await freshKey(api, prefix)).key}`,
    }),
  },
  {
    route: 'GET /api/v1/diff',
    needs: 'read',
    request: async (api, prefix) => {
      const { key, revisions } = await freshKey(api, prefix, 2);
      return { method: 'GET', path: `/api/v1/diff?path=${encodeURIComponent(key)}&from=${revisions[0]}` };
    },
  },
  {
    route: 'POST /api/v1/rollback',
    needs: 'publish',
    request: async (api, prefix) => {
      const { key, revisions } = await freshKey(api, prefix, 2);
      return { method: 'POST', path: '/api/v1/rollback', body: { path: key, revision: revisions[0] } };
    },
  },
  {
    route: 'GET /api/v1/compare',
    needs: 'read',
    request: async (api, prefix) => {
      const name = await directory(api, prefix);
      return { method: 'GET', path: `/api/v1/compare?from=${name}&to=${name}` };
    },
  },
  {
    route: 'POST /api/v1/copy',
    needs: 'publish',
    request: async (api, prefix) => {
      const name = await directory(api, prefix);
      return { method: 'POST', path: '/api/v1/copy', body: { from: name, to: name, dryRun: true } };
    },
  },
];
