// (being written) the backups routes.
import type { RoutePlugin } from '../context.js';

export const backupsRoutes: RoutePlugin = () => {};
