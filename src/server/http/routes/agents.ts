// (being written) the agents routes.
import type { RoutePlugin } from '../context.js';

export const agentsRoutes: RoutePlugin = () => {};
