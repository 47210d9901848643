// Stream events made from etcd changes, and who may see them: user keys become `change` events
// without their value, status records `agent` events (a delete named by the directory seen
// before), access records internal `access` events, other Setpoint records nothing.
import { describe, expect, test } from 'vitest';
import type { KeyValue, WatchBatch } from '../../etcd/index.js';
import type { Principal } from '../auth/index.js';
import { toServerEvents } from './server-events.js';
import { mayNotice } from './stream-access.js';

function kv(key: string, value: string, modRevision = 10): KeyValue {
  return {
    key,
    keyBytes: Buffer.from(key),
    value: Buffer.from(value),
    createRevision: modRevision,
    modRevision,
    version: 1,
    lease: '0',
  };
}
const status = (unit: string, directory: string) =>
  JSON.stringify({ agent: 'host', unit, directory, state: 'healthy', appliedRevision: 3 });

function principal(grants: { role: 'viewer' | 'admin'; prefix: string }[]): Principal {
  return {
    via: 'token',
    user: { name: 'u', grants, createdAt: '', updatedAt: '', disabled: false, modRevision: 1 },
    token: { id: 'x', owner: 'u', name: 't', createdAt: '' },
  } as unknown as Principal;
}

describe('toServerEvents', () => {
  test('turns one revision into change, agent and access events, dropping other Setpoint records', () => {
    const directories = new Map<string, string>();
    const batch: WatchBatch = {
      revision: 10,
      events: [
        { type: 'put', kv: kv('hack/http/addr', ':5000') },
        { type: 'delete', kv: kv('toplevel', '') },
        { type: 'put', kv: kv('_setpoint/agents/host/web', status('web', '/team/')) },
        { type: 'put', kv: kv('_setpoint/tokens/abc', '{}') },
        { type: 'put', kv: kv('_setpoint/history/hack/http/addr@1', '{}') },
        { type: 'put', kv: kv('_setpoint/agents/host/bad', 'not json') },
      ],
    };
    const events = toServerEvents(batch, directories);
    expect(events).toEqual([
      {
        kind: 'change',
        revision: 10,
        data: { key: 'hack/http/addr', type: 'put', revision: 10, directory: 'hack' },
      },
      {
        kind: 'change',
        revision: 10,
        data: { key: 'toplevel', type: 'delete', revision: 10, directory: 'toplevel' },
      },
      expect.objectContaining({
        kind: 'agent',
        data: expect.objectContaining({ type: 'status', directory: 'team' }),
      }),
      { kind: 'access', revision: 10, key: '_setpoint/tokens/abc' },
    ]);
    expect(JSON.stringify(events)).not.toContain(':5000');
    expect(directories.get('_setpoint/agents/host/web')).toBe('team');

    const gone = toServerEvents(
      { revision: 11, events: [{ type: 'delete', kv: kv('_setpoint/agents/host/web', '', 11) }] },
      directories,
    );
    expect(gone).toEqual([
      {
        kind: 'agent',
        revision: 11,
        data: { type: 'gone', agent: 'host', unit: 'web', directory: 'team', revision: 11 },
      },
    ]);
  });

  test('with learn off, the directories seen are read but not changed', () => {
    const directories = new Map([['_setpoint/agents/host/web', 'team']]);
    toServerEvents(
      { revision: 5, events: [{ type: 'put', kv: kv('_setpoint/agents/host/web', status('web', 'old')) }] },
      directories,
      false,
    );
    expect(directories.get('_setpoint/agents/host/web')).toBe('team');
  });
});

describe('mayNotice', () => {
  const change = (key: string) =>
    ({
      kind: 'change',
      revision: 1,
      data: { key, type: 'put', revision: 1, directory: key.split('/')[0]! },
    }) as const;
  const agent = (directory: string | null) =>
    ({
      kind: 'agent',
      revision: 1,
      data: { type: 'gone', agent: 'a', unit: 'u', directory, revision: 1 },
    }) as const;
  const backup = { kind: 'backup', data: {} } as never;

  test.each([
    ['a change under a readable prefix', [{ role: 'viewer', prefix: 'team/' }], change('team/x'), true],
    ['a change elsewhere', [{ role: 'viewer', prefix: 'team/' }], change('teams/x'), false],
    ['an agent of a readable directory', [{ role: 'viewer', prefix: 'team/' }], agent('team'), true],
    [
      'an agent of a nested readable directory',
      [{ role: 'viewer', prefix: 'team/' }],
      agent('team/app'),
      true,
    ],
    ['an agent elsewhere', [{ role: 'viewer', prefix: 'team/' }], agent('other'), false],
    ['an agent of an unknown directory, as a viewer', [{ role: 'viewer', prefix: '' }], agent(null), false],
    ['an agent of an unknown directory, as an admin', [{ role: 'admin', prefix: '' }], agent(null), true],
    ['backup progress, as a viewer of everything', [{ role: 'viewer', prefix: '' }], backup, false],
    ['backup progress, as an admin of team/', [{ role: 'admin', prefix: 'team/' }], backup, false],
    ['backup progress, as an admin', [{ role: 'admin', prefix: '' }], backup, true],
  ] as const)('%s: %s', (_what, grants, event, expected) => {
    expect(mayNotice(principal([...grants]), event as never)).toBe(expected);
  });
});
