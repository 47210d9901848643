// Every route plugin of the API, in one list: `buildApi` mounts them and the authorisation matrix
// test walks the routes they declare.
import type { ApiPlugins } from '../app.js';
import { agentsRoutes } from './agents.js';
import { auditRoutes } from './audit.js';
import { backupsRoutes } from './backups.js';
import { catalogRoutes } from './catalog.js';
import { changesetsRoutes } from './changesets.js';
import { directoriesRoutes } from './directories.js';
import { eventsRoutes } from './events.js';
import { healthRoutes } from './health.js';
import { historyRoutes } from './history.js';
import { keysRoutes } from './keys.js';
import { promoteRoutes } from './promote.js';
import { sessionRoutes } from './session.js';
import { tokensRoutes } from './tokens.js';
import { transferRoutes } from './transfer.js';
import { usersRoutes } from './users.js';

export const ROUTES: ApiPlugins = {
  root: [healthRoutes],
  api: [
    sessionRoutes,
    directoriesRoutes,
    keysRoutes,
    changesetsRoutes,
    historyRoutes,
    promoteRoutes,
    transferRoutes,
    usersRoutes,
    tokensRoutes,
    auditRoutes,
    agentsRoutes,
    eventsRoutes,
    backupsRoutes,
    catalogRoutes,
  ],
};
