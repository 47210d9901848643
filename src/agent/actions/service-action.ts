// How the service learns of its new file: restart or signal its container, signal a process by
// its pid file, run a command, or restart/signal a process the agent supervises.
import { readFile } from 'node:fs/promises';
import type { Logger } from '../../log/logger.js';
import { runCommand } from '../run-command.js';
import type { Action } from '../unit.js';
import type { DockerEngine } from './docker-engine.js';
import { Supervisor } from './supervisor.js';

/**
 * A unit's action, ready to run.
 *
 * @example
 * const action = createServiceAction(unit.action, { docker, logger });
 * await action.run();
 */
export interface ServiceAction {
  /** Tells the service; throws an Error saying why it could not. */
  run(): Promise<void>;
  /**
   * Starts what the action runs, if it is not running: a supervised process whose file was already
   * in place when the agent started. True when it started something (then the health gate runs).
   */
  ensureStarted(): boolean;
  /** The container the action concerns, if any (to find a single-file bind mount). */
  readonly container: string | undefined;
  /** Stops what the action started (a supervised process). */
  stop(): Promise<void>;
}

/**
 * Makes the runnable form of `action`.
 *
 * @example
 * createServiceAction({ type: 'signal', pidFile: '/run/nginx.pid', signal: 'SIGHUP' }, { docker, logger });
 */
export function createServiceAction(
  action: Action,
  deps: { docker: () => DockerEngine; logger: Logger },
): ServiceAction {
  const plain = (run: () => Promise<void>, container?: string): ServiceAction => ({
    run,
    container,
    ensureStarted: () => false,
    stop: async () => undefined,
  });
  switch (action.type) {
    case 'none':
      return plain(async () => undefined);
    case 'restart-container':
      return plain(() => deps.docker().restart(action.container, action.timeoutMs), action.container);
    case 'signal-container':
      return plain(() => deps.docker().signal(action.container, action.signal), action.container);
    case 'signal':
      return plain(() => signalPidFile(action.pidFile, action.signal));
    case 'exec':
      return plain(async () => {
        const result = await runCommand(action.command, { timeoutMs: action.timeoutMs });
        if (!result.ok) throw new Error(`the action command ${result.summary}`);
      });
    case 'supervise': {
      const supervisor = new Supervisor(action.command, action.stopTimeoutMs, deps.logger);
      return {
        container: undefined,
        run: () => supervisor.reload(action.reload),
        ensureStarted: () => supervisor.ensureStarted(),
        stop: () => supervisor.stop(),
      };
    }
  }
}

async function signalPidFile(pidFile: string, signal: NodeJS.Signals): Promise<void> {
  let text: string;
  try {
    text = await readFile(pidFile, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the pid file ${pidFile}: ${(error as Error).message}`);
  }
  const pid = Number(text.trim());
  if (!Number.isSafeInteger(pid) || pid <= 1) throw new Error(`the pid file ${pidFile} holds no process id`);
  try {
    process.kill(pid, signal);
  } catch (error) {
    throw new Error(`cannot send ${signal} to process ${pid} (from ${pidFile}): ${(error as Error).message}`);
  }
}
