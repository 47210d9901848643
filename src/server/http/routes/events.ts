// (being written) the events routes.
import type { RoutePlugin } from '../context.js';

export const eventsRoutes: RoutePlugin = () => {};
