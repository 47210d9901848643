// The web UI's API types are generated from the server's route schemas: they must match the server
// as it is now, so a route changed without `npm run generate:api` fails here, not in a browser.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { API_CLIENT_TYPES_PATH, apiClientTypes } from '../../src/server/http/api-client-types.js';
import { repoRoot } from '../support/stores.js';

test('web/src/api/schema.d.ts is what the API declares now (else run npm run generate:api)', async () => {
  const committed = await readFile(join(repoRoot, API_CLIENT_TYPES_PATH), 'utf8');
  const current = await apiClientTypes();
  expect(
    committed === current,
    'the generated API types drifted from the server: run npm run generate:api',
  ).toBe(true);
});
