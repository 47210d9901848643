// (being written) the audit routes.
import type { RoutePlugin } from '../context.js';

export const auditRoutes: RoutePlugin = () => {};
