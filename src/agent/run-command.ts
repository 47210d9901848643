// Runs a unit's command (check, exec action, health command): a shell line or an argument vector,
// with `{file}` replaced, bounded in time, its last output kept for the report.
import { type ChildProcess, spawn } from 'node:child_process';
import type { Command } from './unit.js';

/**
 * How a command ended.
 *
 * @example
 * const result = await runCommand('nginx -t -c {file}', { file: staged.path, timeoutMs: 10_000 });
 * if (!result.ok) console.error(result.summary);
 */
export interface CommandResult {
  ok: boolean;
  /** e.g. "exited with status 1: <last line of output>" or "timed out after 10000 ms". */
  summary: string;
}

/** The most output kept for a report, from the end. */
const tailBytes = 400;

/**
 * The program and arguments of `command` with `{file}` replaced (shell lines run by `/bin/sh -c`,
 * the file passed as `$1` so no quoting of it is needed).
 *
 * @example
 * commandLine('nginx -t -c {file}', '/etc/nginx/.nginx.conf.setpoint-1'); // ['/bin/sh', ['-c', 'nginx -t -c "$1"', 'sh', '/etc/...']]
 */
export function commandLine(command: Command, file = ''): [string, string[]] {
  if (typeof command === 'string')
    return ['/bin/sh', ['-c', command.replaceAll('{file}', '"$1"'), 'sh', file]];
  const [program, ...args] = command.map((part) => part.replaceAll('{file}', file));
  return [program!, args];
}

/**
 * Starts `command` as a child process (stdio inherited unless `capture`).
 *
 * @example
 * const child = startCommand(['/usr/bin/app', '--config', '/etc/app.yml']);
 */
export function startCommand(
  command: Command,
  options: { file?: string; env?: NodeJS.ProcessEnv } = {},
): ChildProcess {
  const [program, args] = commandLine(command, options.file);
  return spawn(program, args, { stdio: ['ignore', 'inherit', 'inherit'], env: options.env ?? process.env });
}

/**
 * Runs `command` to its end or until `timeoutMs` (then kills it), keeping its last output.
 *
 * @example
 * await runCommand(['docker-registry', '--version'], { timeoutMs: 5_000 });
 */
export async function runCommand(
  command: Command,
  options: { file?: string; timeoutMs: number; env?: NodeJS.ProcessEnv },
): Promise<CommandResult> {
  const [program, args] = commandLine(command, options.file);
  return new Promise<CommandResult>((resolve) => {
    let output = Buffer.alloc(0);
    const keep = (chunk: Buffer) => {
      output = Buffer.concat([output, chunk]);
      if (output.length > tailBytes * 2) output = output.subarray(output.length - tailBytes);
    };
    const child = spawn(program, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...(options.env ?? process.env), ...(options.file ? { SETPOINT_FILE: options.file } : {}) },
      detached: true,
    });
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child);
    }, options.timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ ok: false, summary: `could not start '${program}': ${error.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const last = lastLine(output);
      if (timedOut) resolve({ ok: false, summary: `timed out after ${options.timeoutMs} ms` });
      else if (code === 0) resolve({ ok: true, summary: 'exited with status 0' });
      else {
        const how = signal !== null ? `was killed by ${signal}` : `exited with status ${code}`;
        resolve({ ok: false, summary: last === '' ? how : `${how}: ${last}` });
      }
    });
  });
}

function killGroup(child: ChildProcess): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  } catch {
    child.kill('SIGKILL');
  }
}

function lastLine(output: Buffer): string {
  const lines = output.subarray(-tailBytes).toString('utf8').trim().split('\n');
  return (lines.at(-1) ?? '').trim();
}
