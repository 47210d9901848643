// A process the agent supervises: started once the unit's file is in place, restarted or signalled
// after each change, started again (with backoff) if it dies on its own, stopped with the agent.
import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { Logger } from '../../log/logger.js';
import { startCommand } from '../run-command.js';
import type { Command } from '../unit.js';

/**
 * One supervised process.
 *
 * @example
 * const supervisor = new Supervisor(['/usr/bin/app', '-c', '/etc/app.yml'], 10_000, logger);
 * await supervisor.reload('restart');
 */
export class Supervisor {
  private child: ChildProcess | undefined;
  private stopping = false;
  private crashes = 0;
  private respawn: NodeJS.Timeout | undefined;

  constructor(
    private readonly command: Command,
    private readonly stopTimeoutMs: number,
    private readonly logger: Logger,
  ) {}

  /** The running process's id, if any. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the process if it is not running, else restarts it or sends it `how`. */
  async reload(how: 'restart' | NodeJS.Signals): Promise<void> {
    this.stopping = false;
    if (this.child === undefined) {
      this.start();
      return;
    }
    if (how === 'restart') {
      await this.stopChild();
      this.start();
      return;
    }
    this.child.kill(how);
  }

  /** Starts the process when it is not running (the file was already in place); true if it did. */
  ensureStarted(): boolean {
    if (this.child !== undefined || this.respawn !== undefined) return false;
    this.stopping = false;
    this.start();
    return true;
  }

  /** Stops the process (SIGTERM, then SIGKILL after the stop timeout) and does not start it again. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.respawn);
    await this.stopChild();
  }

  private start(): void {
    clearTimeout(this.respawn);
    this.respawn = undefined;
    const child = startCommand(this.command);
    this.child = child;
    child.on('error', (error) => this.logger.error({ err: error }, 'supervised process failed to start'));
    child.on('exit', (code, signal) => {
      if (this.child !== child) return;
      this.child = undefined;
      if (this.stopping) return;
      const delay = Math.min(30_000, 500 * 2 ** this.crashes++);
      this.logger.warn({ code, signal, restartInMs: delay }, 'supervised process exited; starting it again');
      this.respawn = setTimeout(() => this.start(), delay);
    });
    // A process that stays up a minute is considered stable again.
    setTimeout(() => {
      if (this.child === child) this.crashes = 0;
    }, 60_000).unref();
  }

  private async stopChild(): Promise<void> {
    const child = this.child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) {
      this.child = undefined;
      return;
    }
    this.child = undefined;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), this.stopTimeoutMs);
    await exited;
    clearTimeout(timer);
  }
}
