// (being written) the tokens routes.
import type { RoutePlugin } from '../context.js';

export const tokensRoutes: RoutePlugin = () => {};
