// The audit log's retention on real etcd and the embedded store: entries older than the retention
// go in one range delete, newer ones and every key beside the log stay.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connect, type EtcdClient } from '../../src/etcd/index.js';
import { AUDIT_PREFIX, auditPath, paddedRevision } from '../../src/keyspace/index.js';
import { createLogger } from '../../src/log/logger.js';
import { pruneAuditLog, startAuditRetention } from '../../src/server/auth/index.js';
import { type StoreKind, type StoreUnderTest, startStore } from '../support/stores.js';
import { waitFor } from '../support/wait.js';

const dayMs = 24 * 60 * 60 * 1000;
let nextMicro = 0;

describe.each<StoreKind>(['etcd', 'setpoint'])('audit retention on %s', (kind) => {
  let store: StoreUnderTest;
  let client: EtcdClient;

  beforeAll(async () => {
    store = await startStore(kind);
    client = await connect({ endpoints: store.endpoint });
  });
  afterAll(async () => {
    await client?.close();
    await store?.destroy();
  });

  /** Puts an entry recorded `daysAgo` days before `now` (its id: that time in microseconds); returns its key. */
  async function entry(now: Date, daysAgo: number): Promise<string> {
    const key = auditPath(paddedRevision((now.getTime() - daysAgo * dayMs) * 1000 + (nextMicro++ % 1000)));
    await client.etcd.put(key).value(JSON.stringify({ daysAgo })).exec();
    return key;
  }

  async function auditKeys(): Promise<string[]> {
    return (await client.etcd.getAll().prefix(AUDIT_PREFIX).keys()).sort();
  }

  test('deletes the entries older than the retention and nothing else', async () => {
    await client.etcd.delete().prefix(AUDIT_PREFIX).exec();
    const now = new Date('2026-11-30T12:00:00Z');
    const old = [await entry(now, 400), await entry(now, 91)];
    const kept = [await entry(now, 89), await entry(now, 1), await entry(now, 0)];
    // Keys that sort just outside the log, on both sides.
    await client.etcd.put('_setpoint/audis').value('x').exec();
    await client.etcd.put('_setpoint/audit0').value('x').exec();

    expect(old.length + kept.length).toBe((await auditKeys()).length);
    expect(await pruneAuditLog(client, { maxAgeDays: 90, now })).toEqual({ deleted: 2 });
    expect(await auditKeys()).toEqual([...kept].sort());
    expect(await client.etcd.get('_setpoint/audis').string()).toBe('x');
    expect(await client.etcd.get('_setpoint/audit0').string()).toBe('x');
    expect(await pruneAuditLog(client, { maxAgeDays: 90, now })).toEqual({ deleted: 0 });
  });

  test('a running retention prunes at its start and then every interval', async () => {
    await client.etcd.delete().prefix(AUDIT_PREFIX).exec();
    const now = new Date();
    await entry(now, 40);
    const recent = await entry(now, 2);
    const retention = startAuditRetention(client, {
      maxAgeDays: 30,
      intervalMs: 50,
      logger: createLogger('test'),
    });
    try {
      await waitFor(async () => (await auditKeys()).length === 1, { what: 'the first pass' });
      expect(await auditKeys()).toEqual([recent]);
      // An entry that ages past the retention later goes at a later pass.
      await entry(now, 31);
      await waitFor(async () => (await auditKeys()).length === 1, { what: 'a later pass' });
      expect(await auditKeys()).toEqual([recent]);
    } finally {
      await retention.stop();
    }
  });
});
