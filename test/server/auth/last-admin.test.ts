// The last enabled admin on everything is kept, on a real etcd and on the embedded store: deleting,
// disabling or demoting them is refused, also when two admins step down at the same moment.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { connect, type EtcdClient } from '../../../src/etcd/index.js';
import {
  createUser,
  deleteUser,
  type Grant,
  getUser,
  LastAdminError,
  listUsers,
  setDisabled,
  setGrants,
  UserChangedError,
  UserNameError,
  updateUser,
} from '../../../src/server/auth/index.js';
import { type StoreKind, type StoreUnderTest, startStore } from '../../support/stores.js';

const password = 'correct horse battery staple';
const fast = { N: 2 ** 10, r: 8, p: 1 };
const everything: Grant = { role: 'admin', prefix: '' };

/** Names of the enabled users holding admin on everything. */
async function admins(client: EtcdClient): Promise<string[]> {
  return (await listUsers(client))
    .filter((u) => !u.disabled && u.grants.some((g) => g.role === 'admin' && g.prefix === ''))
    .map((u) => u.name)
    .sort();
}

describe.each<StoreKind>(['etcd', 'setpoint'])('the last admin on %s', (kind) => {
  let store: StoreUnderTest;
  let client: EtcdClient;

  beforeAll(async () => {
    store = await startStore(kind);
    client = await connect({ endpoints: store.endpoint });
    await createUser(client, { name: 'root', password, grants: [everything], scrypt: fast });
  });
  afterAll(async () => {
    await client?.close();
    await store?.destroy();
  });

  test('deleting, disabling or demoting the only admin is refused and writes nothing', async () => {
    expect(await admins(client)).toEqual(['root']);
    const before = (await getUser(client, 'root'))!;
    const refusals: [() => Promise<unknown>, string][] = [
      [() => deleteUser(client, 'root'), "cannot delete user 'root'"],
      [() => setDisabled(client, 'root', true), "cannot disable user 'root'"],
      [
        () => setGrants(client, 'root', [{ role: 'admin', prefix: 'hack/' }]),
        "cannot remove the admin grant of user 'root'",
      ],
      [() => setGrants(client, 'root', [{ role: 'publisher', prefix: '' }]), 'cannot remove the admin grant'],
      [
        () => updateUser(client, 'root', { grants: [everything], disabled: true }),
        "cannot disable user 'root'",
      ],
    ];
    for (const [refusal, message] of refusals) {
      const err = await refusal().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(LastAdminError);
      expect((err as LastAdminError).code).toBe('LAST_ADMIN');
      expect((err as LastAdminError).message).toContain(message);
      expect((err as LastAdminError).message).toMatch(/give another user admin on '' first/);
    }
    expect(await getUser(client, 'root')).toEqual(before);

    // Changes that keep admin on everything are fine.
    const more = await setGrants(client, 'root', [everything, { role: 'viewer', prefix: 'hack/' }]);
    expect(more.grants).toHaveLength(2);
    expect((await updateUser(client, 'root', { disabled: false })).disabled).toBe(false);
  });

  test('admins of a directory and disabled admins do not count', async () => {
    await createUser(client, {
      name: 'hack-admin',
      password,
      grants: [{ role: 'admin', prefix: 'hack/' }],
      scrypt: fast,
    });
    await createUser(client, { name: 'sleeper', password, grants: [everything], scrypt: fast });
    await setDisabled(client, 'sleeper', true);
    await expect(deleteUser(client, 'root')).rejects.toThrow(LastAdminError);
    // A disabled admin may go, and come back.
    await setGrants(client, 'sleeper', []);
    await setGrants(client, 'sleeper', [everything]);
    await deleteUser(client, 'sleeper');
    await deleteUser(client, 'hack-admin');
    expect(await admins(client)).toEqual(['root']);
  });

  test('with a second admin, either may go; then the other is the last', async () => {
    await createUser(client, { name: 'deputy', password, grants: [everything], scrypt: fast });
    await setDisabled(client, 'deputy', true);
    await setDisabled(client, 'deputy', false);
    await setGrants(client, 'root', [{ role: 'viewer', prefix: '' }]);
    await expect(deleteUser(client, 'deputy')).rejects.toThrow(LastAdminError);
    await setGrants(client, 'root', [everything]);
    await deleteUser(client, 'deputy');
    expect(await admins(client)).toEqual(['root']);
  });

  test('two admins stepping down at once: one does, the other is refused', async () => {
    for (let round = 0; round < 8; round++) {
      await createUser(client, { name: `twin-${round}`, password, grants: [everything], scrypt: fast });
      // root steps aside so that exactly two admins are left: twin and root's stand-in below.
      await createUser(client, { name: `pair-${round}`, password, grants: [everything], scrypt: fast });
      await setGrants(client, 'root', []);
      expect(await admins(client)).toEqual([`pair-${round}`, `twin-${round}`]);

      const changes =
        round % 2 === 0
          ? [setDisabled(client, `twin-${round}`, true), setGrants(client, `pair-${round}`, [])]
          : [deleteUser(client, `pair-${round}`), deleteUser(client, `twin-${round}`)];
      const results = await Promise.allSettled(changes);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect([LastAdminError, UserChangedError].some((type) => lost.reason instanceof type)).toBe(true);
      const left = await admins(client);
      expect(left).toHaveLength(1);

      // Put things back for the next round: root admin again, the pair gone.
      await setGrants(client, 'root', [everything]);
      for (const name of [`twin-${round}`, `pair-${round}`]) {
        if (await getUser(client, name)) await deleteUser(client, name);
      }
      expect(await admins(client)).toEqual(['root']);
    }
  });

  test('demoting oneself and the other admin at once leaves one admin', async () => {
    await createUser(client, { name: 'other', password, grants: [everything], scrypt: fast });
    const results = await Promise.allSettled([
      setGrants(client, 'root', []),
      setGrants(client, 'other', []),
      setDisabled(client, 'root', true),
      deleteUser(client, 'other'),
    ]);
    expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
    for (const r of results) {
      if (r.status === 'rejected') {
        expect([LastAdminError, UserChangedError].some((type) => r.reason instanceof type)).toBe(true);
      }
    }
    expect(await admins(client)).toHaveLength(1);
  });

  test("a user name holding 'spt_' is refused: the audit log could not name it", async () => {
    await expect(createUser(client, { name: 'spt_abcdefghijklmnopqrstu', password })).rejects.toThrow(
      UserNameError,
    );
    await expect(createUser(client, { name: 'x.spt_y', password })).rejects.toThrow(/without 'spt_'/);
  });
});
