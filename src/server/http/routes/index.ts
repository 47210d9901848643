// Every route plugin of the API, in one list: `buildApi` mounts them and the authorisation matrix
// test walks the routes they declare.
import type { ApiPlugins } from '../app.js';
import { healthRoutes } from './health.js';
import { sessionRoutes } from './session.js';

export const ROUTES: ApiPlugins = {
  root: [healthRoutes],
  api: [sessionRoutes],
};
