// GET /api/v1/agents over real stores: the status the agent's own publisher writes, shown only for
// directories the caller may read, filtered by directory, gone when the agent stops (lease revoked)
// or dies (lease expired).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { StatusPublisher } from '../../../src/agent/status-publisher.js';
import type { UnitStatus } from '../../../src/agent/unit-status.js';
import { agentStatusPath } from '../../../src/keyspace/index.js';
import { createLogger } from '../../../src/log/logger.js';
import { type ApiUnderTest, type Caller, startApi } from '../../support/api.js';
import { waitFor } from '../../support/wait.js';

function unitStatus(
  agent: string,
  unit: string,
  directory: string,
  extra: Partial<UnitStatus> = {},
): UnitStatus {
  return {
    agent,
    unit,
    directory,
    output: `/etc/${unit}/config.yml`,
    state: 'healthy',
    appliedRevision: 42,
    contentHash: 'sha256:9f2c',
    seenRevision: 42,
    failedRevision: null,
    lastError: null,
    rolledBack: null,
    etcdConnected: true,
    updatedAt: '2026-11-22T10:00:00.000Z',
    host: agent,
    pid: 7,
    version: '0.1.0',
    ...extra,
  };
}

describe.each(['etcd', 'setpoint'] as const)('agents on %s', (kind) => {
  let api: ApiUnderTest;
  let teamViewer: Caller;
  let publisher: StatusPublisher;
  const logger = createLogger('agents-test');
  const names = (body: { agents: { agent: string; unit: string }[] }) =>
    body.agents.map((status) => `${status.agent}/${status.unit}`).sort();

  beforeAll(async () => {
    api = await startApi(kind);
    teamViewer = await api.user('teamviewer', [{ role: 'viewer', prefix: 'team/' }]);
    publisher = new StatusPublisher(api.client, 30, logger);
    publisher.publish(unitStatus('registry-host', 'registry', 'team'));
    publisher.publish(
      unitStatus('registry-host', 'app', 'team/app', {
        state: 'failed',
        failedRevision: 50,
        lastError: 'AGENT_HEALTH_FAILED: the service was not healthy within 30s',
        rolledBack: true,
      }),
    );
    publisher.publish(unitStatus('registry-host', 'billing', 'other'));
    await publisher.settled();
  });
  afterAll(async () => {
    await publisher?.stop();
    await api?.stop();
  });

  test('an admin sees every unit with its directory, applied revision, hash, health and last error', async () => {
    const answer = await api.admin.get('/api/v1/agents');
    expect(answer.status).toBe(200);
    expect(names(answer.body)).toEqual([
      'registry-host/app',
      'registry-host/billing',
      'registry-host/registry',
    ]);
    const app = answer.body.agents.find((status: { unit: string }) => status.unit === 'app');
    expect(app).toMatchObject({
      agent: 'registry-host',
      directory: 'team/app',
      state: 'failed',
      healthy: false,
      appliedRevision: 42,
      contentHash: 'sha256:9f2c',
      failedRevision: 50,
      lastError: 'AGENT_HEALTH_FAILED: the service was not healthy within 30s',
      rolledBack: true,
      updatedAt: '2026-11-22T10:00:00.000Z',
      host: 'registry-host',
    });
    expect(app.revision).toBeGreaterThan(0);
    expect(answer.body.revision).toBeGreaterThanOrEqual(app.revision);
  });

  test('a user sees only the units of directories they may read', async () => {
    const answer = await teamViewer.get('/api/v1/agents');
    expect(answer.status).toBe(200);
    expect(names(answer.body)).toEqual(['registry-host/app', 'registry-host/registry']);
  });

  test('?directory= keeps the units of that directory and those below it', async () => {
    expect(names((await api.admin.get('/api/v1/agents?directory=team')).body)).toEqual([
      'registry-host/app',
      'registry-host/registry',
    ]);
    expect(names((await api.admin.get('/api/v1/agents?directory=team/app/')).body)).toEqual([
      'registry-host/app',
    ]);
    expect(names((await teamViewer.get('/api/v1/agents?directory=other')).body)).toEqual([]);
    expect(names((await api.admin.get('/api/v1/agents?directory=tea')).body)).toEqual([]);
  });

  test('without credentials the list is refused', async () => {
    const answer = await api.anonymous.get('/api/v1/agents');
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('NOT_SIGNED_IN');
  });

  test('a record that is not a status is left out, the others still shown', async () => {
    const lease = api.client.etcd.lease(30);
    await lease.put(agentStatusPath('broken-host', 'unit')).value('not json').exec();
    try {
      const answer = await api.admin.get('/api/v1/agents');
      expect(answer.status).toBe(200);
      expect(names(answer.body)).not.toContain('broken-host/unit');
      expect(answer.body.agents.length).toBeGreaterThanOrEqual(3);
    } finally {
      await lease.revoke();
    }
  });

  test('a stopped agent disappears at once (its lease is revoked)', async () => {
    const stopping = new StatusPublisher(api.client, 30, logger);
    stopping.publish(unitStatus('short-lived', 'web', 'team'));
    await stopping.settled();
    await waitFor(
      async () => names((await teamViewer.get('/api/v1/agents')).body).includes('short-lived/web'),
      {
        what: 'the new agent to appear',
      },
    );
    await stopping.stop();
    await waitFor(
      async () => !names((await teamViewer.get('/api/v1/agents')).body).includes('short-lived/web'),
      {
        what: 'the stopped agent to disappear',
      },
    );
  });

  test('a dead agent disappears when its lease expires', { timeout: 60_000 }, async () => {
    const { ID } = await api.client.etcd.leaseClient.leaseGrant({ TTL: 2, ID: 0 });
    await api.client.etcd.kv.put({
      key: Buffer.from(agentStatusPath('dead-host', 'web')),
      value: Buffer.from(JSON.stringify(unitStatus('dead-host', 'web', 'team'))),
      lease: ID,
    });
    expect(names((await api.admin.get('/api/v1/agents')).body)).toContain('dead-host/web');
    // Nobody keeps the lease alive: etcd expires it after its TTL, and the record with it.
    await waitFor(
      async () => !names((await api.admin.get('/api/v1/agents')).body).includes('dead-host/web'),
      {
        what: 'the dead agent to disappear',
        timeoutMs: 30_000,
        intervalMs: 200,
      },
    );
  });
});
