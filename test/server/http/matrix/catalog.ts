// Authorisation matrix rows of the catalogue and of directories' templates: the catalogue is read by
// any signed-in user and imported by admins on everything; a directory's template is read with read
// on it, and made or upgraded with publish on it (as dry runs here, so the other rows' directories
// stay free of templates).
import { fileURLToPath } from 'node:url';
import { readRepositoryFiles } from '../../../../src/catalog/read-source.js';
import type { ApiUnderTest } from '../../../support/api.js';
import type { MatrixRow } from './row.js';

const builtin = fileURLToPath(new URL('../../../../catalog/registry', import.meta.url));
const directoryOf = (prefix: string) => prefix.slice(0, -1);

let files: Record<string, string> | undefined;
async function registryFiles(): Promise<Record<string, string>> {
  files ??= Object.fromEntries(await readRepositoryFiles(builtin));
  return files;
}

/** The built-in registry chart, imported once per API under test. */
const imported = new WeakSet<ApiUnderTest>();
async function withRegistry(api: ApiUnderTest): Promise<void> {
  if (imported.has(api)) return;
  const answer = await api.admin.post('/api/v1/catalog', { files: await registryFiles() });
  if (answer.status !== 200) throw new Error(`importing the built-in chart: ${answer.text}`);
  imported.add(api);
}

export const rows: MatrixRow[] = [
  {
    route: 'GET /api/v1/catalog',
    needs: 'signed-in',
    request: async (api) => {
      await withRegistry(api);
      return { method: 'GET', path: '/api/v1/catalog' };
    },
  },
  {
    route: 'GET /api/v1/catalog/:chart',
    needs: 'signed-in',
    request: async (api) => {
      await withRegistry(api);
      return { method: 'GET', path: '/api/v1/catalog/registry' };
    },
  },
  {
    route: 'GET /api/v1/catalog/:chart/versions/:version',
    needs: 'signed-in',
    request: async (api) => {
      await withRegistry(api);
      return { method: 'GET', path: '/api/v1/catalog/registry/versions/2.8.1' };
    },
  },
  {
    route: 'GET /api/v1/catalog/:chart/versions/:version/flavors/:flavor',
    needs: 'signed-in',
    request: async (api) => {
      await withRegistry(api);
      return { method: 'GET', path: '/api/v1/catalog/registry/versions/2.8.1/flavors/swift' };
    },
  },
  {
    route: 'POST /api/v1/catalog',
    needs: 'admin',
    request: async () => ({
      method: 'POST',
      path: '/api/v1/catalog',
      body: { files: await registryFiles() },
    }),
  },
  {
    // The matrix's directories follow no template: an allowed call is answered 404 DIRECTORY_HAS_NO_TEMPLATE.
    route: 'GET /api/v1/directories/:name/template',
    needs: 'read',
    request: async (api, prefix) => {
      await api.admin.post('/api/v1/directories', { name: directoryOf(prefix) });
      return { method: 'GET', path: `/api/v1/directories/${directoryOf(prefix)}/template` };
    },
  },
  {
    route: 'POST /api/v1/directories/:name/template',
    needs: 'publish',
    request: async (api, prefix) => {
      await withRegistry(api);
      return {
        method: 'POST',
        path: `/api/v1/directories/${directoryOf(prefix)}/template`,
        body: {
          chart: 'registry',
          version: '2.8.1',
          flavor: 'filesystem',
          dryRun: true,
        },
      };
    },
  },
  {
    route: 'POST /api/v1/directories/:name/template/upgrade',
    needs: 'publish',
    request: async (_api, prefix) => ({
      method: 'POST',
      path: `/api/v1/directories/${directoryOf(prefix)}/template/upgrade`,
      body: { version: '2.8.2', dryRun: true },
    }),
  },
];
