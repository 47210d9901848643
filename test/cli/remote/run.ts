// Runs the `setpoint` CLI from source in a child process without blocking this one: the API these
// tests start runs in this process, so a synchronous spawn would keep it from answering.
import { spawn } from 'node:child_process';
import { setpointCommand } from '../../support/stores.js';

export interface CliResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** What a run is given: its working folder, stdin (empty when none), and its whole environment. */
export interface CliOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly input?: string;
}

/**
 * The environment a CLI run starts from: this process's, without any Setpoint server, token, CA or
 * etcd address a developer may have set, and with its own config folder (credentials file).
 */
export function isolatedEnvironment(configHome: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['SETPOINT_SERVER', 'SETPOINT_TOKEN', 'SETPOINT_CACERT', 'ETCD_HOST']) delete env[name];
  return { ...env, XDG_CONFIG_HOME: configHome, ...extra };
}

/** Runs `setpoint ARGS` to its end and returns its status and output. */
export function runCli(args: readonly string[], options: CliOptions): Promise<CliResult> {
  const [command, commandArgs] = setpointCommand([...args]);
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, { cwd: options.cwd, env: options.env, stdio: 'pipe' });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({
        status,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      });
    });
    child.stdin.end(options.input ?? '');
  });
}
