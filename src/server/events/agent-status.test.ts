// Agent status records as the API reads them: keys named agent/unit, lenient fields, directories
// without slashes, and the directory filter.
import { describe, expect, test } from 'vitest';
import type { KeyValue } from '../../etcd/index.js';
import { agentOfKey, directoryName, isWithin, parseAgentStatus } from './agent-status.js';

const kv = (key: string, value: unknown): KeyValue => ({
  key,
  keyBytes: Buffer.from(key),
  value: Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)),
  createRevision: 4,
  modRevision: 9,
  version: 2,
  lease: '7',
});

describe('agent status records', () => {
  test.each([
    ['_setpoint/agents/host/web', { agent: 'host', unit: 'web' }],
    ['_setpoint/agents/host/a/b', { agent: 'host', unit: 'a/b' }],
    ['_setpoint/agents/host/', undefined],
    ['_setpoint/agents/host', undefined],
    ['_setpoint/users/host/web', undefined],
  ])('agentOfKey(%j)', (key, expected) => {
    expect(agentOfKey(key)).toEqual(expected);
  });

  test('reads a record, with null for what an older agent does not write and the revision it was written at', () => {
    const status = parseAgentStatus(
      kv('_setpoint/agents/host/web', {
        agent: 'host',
        unit: 'web',
        directory: 'hack/',
        state: 'failed',
        pid: 'seven',
      }),
    );
    expect(status).toMatchObject({
      agent: 'host',
      unit: 'web',
      directory: 'hack',
      state: 'failed',
      healthy: false,
      appliedRevision: null,
      lastError: null,
      pid: null,
      revision: 9,
    });
  });

  test.each([
    ['not JSON', 'not json'],
    ['no directory', { agent: 'host', unit: 'web', state: 'healthy' }],
    ['no state', { agent: 'host', unit: 'web', directory: 'hack' }],
  ])('leaves out a record with %s', (_what, value) => {
    expect(parseAgentStatus(kv('_setpoint/agents/host/web', value))).toBeUndefined();
  });

  test('directories and the filter', () => {
    expect(directoryName('/hack/')).toBe('hack');
    expect(isWithin('team/app', 'team')).toBe(true);
    expect(isWithin('team', 'team')).toBe(true);
    expect(isWithin('teams', 'team')).toBe(false);
  });
});
