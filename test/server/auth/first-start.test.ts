// First start: `ensureAdmin` creates `admin` only when no user exists, exactly once when servers race.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connect, type EtcdClient } from '../../../src/etcd/index.js';
import { USERS_PREFIX } from '../../../src/keyspace/index.js';
import {
  can,
  createUser,
  ensureAdmin,
  getUser,
  listUsers,
  PasswordTooWeakError,
  verifyUserPassword,
} from '../../../src/server/auth/index.js';
import { type StoreKind, type StoreUnderTest, startStore } from '../../support/stores.js';

describe.each<StoreKind>(['etcd', 'setpoint'])('first start on %s', (kind) => {
  let store: StoreUnderTest;
  const clients: EtcdClient[] = [];

  beforeAll(async () => {
    store = await startStore(kind);
    for (let i = 0; i < 3; i++) clients.push(await connect({ endpoints: store.endpoint }));
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await store?.destroy();
  });

  async function removeAllUsers() {
    await clients[0]!.etcd.delete().prefix(USERS_PREFIX).exec();
  }

  test('two servers starting at once: exactly one creates admin, one password is returned', async () => {
    for (let round = 0; round < 5; round++) {
      await removeAllUsers();
      const results = await Promise.all(clients.map((c) => ensureAdmin(c, {})));
      const created = results.filter((r) => r.created);
      expect(created).toHaveLength(1);
      const only = created[0]!;
      expect(only.created && only.password).toMatch(/^[A-Za-z0-9_-]{32}$/);
      const users = await listUsers(clients[0]!);
      expect(users.map((u) => u.name)).toEqual(['admin']);
      expect(users[0]!.grants).toEqual([{ role: 'admin', prefix: '' }]);
      const password = only.created ? only.password! : '';
      expect(await verifyUserPassword(clients[1]!, 'admin', password)).toMatchObject({ name: 'admin' });
      expect(can(users[0]!.grants, 'admin', '')).toBe(true);
    }
  });

  test('does nothing when any user exists, and never returns a password again', async () => {
    await removeAllUsers();
    const first = await ensureAdmin(clients[0]!, {});
    expect(first.created).toBe(true);
    const again = await ensureAdmin(clients[0]!, {});
    expect(again).toEqual({ created: false });

    await removeAllUsers();
    await createUser(clients[0]!, { name: 'someone', password: 'correct horse battery' });
    expect(await ensureAdmin(clients[0]!, {})).toEqual({ created: false });
    expect(await getUser(clients[0]!, 'admin')).toBeUndefined();
  });

  test('takes the password it is given (SETPOINT_ADMIN_PASSWORD) and does not return it', async () => {
    await removeAllUsers();
    const result = await ensureAdmin(clients[0]!, { password: 'the given admin passphrase' });
    expect(result).toEqual({ created: true, name: 'admin' });
    expect(await verifyUserPassword(clients[0]!, 'admin', 'the given admin passphrase')).toMatchObject({
      name: 'admin',
    });
  });

  test('refuses a given password that breaks the policy, before writing', async () => {
    await removeAllUsers();
    await expect(ensureAdmin(clients[0]!, { password: 'short' })).rejects.toThrow(PasswordTooWeakError);
    expect(await listUsers(clients[0]!)).toEqual([]);
  });
});
