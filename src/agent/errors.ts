// The errors of the agent: one class per failure, each with a stable `code`.

/**
 * Every code an agent error carries.
 *
 * @example
 * if (err instanceof AgentError && err.code === 'AGENT_CONFIG_INVALID') process.exit(2);
 */
export type AgentErrorCode =
  | 'AGENT_CONFIG_INVALID'
  | 'AGENT_RENDER_FAILED'
  | 'AGENT_SECRET_UNREADABLE'
  | 'AGENT_CHECK_FAILED'
  | 'AGENT_WRITE_FAILED'
  | 'AGENT_ACTION_FAILED'
  | 'AGENT_HEALTH_FAILED'
  | 'AGENT_STATE_INVALID'
  | 'AGENT_ONCE_TIMEOUT';

/**
 * The base of every error the agent throws or reports.
 *
 * @example
 * try { await pipeline.apply(state); } catch (err) { if (err instanceof AgentError) report(err.code); }
 */
export abstract class AgentError extends Error {
  abstract readonly code: AgentErrorCode;
}

/**
 * The agent's configuration (file, environment or flags) is wrong; lists every problem found.
 *
 * @example
 * throw new AgentConfigError('agent.yaml', ['units[0].directory: required']);
 */
export class AgentConfigError extends AgentError {
  readonly code = 'AGENT_CONFIG_INVALID';
  override readonly name = 'AgentConfigError';
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`${source} is not a valid agent configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * A stage of the apply pipeline failed for one revision of a unit's directory.
 *
 * @example
 * throw new ApplyStageError('AGENT_CHECK_FAILED', 'registry', 'the check command exited with status 1');
 */
export class ApplyStageError extends AgentError {
  override readonly name = 'ApplyStageError';
  constructor(
    readonly code: Exclude<
      AgentErrorCode,
      'AGENT_CONFIG_INVALID' | 'AGENT_STATE_INVALID' | 'AGENT_ONCE_TIMEOUT'
    >,
    readonly unit: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`unit '${unit}': ${reason}`, options);
  }
}

/**
 * The agent's local state file cannot be read; the message names the file and what to do.
 *
 * @example
 * throw new AgentStateError('/var/lib/setpoint-agent/registry.json', 'not JSON');
 */
export class AgentStateError extends AgentError {
  readonly code = 'AGENT_STATE_INVALID';
  override readonly name = 'AgentStateError';
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`the agent state file ${path} is unreadable (${reason}); move it away and the agent starts afresh`);
  }
}

/**
 * `setpoint agent --once` gave up: some unit had no outcome within the wait (etcd did not answer,
 * or the apply did not finish). The message names each such unit and why.
 *
 * @example
 * throw new AgentOnceTimeoutError(60_000, ["unit 'hack': etcd cannot be reached"]);
 */
export class AgentOnceTimeoutError extends AgentError {
  readonly code = 'AGENT_ONCE_TIMEOUT';
  override readonly name = 'AgentOnceTimeoutError';
  constructor(
    readonly waitedMs: number,
    readonly units: readonly string[],
  ) {
    super(
      `gave up after ${waitedMs / 1000} s: ${units.join('; ')}; the files were left as they were. ` +
        'Check that etcd answers at ETCD_HOST (or etcd.endpoints), or wait longer with --once-timeout',
    );
  }
}
