// API tokens and login sessions on a real etcd and on the embedded store: made, found, ended, expired;
// only their hashes stored.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connect, type EtcdClient } from '../../../src/etcd/index.js';
import { SESSIONS_PREFIX, sessionPath, TOKENS_PREFIX, tokenPath } from '../../../src/keyspace/index.js';
import {
  authenticateSession,
  authenticateToken,
  createSession,
  createToken,
  createUser,
  csrfTokenMatches,
  destroySession,
  listTokens,
  lookupSession,
  lookupToken,
  revokeToken,
  setDisabled,
  sha256Hex,
  TokenNameError,
  TokenNotFoundError,
  UserNotFoundError,
} from '../../../src/server/auth/index.js';
import { type StoreKind, type StoreUnderTest, startStore } from '../../support/stores.js';
import { waitFor } from '../../support/wait.js';

const password = 'correct horse battery staple';

async function everyKeyAndValue(client: EtcdClient): Promise<string> {
  const { kvs } = await client.etcd.getAll().all().exec();
  return kvs.map((kv) => `${kv.key.toString('utf8')}=${kv.value.toString('utf8')}`).join('\n');
}

describe.each<StoreKind>(['etcd', 'setpoint'])('tokens and sessions on %s', (kind) => {
  let store: StoreUnderTest;
  let client: EtcdClient;

  beforeAll(async () => {
    store = await startStore(kind);
    client = await connect({ endpoints: store.endpoint });
    await createUser(client, { name: 'alice', password, grants: [{ role: 'editor', prefix: 'hack/' }] });
    await createUser(client, { name: 'bob', password });
  });
  afterAll(async () => {
    await client?.close();
    await store?.destroy();
  });

  test('a token is shown once, stored only as its SHA-256, and found by hashing it', async () => {
    const created = await createToken(client, { owner: 'alice', name: 'ci deploy' });
    expect(created.token).toMatch(/^spt_[A-Za-z0-9_-]{43}$/);
    expect(created.id).toBe(sha256Hex(created.token));
    expect(JSON.parse((await client.etcd.get(tokenPath(created.id)).string())!)).toEqual({
      owner: 'alice',
      name: 'ci deploy',
      createdAt: created.record.createdAt,
    });
    const everything = await everyKeyAndValue(client);
    expect(everything).toContain(created.id);
    expect(everything).not.toContain(created.token);
    expect(everything).not.toContain(created.token.slice(4));

    const found = await lookupToken(client, created.token);
    expect(found).toMatchObject({ id: created.id, owner: 'alice', name: 'ci deploy' });
    expect(found!.lastUsedAt).toBeDefined();
    expect((await listTokens(client, { owner: 'alice' })).map((t) => t.id)).toContain(created.id);
    expect((await listTokens(client, { owner: 'bob' })).map((t) => t.id)).not.toContain(created.id);
  });

  test('records lastUsedAt at most once a minute', async () => {
    const { token, id } = await createToken(client, { owner: 'alice', name: 'often used' });
    const t0 = new Date();
    await lookupToken(client, token, { now: t0 });
    const revision = Number((await client.etcd.get(tokenPath(id)).exec()).kvs[0]!.mod_revision);
    await lookupToken(client, token, { now: new Date(t0.getTime() + 30_000) });
    expect(Number((await client.etcd.get(tokenPath(id)).exec()).kvs[0]!.mod_revision)).toBe(revision);
    const later = await lookupToken(client, token, { now: new Date(t0.getTime() + 61_000) });
    expect(later!.lastUsedAt).toBe(new Date(t0.getTime() + 61_000).toISOString());
  });

  test('an expired token is not found', async () => {
    const expiresAt = new Date(Date.now() + 3_600_000);
    const { token } = await createToken(client, { owner: 'alice', name: 'short lived', expiresAt });
    expect(await lookupToken(client, token, { now: new Date(expiresAt.getTime() - 1) })).toBeDefined();
    expect(await lookupToken(client, token, { now: expiresAt })).toBeUndefined();
  });

  test('a revoked token is not found; revoking again is TokenNotFoundError', async () => {
    const { token, id } = await createToken(client, { owner: 'alice', name: 'to revoke' });
    expect(await revokeToken(client, id)).toMatchObject({ id, owner: 'alice', name: 'to revoke' });
    expect(await lookupToken(client, token)).toBeUndefined();
    await expect(revokeToken(client, id)).rejects.toThrow(TokenNotFoundError);
    await expect(revokeToken(client, 'not-an-id')).rejects.toThrow(TokenNotFoundError);
  });

  test('refuses unknown owners, bad names, and malformed or guessed tokens', async () => {
    await expect(createToken(client, { owner: 'nobody', name: 'x' })).rejects.toThrow(UserNotFoundError);
    await expect(createToken(client, { owner: 'alice', name: '' })).rejects.toThrow(TokenNameError);
    await expect(createToken(client, { owner: 'alice', name: 'a\nb' })).rejects.toThrow(TokenNameError);
    expect(await lookupToken(client, 'spt_short')).toBeUndefined();
    expect(await lookupToken(client, `spt_${'A'.repeat(43)}`)).toBeUndefined();
    expect(await lookupToken(client, '')).toBeUndefined();
  });

  test('a disabled owner cannot authenticate with a token or a session', async () => {
    await createUser(client, { name: 'carol', password });
    const { token } = await createToken(client, { owner: 'carol', name: 'laptop' });
    const session = await createSession(client, { user: 'carol' });
    expect(await authenticateToken(client, token)).toMatchObject({ via: 'token', user: { name: 'carol' } });
    expect(await authenticateSession(client, session.id)).toMatchObject({
      via: 'session',
      user: { name: 'carol' },
    });
    await setDisabled(client, 'carol', true);
    expect(await authenticateToken(client, token)).toBeUndefined();
    expect(await authenticateSession(client, session.id)).toBeUndefined();
    // Disabling ended the session; the token stays for when the user is enabled again.
    expect(await lookupSession(client, session.id)).toBeUndefined();
    await setDisabled(client, 'carol', false);
    expect(await authenticateToken(client, token)).toMatchObject({
      user: { name: 'carol', disabled: false },
    });
  });

  test('a session is stored under the hash of its id, on a lease, with a CSRF token', async () => {
    const session = await createSession(client, { user: 'alice', from: '192.0.2.1' });
    expect(session.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const kv = (await client.etcd.get(sessionPath(sha256Hex(session.id))).exec()).kvs[0]!;
    expect(kv.lease).not.toBe('0');
    const stored = JSON.parse(kv.value.toString('utf8')) as Record<string, unknown>;
    expect(stored).toMatchObject({ user: 'alice', ttlSeconds: 43_200, from: '192.0.2.1' });
    expect(await everyKeyAndValue(client)).not.toContain(session.id);

    const found = await lookupSession(client, session.id);
    expect(found).toMatchObject({ id: session.id, user: 'alice', csrfToken: session.csrfToken });
    expect(csrfTokenMatches(found!, session.csrfToken)).toBe(true);
    expect(csrfTokenMatches(found!, `${session.csrfToken.slice(0, -1)}x`)).toBe(false);
    expect(csrfTokenMatches(found!, undefined)).toBe(false);
    const other = await createSession(client, { user: 'alice' });
    expect(other.csrfToken).not.toBe(session.csrfToken);

    expect(await destroySession(client, session.id)).toBe(true);
    expect(await lookupSession(client, session.id)).toBeUndefined();
    expect(await destroySession(client, session.id)).toBe(false);
    expect(await lookupSession(client, 'made-up')).toBeUndefined();
    await expect(createSession(client, { user: 'nobody' })).rejects.toThrow(UserNotFoundError);
  });

  test('a session ends with its lease when not used', async () => {
    const session = await createSession(client, { user: 'bob', ttlSeconds: 2 });
    expect(await lookupSession(client, session.id)).toBeDefined();
    await waitFor(async () => (await lookupSession(client, session.id)) === undefined, {
      what: 'the session lease to expire',
      timeoutMs: 15_000,
    });
    const left = await client.etcd.getAll().prefix(SESSIONS_PREFIX).keys();
    expect(left).not.toContain(sessionPath(sha256Hex(session.id)));
  });

  test('using a session moves it to a fresh lease and revokes the old one (sliding renewal)', async () => {
    const session = await createSession(client, { user: 'bob', ttlSeconds: 30 });
    const key = sessionPath(sha256Hex(session.id));
    const before = (await client.etcd.get(key).exec()).kvs[0]!;
    const later = new Date(Date.parse(session.renewedAt) + 1000);
    const renewed = await lookupSession(client, session.id, { now: later, renewEveryMs: 500 });
    expect(renewed!.renewedAt).toBe(later.toISOString());
    const after = (await client.etcd.get(key).exec()).kvs[0]!;
    expect(after.lease).not.toBe(before.lease);
    const old = await client.etcd.leaseClient.leaseTimeToLive({ ID: before.lease });
    expect(Number(old.TTL)).toBe(-1);
    const fresh = await client.etcd.leaseClient.leaseTimeToLive({ ID: after.lease });
    expect(Number(fresh.grantedTTL)).toBe(30);
    // Not due yet: no write.
    await lookupSession(client, session.id, { now: new Date(later.getTime() + 100), renewEveryMs: 500 });
    expect((await client.etcd.get(key).exec()).kvs[0]!.mod_revision).toBe(after.mod_revision);
  });

  test('two requests renewing one session at once keep it alive on one lease', async () => {
    const session = await createSession(client, { user: 'bob', ttlSeconds: 30 });
    const later = new Date(Date.parse(session.renewedAt) + 1000);
    const both = await Promise.all([
      lookupSession(client, session.id, { now: later, renewEveryMs: 500 }),
      lookupSession(client, session.id, { now: later, renewEveryMs: 500 }),
    ]);
    expect(both.every((s) => s?.user === 'bob')).toBe(true);
    const kv = (await client.etcd.get(sessionPath(sha256Hex(session.id))).exec()).kvs[0]!;
    const ttl = await client.etcd.leaseClient.leaseTimeToLive({ ID: kv.lease });
    expect(Number(ttl.TTL)).toBeGreaterThan(0);
  });

  test('every token and session record is named by a SHA-256, never by the secret', async () => {
    for (const prefix of [TOKENS_PREFIX, SESSIONS_PREFIX]) {
      const { kvs } = await client.rangeSnapshot(prefix);
      for (const kv of kvs) expect(kv.key.slice(prefix.length)).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});
