// Who set a key's value (`setBy`) through the API, over real etcd and the embedded store: a point
// read however many changes the directory has had, a change too wide for a pointer per key, values
// written outside Setpoint, keys and directories deleted, and values set before any pointer was
// written (found in the change records, as before).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CHANGES_PREFIX, changePath, timeOrderedId } from '../../../src/keyspace/index.js';
import { SET_BY_PREFIX, setByPath, WIDE_CHANGES_PREFIX } from '../../../src/keyspace/layout.js';
import {
  type ApiUnderTest,
  type Caller,
  type EtcdCall,
  etcdCallsDuring,
  startApi,
  touches,
} from '../../support/api.js';

/** Whether a call reads the change records of `directory` (the scan pointers replace). */
function scansChangesOf(directory: string) {
  const records = `${CHANGES_PREFIX}${directory}/`;
  return (call: EtcdCall) => {
    const ranges = [call.request, ...(call.request.success ?? []).map((op) => op.request_range ?? {})];
    return ranges.some((r) => r.key?.toString('utf8').startsWith(records) && r.range_end !== undefined);
  };
}

describe.each(['etcd', 'setpoint'] as const)('who set a key on %s', (kind) => {
  let api: ApiUnderTest;
  let alice: Caller;
  let bob: Caller;

  beforeAll(async () => {
    api = await startApi(kind);
    // Written as a server without pointers wrote it, before any server here wrote one: the value
    // and its change record in one transaction.
    const id = timeOrderedId();
    const record = {
      id,
      directory: 'legacy',
      user: 'old-timer',
      at: new Date().toISOString(),
      message: 'from before',
      source: 'put',
      keys: [{ key: 'legacy/old', action: 'put', sealed: false }],
    };
    await api.client.etcd
      .if('legacy/old', 'Mod', '==', 0)
      .then(
        api.client.etcd.put('legacy/old').value('v1'),
        api.client.etcd.put(changePath('legacy', id)).value(JSON.stringify(record)),
      )
      .commit();
    alice = await api.user('alice', [{ role: 'editor', prefix: '' }]);
    bob = await api.user('bob', [{ role: 'editor', prefix: '' }]);
  }, 120_000);
  afterAll(async () => {
    await api?.stop();
  });

  test('a value set before pointers existed is found in its change record', async () => {
    // The first change here marks from when pointers are written.
    expect((await alice.put('/api/v1/keys/legacy/new', { value: 'v2', message: 'after' })).status).toBe(200);
    const old = await alice.get('/api/v1/keys/legacy/old');
    expect(old.body.setBy).toMatchObject({ user: 'old-timer', message: 'from before', source: 'put' });
    const tree = await alice.get('/api/v1/keys/legacy/');
    expect(tree.body.keys.map((k: { setBy?: { user: string } }) => k.setBy?.user)).toEqual([
      'alice',
      'old-timer',
    ]);
  });

  test('after many changes in a directory, who set each key is still a point read', async () => {
    const last = new Map<string, { user: string; message: string }>();
    for (let n = 0; n < 240; n++) {
      const [who, caller] = n % 3 === 0 ? ['bob', bob] : ['alice', alice];
      const key = `busy/k${n % 24}`;
      const message = `change ${n}`;
      expect((await caller.put(`/api/v1/keys/${key}`, { value: `${n}`, message })).status).toBe(200);
      last.set(key, { user: who, message });
    }
    for (const [key, expected] of last) {
      const calls = await etcdCallsDuring(api.client, async () => {
        const read = await alice.get(`/api/v1/keys/${key}`);
        expect(read.body.setBy, key).toMatchObject({ ...expected, source: 'put' });
      });
      // One transaction reads the key and its pointer (a token's use, recorded once a minute, aside).
      expect(calls.filter(touches(key)).map((c) => c.method)).toEqual(['txn']);
      expect(calls.filter(scansChangesOf('busy'))).toEqual([]);
    }
    const calls = await etcdCallsDuring(api.client, async () => {
      const tree = await alice.get('/api/v1/keys/busy/');
      expect(tree.body.keys).toHaveLength(24);
      for (const key of tree.body.keys) expect(key.setBy).toMatchObject(last.get(key.key)!);
    });
    expect(calls.filter(scansChangesOf('busy'))).toEqual([]);
    // Every change is still in the directory's change records.
    const changes = await api.client.etcd.getAll().prefix(`${CHANGES_PREFIX}busy/`).keys();
    expect(changes).toHaveLength(240);
  });

  test('a change too wide for a pointer per key is found by its wide-change entry', async () => {
    const set = await api.admin.post('/api/v1/directories/wide/changesets', { message: 'seventy at once' });
    const { id } = set.body;
    for (let i = 0; i < 70; i++) {
      const staged = await api.admin.put(`/api/v1/directories/wide/changesets/${id}/keys/k${i}`, {
        value: `${i}`,
      });
      expect(staged.status).toBe(200);
    }
    const published = await api.admin.post(`/api/v1/directories/wide/changesets/${id}/publish`, {});
    expect(published.status).toBe(200);
    expect(await api.client.etcd.getAll().prefix(setByPath('wide/')).keys()).toEqual([]);
    expect(await api.client.etcd.getAll().prefix(`${WIDE_CHANGES_PREFIX}wide/`).keys()).toHaveLength(1);
    const one = await alice.get('/api/v1/keys/wide/k42');
    expect(one.body.setBy).toMatchObject({ user: 'admin', message: 'seventy at once', source: 'changeset' });
    const calls = await etcdCallsDuring(api.client, async () => {
      const tree = await alice.get('/api/v1/keys/wide/');
      expect(tree.body.keys).toHaveLength(70);
      for (const key of tree.body.keys) expect(key.setBy).toMatchObject({ message: 'seventy at once' });
    });
    expect(calls.filter(scansChangesOf('wide'))).toEqual([]);
  });

  test('a value written outside Setpoint shows no setBy, without reading the change records', async () => {
    await alice.put('/api/v1/keys/busy/outside', { value: 'set here' });
    await api.client.etcd.put('busy/outside').value('set by etcdctl').exec();
    const calls = await etcdCallsDuring(api.client, async () => {
      const read = await alice.get('/api/v1/keys/busy/outside');
      expect(read.body.value).toBe('set by etcdctl');
      expect(read.body.setBy).toBeUndefined();
    });
    expect(calls.filter(scansChangesOf('busy'))).toEqual([]);
  });

  test('a deleted key loses its pointer, a deleted directory all of them; the records stay', async () => {
    await alice.put('/api/v1/keys/gone/a', { value: '1' });
    await alice.put('/api/v1/keys/gone/b', { value: '2' });
    expect(await api.client.etcd.getAll().prefix(setByPath('gone/')).keys()).toHaveLength(2);
    expect((await alice.delete('/api/v1/keys/gone/a')).status).toBe(200);
    expect(await api.client.etcd.getAll().prefix(setByPath('gone/')).keys()).toEqual([setByPath('gone/b')]);
    expect((await api.admin.delete('/api/v1/directories/gone?force=true')).status).toBe(200);
    expect(await api.client.etcd.getAll().prefix(setByPath('gone/')).keys()).toEqual([]);
    expect(await api.client.etcd.getAll().prefix(`${CHANGES_PREFIX}gone/`).keys()).toHaveLength(4);
  });

  test("the pointers stay out of every directory's change listing", async () => {
    const listed = await alice.get('/api/v1/directories/busy/changes?limit=1000');
    expect(listed.status).toBe(200);
    expect(listed.body.changes.length).toBeGreaterThanOrEqual(240);
    for (const change of listed.body.changes) expect(change.directory).toBe('busy');
    const pointers = await api.client.etcd.getAll().prefix(SET_BY_PREFIX).keys();
    expect(pointers.length).toBeGreaterThan(0);
  });
});
