// Setpoint's version, read from package.json.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pkg = (() => {
  for (const path of ['../../package.json', '../../../package.json']) {
    try {
      return require(path) as { version: string };
    } catch {
      // Built files sit one folder deeper (dist/src/cli) than the sources (src/cli).
    }
  }
  return { version: '0.0.0' };
})();

export const version: string = pkg.version;
