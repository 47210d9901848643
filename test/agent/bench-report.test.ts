// The agent benchmark's judgement of its one-agent target: p99 under 50 ms counts only over at
// least 200 measured changes; a run cut short by --max-seconds before that is a MISS, however fast.
import { describe, expect, it } from 'vitest';
import type { OneAgentResult } from '../../bench/agent/one-agent.js';
import { parseAgentOptions } from '../../bench/agent/options.js';
import { buildReport, formatReport } from '../../bench/agent/report.js';

const machine = {
  date: '2026-11-30T15:00:00.000Z',
  cores: 2,
  cpuModel: 'test',
  node: 'v20',
  loadAverage: [0, 0, 0],
  etcdVersion: '3.5',
};
const fast = { count: 0, p50: 2, p99: 10, max: 12 };

function oneAgent(changes: number, cutShort: boolean): OneAgentResult {
  const latency = { ...fast, count: changes };
  return {
    changes,
    visible: latency,
    event: latency,
    agentShare: latency,
    status: latency,
    raw: latency,
    agentCpuMsPerChange: 1,
    missedEvents: 0,
    cutShort,
  };
}

describe('the agent benchmark one-agent target', () => {
  const options = parseAgentOptions(['--max-seconds', '5'])!;

  it.each([
    [500, false, 'PASS'],
    [200, false, 'PASS'],
    [199, true, 'MISS'],
    [37, true, 'MISS'],
  ])('%i measured changes (cut short: %s) -> %s', (changes, cutShort, result) => {
    const report = buildReport(machine, options, [{ store: 'etcd', one: oneAgent(changes, cutShort) }], 5);
    const row = report.targets.find((t) => t.target.startsWith('one agent'));
    expect(row).toMatchObject({
      target: 'one agent: put -> file p99 < 50 ms, over at least 200 changes',
      valueMs: 10,
      result,
    });
    const text = formatReport(report);
    if (result === 'MISS') {
      expect(text).toContain(
        `etcd: one agent: ${changes} measured changes (cut short by --max-seconds 5), fewer than the 200 its target needs: MISS;`,
      );
    } else {
      expect(text).not.toContain('fewer than the 200');
    }
  });

  it('is n/a when the one agent could not be measured at all', () => {
    const report = buildReport(machine, options, [{ store: 'etcd', oneFailure: 'no store' }], 1);
    expect(report.targets[0]?.result).toBe('n/a');
  });
});
