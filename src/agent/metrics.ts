// The agent's Prometheus metrics, on its own registry (served at /metrics when a port is set).
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The agent's metrics.
 *
 * @example
 * metrics.applies.inc({ unit: 'registry', result: 'applied' });
 */
export class AgentMetrics {
  readonly registry = new Registry();
  /** Apply runs by result: applied, unchanged, failed, skipped (a revision that failed before). */
  readonly applies = new Counter({
    name: 'setpoint_agent_applies_total',
    help: 'Apply pipeline runs by unit and result (applied, unchanged, failed, skipped).',
    labelNames: ['unit', 'result'] as const,
    registers: [this.registry],
  });
  readonly rollbacks = new Counter({
    name: 'setpoint_agent_rollbacks_total',
    help: 'Previous files put back after a failed change, by unit and whether the service was healthy again.',
    labelNames: ['unit', 'healthy'] as const,
    registers: [this.registry],
  });
  readonly applyDuration = new Histogram({
    name: 'setpoint_agent_apply_duration_seconds',
    help: 'Time from reading the directory to a verdict (written, acted on, health gate passed or failed).',
    labelNames: ['unit'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });
  readonly appliedRevision = new Gauge({
    name: 'setpoint_agent_applied_revision',
    help: 'The directory revision the unit file was last applied from.',
    labelNames: ['unit'] as const,
    registers: [this.registry],
  });
  readonly healthy = new Gauge({
    name: 'setpoint_agent_unit_healthy',
    help: '1 when the unit applied its latest revision and passed its health gate, else 0.',
    labelNames: ['unit'] as const,
    registers: [this.registry],
  });
  readonly etcdConnected = new Gauge({
    name: 'setpoint_agent_etcd_connected',
    help: '1 while the unit follows its directory in etcd, 0 while etcd cannot be reached.',
    labelNames: ['unit'] as const,
    registers: [this.registry],
  });
}
