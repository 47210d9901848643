// Requests let in from the server's credential cache, over real etcd and the embedded store: a
// revocation, a disabled user or changed grants made through this server count for the very next
// request; made directly in etcd they reach reads when the watch brings them, and a change racing
// them never lands — its transaction compares the caller's records — but answers 401, 403 or 409.
import type { ITxnRequest } from 'etcd3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connect, type EtcdClient } from '../../../src/etcd/index.js';
import { tokenPath, userPath } from '../../../src/keyspace/index.js';
import {
  CredentialCache,
  createToken,
  deleteUser,
  type Grant,
  revokeToken,
  setDisabled,
  setGrants,
  sha256Hex,
} from '../../../src/server/auth/index.js';
import { type ApiUnderTest, type Caller, startApi } from '../../support/api.js';
import { waitFor } from '../../support/wait.js';

/**
 * Runs `meanwhile` once, right before the server's client sends the next transaction that writes
 * `key`: the request was let in and decided, and its change is on its way to etcd.
 */
function beforeTheChangeOf(client: EtcdClient, key: string, meanwhile: () => Promise<void>): void {
  const kv = client.etcd.kv as unknown as {
    txn: (request: ITxnRequest, options?: unknown) => Promise<unknown>;
  };
  const original = kv.txn;
  kv.txn = async (request, options) => {
    const writes = (request.success ?? []).some((op) => op.request_put?.key?.toString('utf8') === key);
    if (writes) {
      kv.txn = original;
      await meanwhile();
    }
    return original.call(client.etcd.kv, request, options);
  };
}

describe.each(['etcd', 'setpoint'] as const)('credentials from the server cache on %s', (kind) => {
  let api: ApiUnderTest;
  /** A client of its own: what it writes bypasses the server, as etcdctl or another server would. */
  let elsewhere: EtcdClient;
  let users = 0;

  beforeAll(async () => {
    api = await startApi(kind);
    elsewhere = await connect({ endpoints: api.store.endpoint });
    await api.admin.post('/api/v1/directories', { name: 'team' });
    // The first request starts the cache; from then on requests are let in from memory.
    await waitFor(() => CredentialCache.existing(api.client)?.inSync(), {
      what: 'the credential cache in sync',
    });
  }, 120_000);
  afterAll(async () => {
    await elsewhere?.close();
    await api?.stop();
  });

  /** A new user with `grants`, a token of theirs, and a caller sending it. */
  async function someone(grants: Grant[]): Promise<{ name: string; token: string; caller: Caller }> {
    const name = `user-${++users}`;
    const created = await api.admin.post('/api/v1/users', {
      name,
      password: `${name} has a passphrase`,
      grants,
    });
    expect(created.status).toBe(201);
    const { token } = await createToken(api.client, { owner: name, name: 'tests' });
    return { name, token, caller: api.as(token) };
  }

  test('a token revoked through this server is refused on the very next request', async () => {
    const { caller, token } = await someone([{ role: 'editor', prefix: 'team/' }]);
    expect((await caller.put('/api/v1/keys/team/a', { value: '1' })).status).toBe(200);
    expect(CredentialCache.existing(api.client)?.inSync()).toBe(true);
    expect((await api.admin.delete(`/api/v1/tokens/${sha256Hex(token)}`)).status).toBe(204);
    expect((await caller.get('/api/v1/keys/team/a')).status).toBe(401);
    const refused = await caller.put('/api/v1/keys/team/a', { value: '2' });
    expect(refused.status).toBe(401);
    expect(await api.client.etcd.get('team/a').string()).toBe('1');
  });

  test('a user disabled, re-enabled, regranted or deleted through this server counts for the next request', async () => {
    const { name, caller } = await someone([{ role: 'editor', prefix: 'team/' }]);
    expect((await caller.put('/api/v1/keys/team/b', { value: '1' })).status).toBe(200);

    expect((await api.admin.patch(`/api/v1/users/${name}`, { disabled: true })).status).toBe(200);
    expect((await caller.get('/api/v1/keys/team/b')).status).toBe(401);
    expect((await api.admin.patch(`/api/v1/users/${name}`, { disabled: false })).status).toBe(200);
    expect((await caller.get('/api/v1/keys/team/b')).status).toBe(200);

    const viewer = [{ role: 'viewer', prefix: 'team/' }];
    expect((await api.admin.patch(`/api/v1/users/${name}`, { grants: viewer })).status).toBe(200);
    const denied = await caller.put('/api/v1/keys/team/b', { value: '2' });
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('ACCESS_DENIED');
    expect((await caller.get('/api/v1/keys/team/b')).status).toBe(200);

    expect((await api.admin.delete(`/api/v1/users/${name}`)).status).toBe(204);
    expect((await caller.get('/api/v1/keys/team/b')).status).toBe(401);
    expect(await api.client.etcd.get('team/b').string()).toBe('1');
  });

  test('revoking, disabling, regranting or deleting through this server returns once its cache holds the change', async () => {
    const cache = CredentialCache.existing(api.client)!;
    expect(cache.inSync()).toBe(true);
    const { name, token } = await someone([{ role: 'editor', prefix: 'team/' }]);
    const id = sha256Hex(token);
    await waitFor(() => cache.token(id), { what: 'the new token in the cache' });
    await revokeToken(api.client, id);
    expect(cache.token(id)).toBeUndefined();
    await setDisabled(api.client, name, true);
    expect(cache.user(name)?.record.disabled).toBe(true);
    await setGrants(api.client, name, [{ role: 'viewer', prefix: 'team/' }]);
    expect(cache.user(name)?.record.grants).toEqual([{ role: 'viewer', prefix: 'team/' }]);
    await deleteUser(api.client, name);
    expect(cache.user(name)).toBeUndefined();
    expect(cache.inSync()).toBe(true);
  });

  test('a token revoked directly in etcd is refused for reads once the watch brings it', async () => {
    const { caller, token } = await someone([{ role: 'viewer', prefix: 'team/' }]);
    expect((await caller.get('/api/v1/directories/team')).status).toBe(200);
    await elsewhere.etcd
      .delete()
      .key(tokenPath(sha256Hex(token)))
      .exec();
    await waitFor(async () => (await caller.get('/api/v1/directories/team')).status === 401, {
      timeoutMs: 5_000,
      what: 'the revoked token refused',
    });
  });

  test('a change racing a revocation made directly in etcd does not land: 401, nothing written', async () => {
    const { caller, token } = await someone([{ role: 'editor', prefix: 'team/' }]);
    expect((await caller.put('/api/v1/keys/team/c', { value: 'before' })).status).toBe(200);
    const changes = (await api.admin.get('/api/v1/directories/team/changes')).body.changes.length;
    // Let in from memory, decided, and revoked before its transaction reaches etcd.
    beforeTheChangeOf(api.client, 'team/c', async () => {
      await elsewhere.etcd
        .delete()
        .key(tokenPath(sha256Hex(token)))
        .exec();
    });
    const raced = await caller.put('/api/v1/keys/team/c', { value: 'after' });
    expect(raced.status).toBe(401);
    expect(raced.body.error.code).toBe('NOT_SIGNED_IN');
    expect(await api.client.etcd.get('team/c').string()).toBe('before');
    expect((await api.admin.get('/api/v1/directories/team/changes')).body.changes.length).toBe(changes);
  });

  test('a change racing a user disabled or demoted directly in etcd does not land: 401 or 403', async () => {
    for (const [change, status, code] of [
      [(record: Record<string, unknown>) => ({ ...record, disabled: true }), 401, 'NOT_SIGNED_IN'],
      [
        (record: Record<string, unknown>) => ({ ...record, grants: [{ role: 'viewer', prefix: 'team/' }] }),
        403,
        'ACCESS_DENIED',
      ],
    ] as const) {
      const { name, caller } = await someone([{ role: 'editor', prefix: 'team/' }]);
      const key = `team/${name}`;
      expect((await caller.put(`/api/v1/keys/${key}`, { value: 'before' })).status).toBe(200);
      beforeTheChangeOf(api.client, key, async () => {
        const record = JSON.parse((await elsewhere.etcd.get(userPath(name)).string())!);
        await elsewhere.etcd
          .put(userPath(name))
          .value(JSON.stringify(change(record)))
          .exec();
      });
      const raced = await caller.put(`/api/v1/keys/${key}`, { value: 'after' });
      expect(raced.status).toBe(status);
      expect(raced.body.error.code).toBe(code);
      expect(await api.client.etcd.get(key).string()).toBe('before');
    }
  });

  test('a change racing other grants for its user answers USER_CHANGED; one racing only its token use goes through', async () => {
    const { name, caller, token } = await someone([{ role: 'editor', prefix: 'team/' }]);
    const key = `team/${name}`;
    expect((await caller.put(`/api/v1/keys/${key}`, { value: 'one' })).status).toBe(200);
    beforeTheChangeOf(api.client, key, async () => {
      const record = JSON.parse((await elsewhere.etcd.get(userPath(name)).string())!);
      const grants = [...record.grants, { role: 'viewer', prefix: 'other/' }];
      await elsewhere.etcd
        .put(userPath(name))
        .value(JSON.stringify({ ...record, grants }))
        .exec();
    });
    const changed = await caller.put(`/api/v1/keys/${key}`, { value: 'two' });
    expect(changed.status).toBe(409);
    expect(changed.body.error.code).toBe('USER_CHANGED');
    expect(await api.client.etcd.get(key).string()).toBe('one');
    // Sent again, it is decided on the new grants.
    expect((await caller.put(`/api/v1/keys/${key}`, { value: 'two' })).status).toBe(200);

    // Another server recording the token's use moves its record, and nothing it rests on.
    beforeTheChangeOf(api.client, key, async () => {
      const path = tokenPath(sha256Hex(token));
      const record = JSON.parse((await elsewhere.etcd.get(path).string())!);
      await elsewhere.etcd
        .put(path)
        .value(JSON.stringify({ ...record, lastUsedAt: new Date().toISOString() }))
        .exec();
    });
    const used = await caller.put(`/api/v1/keys/${key}`, { value: 'three' });
    expect(used.status).toBe(200);
    expect(await api.client.etcd.get(key).string()).toBe('three');
  });

  test('changes racing a direct revocation: none lands after it, every other answer is a clean 401', async () => {
    const { caller, token } = await someone([{ role: 'editor', prefix: 'team/' }]);
    expect((await caller.put('/api/v1/keys/team/race/0', { value: 'x' })).status).toBe(200);
    let revokedAt = Number.POSITIVE_INFINITY;
    const answers: { status: number; code?: string; revision?: number }[] = [];
    let stop = false;
    const writers = Array.from({ length: 8 }, async (_, w) => {
      for (let n = 0; !stop && n < 200; n++) {
        const answer = await caller.put(`/api/v1/keys/team/race/${w}`, { value: `${n}` });
        answers.push({
          status: answer.status,
          code: answer.body?.error?.code,
          revision: answer.body?.revision,
        });
        if (answer.status === 401) return;
      }
    });
    await waitFor(() => answers.length >= 20, { what: 'changes flowing' });
    const deleted = await elsewhere.etcd
      .delete()
      .key(tokenPath(sha256Hex(token)))
      .exec();
    revokedAt = Number(deleted.header.revision);
    await waitFor(() => answers.some((a) => a.status === 401), { timeoutMs: 10_000, what: 'a refusal' });
    stop = true;
    await Promise.all(writers);
    for (const answer of answers) {
      if (answer.status === 200) expect(answer.revision).toBeLessThan(revokedAt);
      else expect(answer).toMatchObject({ status: 401, code: 'NOT_SIGNED_IN' });
    }
    const { kvs } = await api.client.rangeSnapshot('team/race/');
    for (const kv of kvs) expect(kv.modRevision).toBeLessThan(revokedAt);
  });
});
