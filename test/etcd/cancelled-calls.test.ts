// The etcd client's circuit breaker counts failures of etcd, not calls this process cancelled: a
// burst of watches ended on purpose (leader campaigns all handing over at once do this) must leave
// the next request served, on real etcd and the embedded store.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connect, type EtcdClient } from '../../src/etcd/index.js';
import { type StoreKind, type StoreUnderTest, startStore } from '../support/stores.js';

describe.each<StoreKind>(['etcd', 'setpoint'])('cancelled calls on %s', (kind) => {
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

  test('watches cancelled one after another leave the client serving', async () => {
    // A namespace has a watch stream of its own (as each leader campaign does): every cancel here
    // ends a stream, which gRPC reports as CANCELLED.
    const watchers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => client.etcd.namespace(`cancelled/${i}/`).watch().key('k').create()),
    );
    await Promise.all(watchers.map((watcher) => watcher.cancel()));
    await client.etcd.put('cancelled/after').value('served').exec();
    expect(await client.etcd.get('cancelled/after').string()).toBe('served');
    expect(await client.currentRevision()).toBeGreaterThan(0);
  });
});
