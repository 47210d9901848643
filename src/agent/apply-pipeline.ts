// The apply pipeline of one unit, for one revision of its directory:
// render -> check -> write -> act -> health gate -> record; on failure put the previous file back,
// act again, wait for health, and record the failed revision with its reason.
import { createHash } from 'node:crypto';
import type { Logger } from '../log/logger.js';
import type { ScalarType } from '../render/index.js';
import type { DockerEngine } from './actions/docker-engine.js';
import type { ServiceAction } from './actions/service-action.js';
import { type CurrentFile, readCurrentFile, stageFile } from './config-file-writer.js';
import { AgentError, ApplyStageError } from './errors.js';
import { waitHealthy } from './health/health-gate.js';
import { redact } from './redact.js';
import { runCommand } from './run-command.js';
import type { UnitState, UnitStateFile } from './state-file.js';
import type { Unit } from './unit.js';
import type { UnitRenderer } from './unit-renderer.js';

/**
 * How one run of the pipeline ended.
 * - `applied`: the new file is in place and the service passed its health gate.
 * - `unchanged`: the file already held these bytes; nothing was written or restarted.
 * - `skipped`: this revision failed before; it is not tried again until the directory changes.
 * - `failed`: nothing was written (render, check), or the previous file was put back (`rolledBack`
 *   says whether the service was healthy again; null when there was no previous file).
 *
 * @example
 * if (outcome.result === 'failed') console.error(outcome.reason);
 */
export type ApplyOutcome =
  | { result: 'applied' | 'unchanged'; revision: number; contentHash: string }
  | { result: 'skipped'; revision: number }
  | { result: 'failed'; revision: number; reason: string; code: string; rolledBack: boolean | null };

/**
 * Applies revisions of one unit's directory; one run at a time (the caller serialises runs).
 *
 * @example
 * const pipeline = new ApplyPipeline(unit, { renderer, action, docker, stateFile, logger }, await stateFile.read());
 * const outcome = await pipeline.apply(values, 42);
 */
export class ApplyPipeline {
  /** Secrets of the files rendered so far, to redact from any report. */
  private readonly secrets = new Set<string>();

  constructor(
    private readonly unit: Unit,
    private readonly deps: {
      renderer: UnitRenderer;
      action: ServiceAction;
      docker: () => DockerEngine;
      stateFile: UnitStateFile;
      logger: Logger;
    },
    private state: UnitState,
  ) {}

  /** The state as last recorded. */
  get current(): Readonly<UnitState> {
    return this.state;
  }

  /**
   * Runs the pipeline for `values` (full etcd key -> stored value), the directory as of its change
   * at `revision`. A revision that failed is skipped while nothing in the directory changed since
   * (the same revision, or an older one rendering the same bytes, as after an agent restart).
   * `types`: the render types of the template the directory follows (relative key -> type).
   */
  async apply(
    values: ReadonlyMap<string, string>,
    revision: number,
    { types }: { types?: ReadonlyMap<string, ScalarType> | undefined } = {},
  ): Promise<ApplyOutcome> {
    const { failed } = this.state;
    const failedBefore = (contentHash: string) =>
      failed !== undefined && revision <= failed.revision && failed.contentHash === contentHash;
    let staged: Awaited<ReturnType<typeof stageFile>> | undefined;
    let contentHash: string | null = null;
    try {
      let rendered: Awaited<ReturnType<UnitRenderer['render']>>;
      try {
        rendered = await this.deps.renderer.render(values, { types });
      } catch (error) {
        if (failedBefore('')) return { result: 'skipped', revision };
        throw error;
      }
      for (const secret of rendered.secrets) this.secrets.add(secret);
      contentHash = `sha256:${createHash('sha256').update(rendered.bytes).digest('hex')}`;
      if (failedBefore(contentHash)) return { result: 'skipped', revision };
      const before = await readCurrentFile(this.unit.output.path);
      if (before.bytes?.equals(rendered.bytes)) {
        if (this.deps.action.ensureStarted()) {
          const verdict = await waitHealthy(this.unit.health, { docker: this.deps.docker });
          if (!verdict.healthy) {
            // Not recorded as a failed revision: the file is the rendering, there is nothing to put
            // back, and the next start of the agent must try to start the service again.
            const reason = redact(
              `unit '${this.unit.name}': health check failed: ${verdict.reason}`,
              this.secrets,
            );
            return { result: 'failed', revision, reason, code: 'AGENT_HEALTH_FAILED', rolledBack: null };
          }
        }
        await this.record({ applied: { revision, contentHash, at: new Date().toISOString() } });
        return { result: 'unchanged', revision, contentHash };
      }
      const target = this.unit.output.path;
      const mode = this.unit.mode ?? before.mode ?? (rendered.secrets.length > 0 ? 0o600 : 0o644);
      staged = await stage(this.unit, target, rendered.bytes, {
        mode,
        owner: this.unit.owner ?? before.owner,
      });
      if (this.unit.check !== undefined) {
        const result = await runCommand(this.unit.check.command, {
          file: staged.path,
          timeoutMs: this.unit.check.timeoutMs,
        });
        if (!result.ok)
          throw new ApplyStageError(
            'AGENT_CHECK_FAILED',
            this.unit.name,
            `the check command ${result.summary}`,
          );
      }
      const how = await this.replaceHow();
      await replace(this.unit, staged, how);
      staged = undefined;
      const failure = await this.actAndCheck();
      if (failure === undefined) {
        await this.record({ applied: { revision, contentHash, at: new Date().toISOString() } });
        return { result: 'applied', revision, contentHash };
      }
      const rolledBack = await this.rollBack(before, how);
      return await this.fail(revision, contentHash, failure, rolledBack);
    } catch (error) {
      await staged?.discard();
      const failure =
        error instanceof AgentError
          ? error
          : new ApplyStageError('AGENT_WRITE_FAILED', this.unit.name, (error as Error).message, {
              cause: error,
            });
      return await this.fail(revision, contentHash, failure, null);
    }
  }

  /** Acts, then waits for health; returns the failure, if any. */
  private async actAndCheck(): Promise<ApplyStageError | undefined> {
    try {
      await this.deps.action.run();
    } catch (error) {
      return new ApplyStageError('AGENT_ACTION_FAILED', this.unit.name, (error as Error).message, {
        cause: error,
      });
    }
    const verdict = await waitHealthy(this.unit.health, { docker: this.deps.docker });
    return verdict.healthy
      ? undefined
      : new ApplyStageError('AGENT_HEALTH_FAILED', this.unit.name, `health check failed: ${verdict.reason}`);
  }

  /** Puts the previous file back and tells the service again; true when it is healthy after. */
  private async rollBack(before: CurrentFile, how: 'rename' | 'in-place'): Promise<boolean | null> {
    if (before.bytes === undefined) return null;
    try {
      const staged = await stage(this.unit, this.unit.output.path, before.bytes, {
        mode: before.mode ?? 0o600,
        owner: before.owner,
      });
      await replace(this.unit, staged, how);
    } catch (error) {
      this.deps.logger.error({ unit: this.unit.name, err: error }, 'could not put the previous file back');
      return false;
    }
    const failure = await this.actAndCheck();
    if (failure !== undefined) {
      this.deps.logger.error(
        { unit: this.unit.name, reason: redact(failure.message, this.secrets) },
        'the service is not healthy with the previous file either',
      );
    }
    return failure === undefined;
  }

  private async fail(
    revision: number,
    contentHash: string | null,
    error: AgentError,
    rolledBack: boolean | null,
  ): Promise<ApplyOutcome> {
    const reason = redact(error.message, this.secrets);
    const { applied } = this.state;
    await this.record({
      ...(applied !== undefined ? { applied } : {}),
      failed: { revision, contentHash: contentHash ?? '', reason, at: new Date().toISOString() },
    }).catch((recordError: unknown) =>
      this.deps.logger.error({ unit: this.unit.name, err: recordError }, 'cannot save the agent state'),
    );
    return { result: 'failed', revision, reason, code: error.code, rolledBack };
  }

  private async record(state: UnitState): Promise<void> {
    const same =
      JSON.stringify({ ...state, applied: state.applied && { ...state.applied, at: '' } }) ===
      JSON.stringify({ ...this.state, applied: this.state.applied && { ...this.state.applied, at: '' } });
    this.state = state;
    if (!same) await this.deps.stateFile.write(state);
  }

  /** In place when the unit says so, or (auto) when its container bind-mounts the file alone. */
  private async replaceHow(): Promise<'rename' | 'in-place'> {
    if (this.unit.write !== 'auto') return this.unit.write;
    const container = this.deps.action.container;
    if (container === undefined) return 'rename';
    try {
      return (await this.deps.docker().bindMountsFile(container, this.unit.output.path))
        ? 'in-place'
        : 'rename';
    } catch (error) {
      throw new ApplyStageError('AGENT_ACTION_FAILED', this.unit.name, (error as Error).message, {
        cause: error,
      });
    }
  }
}

async function stage(
  unit: Unit,
  target: string,
  bytes: Buffer,
  options: { mode: number; owner: { uid: number; gid: number } | undefined },
) {
  try {
    return await stageFile(target, bytes, options);
  } catch (error) {
    throw new ApplyStageError(
      'AGENT_WRITE_FAILED',
      unit.name,
      `cannot write beside ${target}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}

async function replace(
  unit: Unit,
  staged: Awaited<ReturnType<typeof stageFile>>,
  how: 'rename' | 'in-place',
): Promise<void> {
  try {
    await staged.replace(how);
  } catch (error) {
    await staged.discard();
    throw new ApplyStageError(
      'AGENT_WRITE_FAILED',
      unit.name,
      `cannot put the new file in place at ${unit.output.path}: ${(error as Error).message}`,
      { cause: error },
    );
  }
}
