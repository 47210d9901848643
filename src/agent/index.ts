// The agent: services follow their configuration, safely. See docs/agent.md.
export { type Agent, startAgent } from './agent.js';
export type { ApplyOutcome } from './apply-pipeline.js';
export { agentSettingsFromConfig, readAgentConfigFile } from './config-file.js';
export { environmentVariables, settingsFromEnvironment } from './environment.js';
export {
  AgentConfigError,
  AgentError,
  type AgentErrorCode,
  AgentOnceTimeoutError,
  AgentStateError,
  ApplyStageError,
} from './errors.js';
export type { AgentSettings } from './settings.js';
export type { Action, Command, HealthCheck, Output, Unit, WriteMode } from './unit.js';
export type { UnitPhase, UnitStatus } from './unit-status.js';
