// A child process that a test starts and stops, with its output kept for failure messages.
import { type ChildProcess, spawn } from 'node:child_process';

export interface RunningProcess {
  readonly child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM, then SIGKILL after a grace period; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL at once (a crash); resolves once it has exited. */
  kill(): Promise<void>;
  readonly exited: Promise<number | null>;
}

export function startProcess(command: string, args: string[], env: NodeJS.ProcessEnv = {}): RunningProcess {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: string[] = [];
  let size = 0;
  const keep = (data: Buffer) => {
    chunks.push(data.toString('utf8'));
    size += data.length;
    // Keep the tail only: a long-running server logs a lot.
    while (size > 256 * 1024 && chunks.length > 1) size -= chunks.shift()?.length ?? 0;
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
  const isRunning = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    exited,
    output: () => chunks.join(''),
    async stop(graceMs = 5_000) {
      if (!isRunning()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      if (!isRunning()) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
}
