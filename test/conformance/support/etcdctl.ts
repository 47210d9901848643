// Runs the real etcdctl (v3 API) against a store, and parses its JSON output.
import { spawn } from 'node:child_process';
import { waitFor } from '../../support/wait.js';

export const etcdctlPath = '/usr/bin/etcdctl';

export interface EtcdctlResult {
  exitCode: number | null;
  stdout: string;
  /** Its error lines and the gRPC status of its failed calls; see `userErrors`. */
  errors: string[];
}

function commonArgs(endpoint: string): string[] {
  // The store under test only, and bounded waits so a dead store fails the case instead of hanging it.
  return [`--endpoints=${endpoint}`, '--dial-timeout=5s', '--command-timeout=20s'];
}

/** Runs one etcdctl command to its end; `input` is written to its stdin. */
export function runEtcdctl(endpoint: string, args: string[], input?: string): Promise<EtcdctlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(etcdctlPath, [...commonArgs(endpoint), ...args], {
      env: { ...process.env, ETCDCTL_API: '3' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', reject);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, stdout, errors: userErrors(stderr) });
    });
    // A command that reads no input may exit before its stdin is written: the EPIPE is expected;
    // its exit code and output say how it went.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? '');
  });
}

/**
 * What etcdctl reported on stderr: its "Error: ..." lines, and the gRPC status of each failed call
 * ("rpc error: code = NotFound desc = ...") taken from the JSON lines its client logs on a failed
 * attempt. The rest of those log lines (timestamp, a random client id) differs between any two runs.
 */
export function userErrors(stderr: string): string[] {
  const lines: string[] = [];
  for (const line of stderr.split('\n').map((l) => l.trim())) {
    if (line === '') continue;
    if (!line.startsWith('{')) {
      lines.push(line);
      continue;
    }
    let logged: { error?: unknown };
    try {
      logged = JSON.parse(line) as { error?: unknown };
    } catch {
      lines.push(line);
      continue;
    }
    if (typeof logged.error === 'string' && !lines.includes(logged.error)) lines.push(logged.error);
  }
  return lines;
}

/**
 * Parses etcdctl's JSON output. Go prints uint64 ids (cluster, member, lease) as bare numbers beyond
 * 2^53, so long integers are read as strings to keep them exact.
 */
export function parseEtcdctlJson(text: string): unknown {
  return JSON.parse(text.replace(/([:[,]\s*)(-?\d{16,})(?=\s*[,}\]])/g, '$1"$2"'));
}

/** Parses each non-empty line of output as JSON. */
export function parseJsonLines(text: string): unknown[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map(parseEtcdctlJson);
}

/**
 * Runs a command that never ends by itself (`etcdctl watch ...`) until its output satisfies `done`,
 * then stops it and returns that output. Fails if `done` is not met in time.
 */
export async function runEtcdctlUntil(
  endpoint: string,
  args: string[],
  done: (stdout: string) => boolean,
): Promise<string> {
  const child = spawn(etcdctlPath, [...commonArgs(endpoint), ...args], {
    env: { ...process.env, ETCDCTL_API: '3' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
  try {
    return await waitFor(
      () => {
        // Only complete lines: the last one may still be arriving.
        const complete = stdout.slice(0, stdout.lastIndexOf('\n') + 1);
        return done(complete) ? complete : false;
      },
      { timeoutMs: 20_000, what: `etcdctl ${args.join(' ')} to print what the case waits for` },
    ).catch((err: Error) => {
      throw new Error(`${err.message}\nstdout:\n${stdout}\nstderr:\n${stderr}`);
    });
  } finally {
    child.kill('SIGTERM');
    await closed;
  }
}

/** Runs `etcdctl watch ARGS -w json` until the responses it printed satisfy `done`. */
export async function watchWithEtcdctl(
  endpoint: string,
  args: string[],
  done: (responses: unknown[]) => boolean,
): Promise<unknown[]> {
  const stdout = await runEtcdctlUntil(endpoint, ['watch', ...args, '-w', 'json'], (text) =>
    done(parseJsonLines(text)),
  );
  return parseJsonLines(stdout);
}
