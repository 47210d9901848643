// A watch through the client layer survives `kill -9` of the etcd leader it is attached to, on a
// real 3-member cluster, while writers keep writing: every revision arrives exactly once, in order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type EtcdClient, type PrefixWatch, type WatchBatch } from '../../src/etcd/index.js';
import { type EtcdClusterUnderTest, startEtcdCluster } from '../support/etcd-cluster.js';
import { waitFor } from '../support/wait.js';

interface AcknowledgedWrite {
  key: string;
  value: string;
  revision: number;
}

// etcd-only: needs a 3-member cluster and a leader to kill; the embedded store is a single member.
describe('watch across a leader crash (3-member etcd cluster)', () => {
  let cluster: EtcdClusterUnderTest;
  let client: EtcdClient;

  beforeAll(async () => {
    cluster = await startEtcdCluster({ size: 3 });
    client = await connect({ endpoints: cluster.endpoints, requestTimeoutMs: 3_000 });
  });

  afterAll(async () => {
    await client?.close();
    await cluster?.destroy();
  });

  it('sees every acknowledged write exactly once and in order after the leader is killed', async () => {
    const prefix = 'failover/';
    for (let i = 0; i < 20; i++) await client.etcd.put(`${prefix}seed/${i}`).value(`seed-${i}`);
    const snapshot = await client.rangeSnapshot(prefix);
    expect(snapshot.kvs).toHaveLength(20);

    const leader = await cluster.waitForLeader();
    const leaderId = (await statusOf(leader.endpoint)).memberId;

    // Attach the watch to the leader, so killing the leader kills the watch's stream. Which member
    // serves a stream is the client's random choice: start again until it is the leader.
    const batches: WatchBatch[] = [];
    const servedBy: string[] = [];
    const disconnects: Error[] = [];
    let watch: PrefixWatch | undefined;
    for (let attempt = 0; attempt < 40 && watch === undefined; attempt++) {
      const candidate = client.watchPrefix(prefix, {
        fromRevision: snapshot.revision,
        onEvents: (batch) => {
          batches.push(batch);
        },
        onResync: () => {
          throw new Error('no compaction happens in this test');
        },
        onConnected: (connection) => {
          servedBy.push(connection.memberId);
        },
        onDisconnected: (error) => {
          disconnects.push(error);
        },
        retry: { initialDelayMs: 20, maxDelayMs: 500 },
      });
      await waitFor(() => servedBy.length > 0, { what: 'the watch to connect' });
      if (servedBy[0] === leaderId) watch = candidate;
      else {
        await candidate.stop();
        servedBy.length = 0;
      }
    }
    if (watch === undefined) throw new Error('the watch never attached to the leader');
    const active = watch;

    const acknowledged: AcknowledgedWrite[] = [];
    let writing = true;
    const writer = async (id: number) => {
      for (let seq = 0; seq < 1_000 && writing; seq++) {
        const key = `${prefix}w${id}/${seq}`;
        let attempt = 0;
        // A failed put may still have been applied; every attempt writes a distinct value.
        await waitFor(
          async () => {
            const value = `w${id}-${seq}-a${attempt++}`;
            const response = await client.etcd.put(key).value(value).exec();
            acknowledged.push({ key, value, revision: Number(response.header.revision) });
            return true;
          },
          { what: `writer ${id} to write ${key}`, timeoutMs: 30_000 },
        );
      }
    };
    const writers = [writer(1), writer(2), writer(3)];

    await waitFor(() => acknowledged.length >= 60 && batches.length >= 30, {
      what: 'writes before the crash',
    });
    await cluster.kill(leader.name);
    const acknowledgedAtKill = acknowledged.length;
    await waitFor(() => acknowledged.length >= acknowledgedAtKill + 90, {
      what: 'writes after the leader crash',
      timeoutMs: 45_000,
    });
    writing = false;
    await Promise.all(writers);

    const finalRevision = (await client.rangeSnapshot(prefix)).revision;
    await waitFor(() => active.lastRevision() >= finalRevision, {
      what: `the watch to reach revision ${finalRevision}`,
      timeoutMs: 30_000,
    });
    await active.stop();

    // The stream broke with the leader and the watch resumed on a surviving member.
    expect(disconnects.length).toBeGreaterThan(0);
    expect(servedBy.length).toBeGreaterThan(1);
    expect(servedBy.at(-1)).not.toBe(leaderId);

    // Only these writers write here, one key per put: every revision after the snapshot is one
    // event, so the watch must have delivered exactly snapshot+1 .. final, each once, in order.
    const revisions = batches.map((b) => b.revision);
    const expected = Array.from(
      { length: finalRevision - snapshot.revision },
      (_, i) => snapshot.revision + 1 + i,
    );
    expect(revisions).toEqual(expected);
    expect(batches.every((b) => b.events.length === 1)).toBe(true);

    const seen = new Map(batches.map((b) => [b.revision, b.events[0]]));
    for (const write of acknowledged) {
      const event = seen.get(write.revision);
      expect(event?.type, `revision ${write.revision}`).toBe('put');
      expect(event?.kv.key).toBe(write.key);
      expect(event?.kv.value.toString()).toBe(write.value);
    }
    expect(acknowledged.length).toBeGreaterThan(acknowledgedAtKill);
  });
});

async function statusOf(endpoint: string) {
  const single = await connect({ endpoints: endpoint });
  try {
    return await single.status();
  } finally {
    await single.close();
  }
}
