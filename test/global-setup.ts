// Before any test: the web UI the browser tests load is built from the current sources. `npm test`
// builds it itself (SETPOINT_TEST_BUILT=1); a bare `vitest run` gets it here.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  if (process.env.SETPOINT_TEST_BUILT === '1') return;
  const root = fileURLToPath(new URL('..', import.meta.url));
  execFileSync(process.execPath, [`${root}node_modules/vite/bin/vite.js`, 'build', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
}
