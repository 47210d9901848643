// Parent side of the load generator: runs it in a child Node process (so it never shares an event loop
// with a store under test) and returns each target's figures.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { LoadConfig, LoadResult, WorkerMessage } from './protocol.js';

/** Run from TypeScript (tsx) the child needs tsx too; run from compiled JavaScript it does not. */
const fromSource = import.meta.url.endsWith('.ts');
const workerPath = fileURLToPath(new URL(`./worker.${fromSource ? 'ts' : 'js'}`, import.meta.url));

export function runLoad(config: LoadConfig): Promise<LoadResult[]> {
  const execArgv = fromSource && !process.execArgv.some((a) => a.includes('tsx')) ? ['--import', 'tsx'] : [];
  const child = fork(workerPath, [], {
    execArgv: [...process.execArgv, ...execArgv],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const limitMs = config.targets.length * (config.warmupMs + 4 * (config.phaseMs + config.sliceMs)) + 180_000;
  return new Promise((resolve, reject) => {
    let answered = false;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`load generator gave no result within ${limitMs} ms`));
    }, limitMs);
    child.once('message', (message: WorkerMessage) => {
      answered = true;
      clearTimeout(timer);
      if (message.ok) resolve(message.results);
      else reject(new Error(`load generator failed: ${message.error}`));
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (!answered) reject(new Error(`load generator exited (${signal ?? code}) without a result`));
    });
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.send(config);
  });
}
