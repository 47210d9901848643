// User accounts on a real etcd and on the embedded store: create, read, change with compare-and-swap,
// passwords, disable, delete (with their tokens and sessions).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connect, type EtcdClient } from '../../../src/etcd/index.js';
import { userPath } from '../../../src/keyspace/index.js';
import {
  createSession,
  createToken,
  createUser,
  deleteUser,
  getUser,
  listTokens,
  listUsers,
  lookupSession,
  lookupToken,
  PasswordTooWeakError,
  readUserRecord,
  setDisabled,
  setGrants,
  setPassword,
  UserChangedError,
  UserExistsError,
  UserNameError,
  UserNotFoundError,
  verifyUserPassword,
} from '../../../src/server/auth/index.js';
import { type StoreKind, type StoreUnderTest, startStore } from '../../support/stores.js';

const password = 'correct horse battery staple';

describe.each<StoreKind>(['etcd', 'setpoint'])('users on %s', (kind) => {
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

  test('creates a user once; the record holds a hash, the views do not', async () => {
    const created = await createUser(client, {
      name: 'alice',
      password,
      grants: [{ role: 'editor', prefix: 'hack/' }],
    });
    expect(created).toMatchObject({
      name: 'alice',
      grants: [{ role: 'editor', prefix: 'hack/' }],
      disabled: false,
    });
    expect(created).not.toHaveProperty('passwordHash');
    await expect(createUser(client, { name: 'alice', password })).rejects.toThrow(UserExistsError);

    const stored = JSON.parse((await client.etcd.get(userPath('alice')).string())!) as Record<
      string,
      unknown
    >;
    expect(Object.keys(stored).sort()).toEqual([
      'createdAt',
      'disabled',
      'grants',
      'name',
      'passwordHash',
      'updatedAt',
    ]);
    expect(stored.passwordHash).toMatch(/^scrypt\$N=16384,r=8,p=1\$/);
    expect(JSON.stringify(stored)).not.toContain(password);

    const shown = await getUser(client, 'alice');
    expect(shown).toEqual(created);
    expect(shown).not.toHaveProperty('passwordHash');
    const listed = await listUsers(client);
    expect(listed.map((u) => u.name)).toContain('alice');
    for (const user of listed) expect(user).not.toHaveProperty('passwordHash');
  });

  test('two creates of one name at once: exactly one wins', async () => {
    const results = await Promise.allSettled([
      createUser(client, { name: 'twin', password }),
      createUser(client, { name: 'twin', password: 'another long passphrase' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(UserExistsError);
  });

  test('refuses bad names and weak passwords before writing', async () => {
    await expect(createUser(client, { name: 'Alice', password })).rejects.toThrow(UserNameError);
    await expect(createUser(client, { name: 'x'.repeat(65), password })).rejects.toThrow(UserNameError);
    await expect(createUser(client, { name: 'bob', password: 'short' })).rejects.toThrow(
      PasswordTooWeakError,
    );
    await expect(
      createUser(client, { name: 'bobbybobby', password: 'bobbybobbybobbybobby' }),
    ).rejects.toThrow(PasswordTooWeakError);
    expect(await getUser(client, 'bob')).toBeUndefined();
    expect(await getUser(client, 'bobbybobby')).toBeUndefined();
  });

  test('verifies the right password, refuses a wrong one, an unknown user and a disabled one', async () => {
    await createUser(client, { name: 'carol', password });
    expect(await verifyUserPassword(client, 'carol', password)).toMatchObject({ name: 'carol' });
    expect(await verifyUserPassword(client, 'carol', `${password}!`)).toBeUndefined();
    expect(await verifyUserPassword(client, 'nobody', password)).toBeUndefined();
    expect(await verifyUserPassword(client, 'Not A Name', password)).toBeUndefined();
    await setDisabled(client, 'carol', true);
    expect(await verifyUserPassword(client, 'carol', password)).toBeUndefined();
    await setDisabled(client, 'carol', false);
    expect(await verifyUserPassword(client, 'carol', password)).toMatchObject({
      name: 'carol',
      disabled: false,
    });
  });

  test('a new password replaces the old one and ends sessions', async () => {
    await createUser(client, { name: 'dave', password });
    const session = await createSession(client, { user: 'dave' });
    await setPassword(client, 'dave', 'a brand new passphrase');
    expect(await verifyUserPassword(client, 'dave', password)).toBeUndefined();
    expect(await verifyUserPassword(client, 'dave', 'a brand new passphrase')).toMatchObject({
      name: 'dave',
    });
    expect(await lookupSession(client, session.id)).toBeUndefined();
    await expect(setPassword(client, 'dave', 'davedavedavedave')).rejects.toThrow(PasswordTooWeakError);
  });

  test('a concurrent edit loses cleanly with UserChangedError and writes nothing', async () => {
    const user = await createUser(client, { name: 'erin', password });
    const first = setGrants(client, 'erin', [{ role: 'viewer', prefix: '' }], {
      ifModRevision: user.modRevision,
    });
    const second = setGrants(client, 'erin', [{ role: 'admin', prefix: '' }], {
      ifModRevision: user.modRevision,
    });
    const results = await Promise.allSettled([first, second]);
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(UserChangedError);
    expect((lost.reason as UserChangedError).code).toBe('USER_CHANGED');
    const now = (await getUser(client, 'erin'))!;
    expect((lost.reason as UserChangedError).currentModRevision).toBe(now.modRevision);
    expect(now.grants).toEqual((won[0] as PromiseFulfilledResult<{ grants: unknown }>).value.grants);

    // A stale revision is refused up front.
    await expect(setDisabled(client, 'erin', true, { ifModRevision: user.modRevision })).rejects.toThrow(
      UserChangedError,
    );
    await expect(deleteUser(client, 'erin', { ifModRevision: user.modRevision })).rejects.toThrow(
      UserChangedError,
    );
    expect((await getUser(client, 'erin'))!.disabled).toBe(false);
  });

  test('many concurrent read-modify-write edits: each lands or fails typed, none is lost', async () => {
    await createUser(client, { name: 'frank', password });
    const prefixes = Array.from({ length: 12 }, (_, i) => `dir${i}/`);
    const results = await Promise.allSettled(
      prefixes.map((prefix) => setGrants(client, 'frank', [{ role: 'viewer', prefix }])),
    );
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(UserChangedError);
    const landed = results.filter((r) => r.status === 'fulfilled') as PromiseFulfilledResult<{
      modRevision: number;
      grants: readonly { prefix: string }[];
    }>[];
    expect(landed.length).toBeGreaterThanOrEqual(1);
    const last = landed.sort((a, b) => b.value.modRevision - a.value.modRevision)[0]!.value;
    expect((await getUser(client, 'frank'))!.grants).toEqual(last.grants);
  });

  test('refuses invalid grants and unknown users', async () => {
    await expect(setGrants(client, 'alice', [{ role: 'editor', prefix: 'hack' }])).rejects.toThrow(
      /end with '\/'/,
    );
    await expect(setGrants(client, 'nobody', [])).rejects.toThrow(UserNotFoundError);
    await expect(setPassword(client, 'nobody', password)).rejects.toThrow(UserNotFoundError);
    await expect(deleteUser(client, 'nobody')).rejects.toThrow(UserNotFoundError);
  });

  test('deleting a user removes their record, tokens and sessions', async () => {
    await createUser(client, { name: 'gone', password });
    await createUser(client, { name: 'stays', password });
    const token = await createToken(client, { owner: 'gone', name: 'ci' });
    const kept = await createToken(client, { owner: 'stays', name: 'ci' });
    const session = await createSession(client, { user: 'gone' });
    await deleteUser(client, 'gone');
    expect(await readUserRecord(client, 'gone')).toBeUndefined();
    expect(await lookupToken(client, token.token)).toBeUndefined();
    expect(await lookupSession(client, session.id)).toBeUndefined();
    expect(await lookupToken(client, kept.token)).toMatchObject({ owner: 'stays' });
    expect((await listTokens(client)).map((t) => t.owner)).not.toContain('gone');
  });
});
