// Runs the `setpoint` CLI from source as a user would, with stdin given, and keeps what it printed.
import { spawnSync } from 'node:child_process';
import { setpointCommand } from './stores.js';

export interface CliRun {
  status: number | null;
  stdout: Buffer;
  stderr: Buffer;
}

/** What a CLI run is given: its working folder, its stdin (empty when none), extra environment. */
export interface CliRunOptions {
  cwd: string;
  input?: string | Buffer;
  env?: NodeJS.ProcessEnv;
}

/** Runs `setpoint ARGS` in `cwd` to its end, `input` on its stdin (an empty stdin when none). */
export function runSetpoint(args: string[], options: CliRunOptions): CliRun {
  const [command, commandArgs] = setpointCommand(args);
  const run = spawnSync(command, commandArgs, {
    input: options.input === undefined ? '' : Buffer.from(options.input),
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    timeout: 60_000,
    // Dry runs over tens of thousands of keys print megabytes; the default 1 MiB would kill the run.
    maxBuffer: 256 * 1024 * 1024,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** `runSetpoint`, with stdout and stderr as UTF-8 text. */
export function runSetpointText(
  args: string[],
  options: CliRunOptions,
): { status: number | null; stdout: string; stderr: string } {
  const run = runSetpoint(args, options);
  return { status: run.status, stdout: run.stdout.toString('utf8'), stderr: run.stderr.toString('utf8') };
}
