// Before any test: the web UI the browser tests load is built from the current sources. `npm test`
// builds it itself (SETPOINT_TEST_BUILT=1); a bare `vitest run` gets it here, into dist/web or into
// SETPOINT_WEB_DIR when set (the folder serve then serves the UI from).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  if (process.env.SETPOINT_TEST_BUILT === '1') return;
  const root = fileURLToPath(new URL('..', import.meta.url));
  const outDir = process.env.SETPOINT_WEB_DIR;
  const vite = [`${root}node_modules/vite/bin/vite.js`, 'build', '--logLevel', 'warn'];
  execFileSync(process.execPath, outDir ? [...vite, '--outDir', outDir, '--emptyOutDir'] : vite, {
    cwd: root,
    stdio: 'inherit',
  });
}
