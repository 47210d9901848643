// Parent side of the agent hosts: forks child processes, spreads the agents over them, and stops
// them (killing any that do not stop in time).
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { processCpuMs } from '../load/cpu.js';
import type { HostCommand, HostedAgent, HostReport } from './protocol.js';

/** Run from TypeScript (tsx) the child needs tsx too; run from compiled JavaScript it does not. */
const fromSource = import.meta.url.endsWith('.ts');
const hostPath = fileURLToPath(new URL(`./host.${fromSource ? 'ts' : 'js'}`, import.meta.url));

/** Agents running in child processes. */
export interface AgentHosts {
  readonly pids: number[];
  /** CPU milliseconds (user + system, all threads) the hosts have used so far, summed. */
  cpuMs(): number;
  /** Stops every agent (revoking their status leases) and ends the processes. */
  stop(): Promise<void>;
}

class Host {
  private readonly reports: HostReport[] = [];
  private waiting: ((report: HostReport) => void) | undefined;
  readonly exited: Promise<void>;

  constructor(readonly child: ChildProcess) {
    child.on('message', (report: HostReport) => {
      const waiting = this.waiting;
      this.waiting = undefined;
      if (waiting) waiting(report);
      else this.reports.push(report);
    });
    this.exited = new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve();
      else child.once('exit', () => resolve());
    });
  }

  /** Sends `command` and waits for the answer, at most `timeoutMs`. */
  async ask(command: HostCommand, timeoutMs: number): Promise<HostReport> {
    this.child.send(command);
    const queued = this.reports.shift();
    if (queued) return queued;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        new Promise<HostReport>((resolve) => {
          this.waiting = resolve;
        }),
        this.exited.then((): HostReport => {
          throw new Error(
            `agent host ${this.child.pid} exited (${this.child.exitCode ?? this.child.signalCode})`,
          );
        }),
        new Promise<HostReport>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new Error(`agent host ${this.child.pid} did not answer "${command.type}" in ${timeoutMs} ms`),
              ),
            timeoutMs,
          );
        }),
      ]);
    } finally {
      clearTimeout(timer);
      this.waiting = undefined;
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null && this.child.connected) {
      await this.ask({ type: 'stop' }, 15_000).catch(() => undefined);
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
    await this.exited;
    clearTimeout(timer);
  }
}

/**
 * Starts `processes` hosts and `agents` spread evenly over them, all following `directory` on
 * `endpoint`; resolves once every agent has started (connected or still trying), not applied.
 */
export async function startAgentHosts(options: {
  endpoint: string;
  directory: string;
  debounceMs: number;
  agents: HostedAgent[];
  processes: number;
}): Promise<AgentHosts> {
  const execArgv = fromSource && !process.execArgv.some((a) => a.includes('tsx')) ? ['--import', 'tsx'] : [];
  const count = Math.min(options.processes, options.agents.length);
  const hosts: Host[] = [];
  const stop = () => Promise.all(hosts.map((h) => h.stop())).then(() => undefined);
  try {
    for (let i = 0; i < count; i++) {
      const child = fork(hostPath, [], {
        execArgv: [...process.execArgv, ...execArgv],
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      hosts.push(new Host(child));
    }
    const answers = await Promise.all(
      hosts.map((host, i) =>
        host.ask(
          {
            type: 'start',
            endpoint: options.endpoint,
            directory: options.directory,
            debounceMs: options.debounceMs,
            agents: options.agents.filter((_, n) => n % count === i),
          },
          60_000,
        ),
      ),
    );
    const failed = answers.find((a) => a.type === 'failed');
    if (failed?.type === 'failed')
      throw new Error(`an agent host could not start its agents: ${failed.error}`);
  } catch (error) {
    await stop();
    throw error;
  }
  const pids = hosts.map((h) => h.child.pid ?? 0);
  return {
    pids,
    cpuMs: () => pids.reduce((sum, pid) => sum + (processCpuMs(pid) ?? Number.NaN), 0),
    stop,
  };
}
