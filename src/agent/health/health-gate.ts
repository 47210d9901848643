// The health gate after a change: tries the unit's check every interval until it passes, fails
// for good (a container that exited, an unhealthy status) or its timeout runs out.
import { connect } from 'node:net';
import type { DockerEngine } from '../actions/docker-engine.js';
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
 * A container with a Docker health check passes when it reports `healthy`; one without passes when
 * it has kept running, without a restart, for `settleMs`. One that stopped fails at once.
 */
function dockerProbe(
  container: string,
  settleMs: number,
  docker: () => DockerEngine,
): (budgetMs: number) => Promise<Probe> {
  let firstStart: number | undefined;
  return async () => {
    let state: Awaited<ReturnType<DockerEngine['inspect']>>;
    try {
      state = await docker().inspect(container);
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
    if (state.health === 'unhealthy')
      return { state: 'fail', reason: `container '${container}' is unhealthy` };
    if (state.health !== undefined) {
      return state.health === 'healthy'
        ? { state: 'pass' }
        : { state: 'wait', reason: `container '${container}' health is ${state.health}` };
    }
    if (state.restarting) return { state: 'wait', reason: `container '${container}' is restarting` };
    firstStart ??= state.startedAt;
    if (state.startedAt !== firstStart) {
      return { state: 'fail', reason: `container '${container}' restarted on its own (it crashed)` };
    }
    const upMs = Date.now() - state.startedAt;
    return upMs >= settleMs
      ? { state: 'pass' }
      : {
          state: 'wait',
          reason: `container '${container}' has been up ${Math.max(0, upMs)} ms of ${settleMs}`,
        };
  };
}
