// A watch on a member that lost its leader is ended by etcd (the client asks for `hasleader`), so
// it does not stay silently attached; once a quorum is back it resumes without missing a revision.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type EtcdClient, type WatchBatch } from '../../src/etcd/index.js';
import { type EtcdClusterUnderTest, startEtcdCluster } from '../support/etcd-cluster.js';
import { waitFor } from '../support/wait.js';

// etcd-only: needs a 3-member cluster that can lose quorum; the embedded store is a single member.
describe('watch on a member without leader (3-member etcd cluster)', () => {
  let cluster: EtcdClusterUnderTest;
  let writerClient: EtcdClient;
  let watchClient: EtcdClient;

  beforeAll(async () => {
    cluster = await startEtcdCluster({ size: 3 });
    writerClient = await connect({ endpoints: cluster.endpoints, requestTimeoutMs: 3_000 });
  });

  afterAll(async () => {
    await watchClient?.close();
    await writerClient?.close();
    await cluster?.destroy();
  });

  it('is cut off while its member has no leader and resumes once the cluster has one again', async () => {
    const [lonely, ...others] = cluster.members;
    if (lonely === undefined) throw new Error('no members');
    // Only the lonely member's endpoint: the watch cannot move elsewhere.
    watchClient = await connect({ endpoints: lonely.endpoint });
    const prefix = 'leaderless/';
    await writerClient.etcd.put(`${prefix}before`).value('1');
    const snapshot = await watchClient.rangeSnapshot(prefix);

    const batches: WatchBatch[] = [];
    const disconnects: Error[] = [];
    let connections = 0;
    const watch = watchClient.watchPrefix(prefix, {
      fromRevision: snapshot.revision,
      onEvents: (batch) => {
        batches.push(batch);
      },
      onResync: () => {
        throw new Error('no compaction happens in this test');
      },
      onConnected: () => {
        connections++;
      },
      onDisconnected: (error) => {
        disconnects.push(error);
      },
      retry: { initialDelayMs: 50, maxDelayMs: 500 },
    });

    const first = await writerClient.etcd.put(`${prefix}first`).value('1').exec();
    await waitFor(() => batches.length === 1, { what: 'the first event' });
    expect(connections).toBe(1);

    // The lonely member keeps running, but loses its leader.
    await Promise.all(others.map((member) => cluster.kill(member.name)));
    await waitFor(() => disconnects.some((error) => /no leader/.test(error.message)), {
      what: "etcd to end the watch with 'no leader'",
      timeoutMs: 30_000,
    });

    for (const member of others) await cluster.restart(member.name);
    await cluster.waitForLeader();
    const second = await waitFor(() => writerClient.etcd.put(`${prefix}second`).value('2').exec(), {
      what: 'a write once the cluster has a leader again',
    });
    await waitFor(() => watch.lastRevision() >= Number(second.header.revision), {
      what: 'the event written after the leader came back',
      timeoutMs: 30_000,
    });
    await watch.stop();

    expect(connections).toBeGreaterThan(1);
    const finalRevision = (await writerClient.rangeSnapshot(prefix)).revision;
    const expected = Array.from(
      { length: finalRevision - snapshot.revision },
      (_, i) => snapshot.revision + 1 + i,
    );
    expect(batches.map((b) => b.revision)).toEqual(expected);
    expect(batches[0]?.revision).toBe(Number(first.header.revision));
    expect(batches.at(-1)?.events[0]?.kv.key).toBe(`${prefix}second`);
  });
});
