// Connecting to a store (real etcd and the embedded store): ETCD_HOST, unreachable endpoints; and,
// on real etcd, etcd users and passwords, and watches that outlive an etcd restart (which
// invalidates every auth token).
import { Range } from 'etcd3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthenticationFailedError,
  connect,
  type EtcdClient,
  EtcdUnreachableError,
  etcdConnectOptionsFromFlags,
  type WatchBatch,
} from '../../src/etcd/index.js';
import { freePort } from '../support/ports.js';
import { type StoreUnderTest, startEtcd, startStore } from '../support/stores.js';
import { waitFor } from '../support/wait.js';

describe.each(['etcd', 'setpoint'] as const)('connect (%s)', (kind) => {
  let store: StoreUnderTest;

  beforeAll(async () => {
    store = await startStore(kind);
  });

  afterAll(async () => {
    await store?.destroy();
  });

  it('takes the endpoints from ETCD_HOST when none are given', async () => {
    const client = await connect({ env: { ETCD_HOST: `http://${store.endpoint}` } });
    try {
      await client.etcd.put('env/key').value('from ETCD_HOST');
      expect(await client.etcd.get('env/key').string()).toBe('from ETCD_HOST');
      expect(client.endpoints.map((e) => e.address)).toEqual([store.endpoint]);
    } finally {
      await client.close();
    }
  });

  it('works when one of several endpoints is down', async () => {
    const down = `127.0.0.1:${await freePort()}`;
    const client = await connect({ endpoints: `${down},${store.endpoint}` });
    try {
      for (let i = 0; i < 5; i++) await client.etcd.put(`several/${i}`).value('x');
      expect(await client.etcd.getAll().prefix('several/').count()).toBe(5);
    } finally {
      await client.close();
    }
  });
});

// No store at all: nothing to run against both.
describe('connect to nothing', () => {
  it('fails with EtcdUnreachableError naming the endpoints and where they came from', async () => {
    const nobody = `127.0.0.1:${await freePort()}`;
    const attempt = connect({ env: { ETCD_HOST: nobody }, connectTimeoutMs: 1_000 });
    await expect(attempt).rejects.toThrow(EtcdUnreachableError);
    await expect(connect({ env: { ETCD_HOST: nobody }, connectTimeoutMs: 1_000 })).rejects.toThrow(
      new RegExp(`cannot reach etcd at ${nobody} \\(from ETCD_HOST\\)`),
    );
  });
});

// etcd-only: the embedded store has no users (its Auth service answers Unimplemented).
describe('etcd users (real etcd with authentication on)', () => {
  let etcd: StoreUnderTest;
  let root: EtcdClient;

  beforeAll(async () => {
    etcd = await startEtcd();
    const setup = await connect({ endpoints: etcd.endpoint });
    try {
      await setup.etcd.user('root').create('root-pw');
      await setup.etcd.role('root').create();
      await setup.etcd.user('root').addRole('root');
      await setup.etcd.role('app-reader').create();
      await setup.etcd.role('app-reader').grant({ permission: 'Read', range: Range.prefix('app/') });
      await setup.etcd.user('reader').create('reader-pw');
      await setup.etcd.user('reader').addRole('app-reader');
      await setup.etcd.auth.authEnable({});
    } finally {
      await setup.close();
    }
    root = await connect({
      endpoints: etcd.endpoint,
      ...etcdConnectOptionsFromFlags({ user: 'root:root-pw' }),
    });
  });

  afterAll(async () => {
    await root?.close();
    await etcd?.destroy();
  });

  it('connects with --user name:password and reads and writes', async () => {
    await root.etcd.put('app/port').value('8080');
    expect(await root.etcd.get('app/port').string()).toBe('8080');
  });

  it('refuses a wrong password with AuthenticationFailedError', async () => {
    const options = { endpoints: etcd.endpoint, auth: { user: 'root', password: 'wrong' } };
    await expect(connect(options)).rejects.toThrow(AuthenticationFailedError);
    await expect(connect(options)).rejects.toThrow(/refused user 'root': wrong user name or password/);
  });

  it('fails a watch the user may not read, with WatchFailedError', async () => {
    const reader = await connect({
      endpoints: etcd.endpoint,
      auth: { user: 'reader', password: 'reader-pw' },
    });
    try {
      const allowed = await reader.rangeSnapshot('app/');
      const denied = reader.watchPrefix('secrets/', {
        fromRevision: allowed.revision,
        onEvents: () => undefined,
        onResync: () => undefined,
      });
      await expect(denied.done).rejects.toMatchObject({ code: 'ETCD_WATCH_FAILED' });
      await expect(denied.done).rejects.toThrow(/grant the etcd user read access/);
    } finally {
      await reader.close();
    }
  });

  it('keeps watching after an etcd restart, which invalidates the auth token the stream used', async () => {
    const reader = await connect({
      endpoints: etcd.endpoint,
      auth: { user: 'reader', password: 'reader-pw' },
    });
    try {
      const snapshot = await reader.rangeSnapshot('app/');
      const batches: WatchBatch[] = [];
      let connections = 0;
      const watch = reader.watchPrefix('app/', {
        fromRevision: snapshot.revision,
        onEvents: (batch) => {
          batches.push(batch);
        },
        onResync: () => undefined,
        onConnected: () => {
          connections++;
        },
        retry: { initialDelayMs: 20, maxDelayMs: 200 },
      });
      await root.etcd.put('app/before').value('1');
      await waitFor(() => batches.length === 1, { what: 'the event before the restart' });

      await etcd.restart();
      const after = await waitFor(() => root.etcd.put('app/after').value('2').exec(), {
        what: 'a write after it',
      });
      await waitFor(() => watch.lastRevision() >= Number(after.header.revision), {
        what: 'the event after the restart',
      });
      await watch.stop();
      await expect(watch.done).resolves.toBeUndefined();
      expect(connections).toBeGreaterThanOrEqual(2);
      expect(batches.map((b) => b.events[0]?.kv.key)).toEqual(['app/before', 'app/after']);
    } finally {
      await reader.close();
    }
  });
});
