// Recipients and directories against the embedded store and real etcd: the library calls, their refusals, and
// `removeRecipientKey` racing `useRecipients` without ever leaving a directory sealing to a removed key.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type StoreUnderTest, startStore } from '../../test/support/stores.js';
import { generateKeyPair, type PublicKey } from '../crypto/index.js';
import { connect, type EtcdClient } from '../etcd/index.js';
import {
  addRecipientKey,
  DirectoryHasNoRecipientsError,
  KeyspaceRecordError,
  listDirectories,
  listRecipientKeys,
  RecipientInUseError,
  RecipientNotFoundError,
  readDirectory,
  recipientsOfDirectory,
  removeRecipientKey,
  useRecipients,
} from './index.js';

describe.each(['setpoint', 'etcd'] as const)('against %s', (kind) => {
  let store: StoreUnderTest;
  let client: EtcdClient;
  let alpha: PublicKey;
  let beta: PublicKey;

  beforeAll(async () => {
    store = await startStore(kind);
    client = await connect({ endpoints: store.endpoint });
    alpha = (await generateKeyPair('x25519')).publicKey;
    beta = (await generateKeyPair('x25519')).publicKey;
  });
  afterAll(async () => {
    await client?.close();
    await store?.destroy();
  });

  describe('recipients of a directory', () => {
    test('are read back with their public keys, in the order named', async () => {
      await addRecipientKey(client, 'alpha', alpha);
      await addRecipientKey(client, 'beta', beta);
      expect((await listRecipientKeys(client)).map((k) => k.name)).toEqual(['alpha', 'beta']);
      await useRecipients(client, 'team-a', ['beta', 'alpha', 'beta']);
      const recipients = await recipientsOfDirectory(client, 'team-a', { required: true });
      expect(recipients.map((r) => [r.name, r.publicKey.keyId])).toEqual([
        ['beta', beta.keyId],
        ['alpha', alpha.keyId],
      ]);
      expect(await listDirectories(client)).toEqual([
        { directory: 'team-a', record: { recipients: ['beta', 'alpha'] } },
      ]);
    });

    test('a directory never configured has none, and sealing to it is refused when required', async () => {
      expect(await readDirectory(client, 'nothing')).toEqual({ recipients: [] });
      expect(await recipientsOfDirectory(client, 'nothing')).toEqual([]);
      await expect(recipientsOfDirectory(client, 'nothing', { required: true })).rejects.toBeInstanceOf(
        DirectoryHasNoRecipientsError,
      );
    });

    test('a damaged record is reported as such, naming its key', async () => {
      await client.etcd.put('_setpoint/directories/broken').value('{not json');
      await expect(readDirectory(client, 'broken')).rejects.toThrow(KeyspaceRecordError);
      await expect(readDirectory(client, 'broken')).rejects.toThrow("'_setpoint/directories/broken'");
      await client.etcd.delete().key('_setpoint/directories/broken');
    });
  });

  describe('removeRecipientKey racing useRecipients', () => {
    test('one of the two always loses: no directory is left naming a removed key', async () => {
      for (let round = 0; round < 15; round++) {
        const directory = `race-${round}`;
        await addRecipientKey(client, 'contested', (await generateKeyPair('x25519')).publicKey);
        const [used, removed] = await Promise.allSettled([
          useRecipients(client, directory, ['contested']),
          removeRecipientKey(client, 'contested'),
        ]);
        // Exactly one wins, and the loser says why.
        expect([used.status, removed.status].sort()).toEqual(['fulfilled', 'rejected']);
        if (used.status === 'rejected') expect(used.reason).toBeInstanceOf(RecipientNotFoundError);
        if (removed.status === 'rejected') {
          expect(removed.reason).toBeInstanceOf(RecipientInUseError);
          expect((removed.reason as RecipientInUseError).directories).toEqual([directory]);
          await useRecipients(client, directory, ['alpha']);
          await removeRecipientKey(client, 'contested');
        }
        const registered = new Set((await listRecipientKeys(client)).map((k) => k.name));
        for (const { record } of await listDirectories(client)) {
          for (const name of record.recipients) expect(registered.has(name)).toBe(true);
        }
      }
    });
  });
});
