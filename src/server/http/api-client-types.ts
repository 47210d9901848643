// The TypeScript types of the web UI's API client, generated from the OpenAPI document.
import openapiTS, { astToString } from 'openapi-typescript';
import { openApiDocument } from './openapi-document.js';

/** Where the generated types live, relative to the repository root. */
export const API_CLIENT_TYPES_PATH = 'web/src/api/schema.d.ts';

/**
 * The contents of `web/src/api/schema.d.ts` for the API as the server declares it now.
 *
 * @example
 * await writeFile(API_CLIENT_TYPES_PATH, await apiClientTypes());
 */
export async function apiClientTypes(): Promise<string> {
  // The version is left out: the types do not change with it, and the file should not either.
  const document = await openApiDocument('0.0.0');
  const ast = await openapiTS(document as Parameters<typeof openapiTS>[0]);
  return `// Generated from the API's OpenAPI document by \`npm run generate:api\`; do not edit.\n${astToString(ast)}`;
}
