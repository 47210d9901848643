// The health gate after a change: tries the unit's check every interval until it passes, fails
// for good (a container that exited, an unhealthy status) or its timeout runs out.
import { connect } from 'node:net';
import type { ContainerState, DockerEngine } from '../actions/docker-engine.js';
import { runCommand } from '../run-command.js';
import type { HealthCheck } from '../unit.js';

/**
 * The gate's verdict; `reason` says what was last seen when it failed.
 *
 * @example
 * const verdict = await waitHealthy(unit.health, { docker });
 * if (!verdict.healthy) rollBack(verdict.reason);
 */
export type HealthVerdict = { healthy: true } | { healthy: false; reason: string };

/** One try: pass, not yet (try again) or a failure that no waiting will fix. */
type Probe =
  | { state: 'pass' }
  | { state: 'wait'; reason: string; timedOut?: boolean }
  | { state: 'fail'; reason: string };

/**
 * Waits until `check` passes or fails for good, at most `check.timeoutMs`.
 *
 * @example
 * await waitHealthy({ type: 'http', url: 'http://127.0.0.1:5000/', timeoutMs: 30_000, intervalMs: 250 }, { docker });
 */
export async function waitHealthy(
  check: HealthCheck,
  deps: { docker: () => DockerEngine },
): Promise<HealthVerdict> {
  if (check.type === 'none') return { healthy: true };
  const deadline = performance.now() + check.timeoutMs;
  const probe = probeFor(check, deps);
  let last = 'no answer yet';
  for (;;) {
    const left = deadline - performance.now();
    const result = await probe(Math.max(100, Math.min(left, 5_000)));
    if (result.state === 'pass') return { healthy: true };
    if (result.state === 'fail') return { healthy: false, reason: result.reason };
    // A try cut short by the gate's own deadline says less than the answer before it.
    if (!(result.timedOut && last !== 'no answer yet')) last = result.reason;
    if (performance.now() + check.intervalMs >= deadline) {
      return { healthy: false, reason: `not healthy within ${check.timeoutMs} ms: ${last}` };
    }
    await new Promise((resolve) => setTimeout(resolve, check.intervalMs));
  }
}

function probeFor(
  check: HealthCheck,
  deps: { docker: () => DockerEngine },
): (budgetMs: number) => Promise<Probe> {
  switch (check.type) {
    case 'none':
      return async () => ({ state: 'pass' });
    case 'http':
      return (budgetMs) => probeHttp(check.url, budgetMs);
    case 'tcp':
      return (budgetMs) => probeTcp(check.host, check.port, budgetMs);
    case 'command':
      return async (budgetMs) => {
        const result = await runCommand(check.command, { timeoutMs: budgetMs });
        return result.ok
          ? { state: 'pass' }
          : {
              state: 'wait',
              reason: `the health command ${result.summary}`,
              timedOut: result.summary.startsWith('timed out'),
            };
      };
    case 'docker':
      return dockerProbe(check.container, check.settleMs, deps.docker);
  }
}

async function probeHttp(url: string, budgetMs: number): Promise<Probe> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(budgetMs), redirect: 'manual' });
    await response.body?.cancel();
    return response.status >= 200 && response.status < 300
      ? { state: 'pass' }
      : { state: 'wait', reason: `${url} answered HTTP ${response.status}` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return {
      state: 'wait',
      reason: `${url}: ${cause?.code ?? cause?.message ?? (error as Error).message}`,
      timedOut: (error as Error).name === 'TimeoutError',
    };
  }
}

function probeTcp(host: string, port: number, budgetMs: number): Promise<Probe> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: budgetMs });
    socket.once('connect', () => {
      socket.destroy();
      resolve({ state: 'pass' });
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve({
        state: 'wait',
        reason: `${host}:${port} did not accept a connection within ${budgetMs} ms`,
        timedOut: true,
      });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      resolve({ state: 'wait', reason: `${host}:${port}: ${error.code ?? error.message}` });
    });
  });
}

/**
 * A container passes when it has kept running, without a restart, for `settleMs` since the gate
 * began (a signal does not restart it, so its start time alone says nothing about the change) and,
 * if it has a Docker health check, when a check run after the change reports it healthy. A status
 * from before the change does not count either way: after a signal Docker still shows the old one,
 * and after a restart podman keeps the old log. On podman the gate runs the check itself at each
 * try (podman without systemd never runs it on its own); on Docker it waits for the engine's
 * schedule (the image's `--interval`). It fails at once when the container stops, restarts on its
 * own, or a check after the change makes it `unhealthy`.
 */
function dockerProbe(
  container: string,
  settleMs: number,
  docker: () => DockerEngine,
): (budgetMs: number) => Promise<Probe> {
  const began = performance.now();
  let firstStart: number | undefined;
  /** The start of the newest health check seen at the first try: anything newer ran after the change. */
  let before: string | undefined | null = null;
  const wait = (reason: string): Probe => ({ state: 'wait', reason: `container '${container}' ${reason}` });
  return async (budgetMs) => {
    const engine = docker();
    let state: ContainerState;
    try {
      state = await engine.inspect(container);
      if (before === null) before = state.lastHealthCheck?.start;
      if (state.health !== undefined && state.running && (await engine.runsHealthChecksOnRequest())) {
        await engine.runHealthCheck(container, budgetMs);
        state = await engine.inspect(container);
      }
    } catch (error) {
      return { state: 'wait', reason: (error as Error).message };
    }
    if (!state.running && !state.restarting) {
      const why = state.error !== '' ? `: ${state.error}` : '';
      return {
        state: 'fail',
        reason: `container '${container}' stopped with exit code ${state.exitCode}${why}`,
      };
    }
    if (state.restarting) return wait('is restarting');
    firstStart ??= state.startedAt;
    if (state.startedAt !== firstStart) {
      return { state: 'fail', reason: `container '${container}' restarted on its own (it crashed)` };
    }
    const upMs = Math.max(0, Math.min(Date.now() - state.startedAt, performance.now() - began));
    const settled = upMs >= settleMs;
    if (state.health === undefined) {
      return settled ? { state: 'pass' } : wait(`has been up ${Math.round(upMs)} ms of ${settleMs}`);
    }
    const last = state.lastHealthCheck;
    if (last === undefined || last.start === before) {
      const seen = last === undefined ? '' : ` (it says ${state.health} from an older one)`;
      return wait(
        `has had no health check since the change${seen}; Docker runs them every --interval of` +
          ' the image: give the gate a longer timeout than that',
      );
    }
    const lastRun = `its last health check exited with ${last.exitCode}${last.output !== '' ? `: ${last.output.slice(0, 200)}` : ''}`;
    if (state.health === 'unhealthy') {
      return { state: 'fail', reason: `container '${container}' is unhealthy: ${lastRun}` };
    }
    if (state.health !== 'healthy' || last.exitCode !== 0) {
      return wait(`health is ${state.health}: ${lastRun}`);
    }
    return settled ? { state: 'pass' } : wait(`is healthy, up ${Math.round(upMs)} ms of ${settleMs}`);
  };
}
