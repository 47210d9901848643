// Writes the web UI's API types from the server's route schemas: `npm run generate:api`.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { API_CLIENT_TYPES_PATH, apiClientTypes } from '../src/server/http/api-client-types.js';

const root = join(import.meta.dirname, '..');
await writeFile(join(root, API_CLIENT_TYPES_PATH), await apiClientTypes());
console.log(`wrote ${API_CLIENT_TYPES_PATH}`);
