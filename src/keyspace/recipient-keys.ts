// Registered recipients: public keys stored by name under `_setpoint/keys/`, added, listed and removed.
import { type PublicKey, readPublicKey } from '../crypto/index.js';
import type { EtcdClient } from '../etcd/index.js';
import {
  KeyspaceRecordError,
  RecipientInUseError,
  RecipientKeyAlreadyAddedError,
  RecipientNameError,
  RecipientNameTakenError,
  RecipientNotFoundError,
} from './errors.js';
import { DIRECTORIES_PREFIX, RECIPIENT_KEYS_PREFIX, recipientKeyPath } from './layout.js';
import { parseDirectoryRecord, parseRecipientKeyRecord, type RecipientKeyRecord } from './records.js';
import { commitWithRetry, deleteOp, nothingNewUnder, putOp, unchangedSince } from './transaction.js';

const recipientName = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * Throws `RecipientNameError` unless `name` is 1 to 128 letters, digits, `.`, `_` or `-` (and not
 * `.` or `..`).
 *
 * @example
 * validateRecipientName('team-a.agent'); // ok
 */
export function validateRecipientName(name: string): void {
  if (typeof name !== 'string' || !recipientName.test(name) || name === '.' || name === '..') {
    throw new RecipientNameError(String(name));
  }
}

/**
 * What `addRecipientKey` did: `added` is false when the same key was already registered under the name.
 *
 * @example
 * const { added, record } = await addRecipientKey(client, 'team-a', key);
 */
export interface AddedRecipientKey {
  readonly added: boolean;
  readonly record: RecipientKeyRecord;
  readonly revision: number;
}

/**
 * Registers a public key as recipient `name`. Adding the same key under the same name again changes
 * nothing; a name used by another key (`RecipientNameTakenError`) or a key registered under another
 * name (`RecipientKeyAlreadyAddedError`) is refused. One transaction, so concurrent adds cannot both win.
 *
 * @example
 * await addRecipientKey(client, 'team-a', await readPublicKey(await readFile('id_rsa.pub')));
 */
export async function addRecipientKey(
  client: EtcdClient,
  name: string,
  publicKey: PublicKey,
): Promise<AddedRecipientKey> {
  validateRecipientName(name);
  const record: RecipientKeyRecord = {
    name,
    type: publicKey.type,
    keyId: publicKey.keyId,
    ...(publicKey.bits === undefined ? {} : { bits: publicKey.bits }),
    publicKey: publicKey.keyObject.export({ type: 'spki', format: 'pem' }).toString(),
    addedAt: new Date().toISOString(),
  };
  let existing: RecipientKeyRecord | undefined;
  let revision = 0;
  revision = await commitWithRetry(client, `cannot add key '${name}'`, async () => {
    const snapshot = await client.rangeSnapshot(RECIPIENT_KEYS_PREFIX);
    existing = undefined;
    for (const kv of snapshot.kvs) {
      const other = parseRecipientKeyRecord(kv.key, kv.value);
      if (kv.key === recipientKeyPath(name)) {
        if (other.keyId !== publicKey.keyId) throw new RecipientNameTakenError(name, other.keyId);
        existing = other;
      } else if (other.keyId === publicKey.keyId) {
        throw new RecipientKeyAlreadyAddedError(name, other.name, publicKey.keyId);
      }
    }
    // Already there: an empty transaction that only checks nothing changed.
    const success = existing ? [] : [putOp(recipientKeyPath(name), JSON.stringify(record))];
    return { compare: [nothingNewUnder(RECIPIENT_KEYS_PREFIX, snapshot.revision)], success };
  });
  return existing ? { added: false, record: existing, revision } : { added: true, record, revision };
}

/**
 * Every registered recipient key, by name.
 *
 * @example
 * for (const key of await listRecipientKeys(client)) console.log(key.name, key.keyId);
 */
export async function listRecipientKeys(client: EtcdClient): Promise<RecipientKeyRecord[]> {
  const { kvs } = await client.rangeSnapshot(RECIPIENT_KEYS_PREFIX);
  return kvs.map((kv) => parseRecipientKeyRecord(kv.key, kv.value));
}

/**
 * The public keys registered under `names`, in that order; `RecipientNotFoundError` lists any missing.
 *
 * @example
 * const [teamA] = await readRecipientKeys(client, ['team-a']);
 */
export async function readRecipientKeys(
  client: EtcdClient,
  names: readonly string[],
): Promise<{ name: string; publicKey: PublicKey }[]> {
  const found = await Promise.all(
    names.map(async (name) => {
      const key = recipientKeyPath(name);
      const text = await client.etcd.get(key).buffer();
      return { name, key, text };
    }),
  );
  const missing = found.filter((f) => f.text === null).map((f) => f.name);
  if (missing.length > 0) throw new RecipientNotFoundError(missing);
  return Promise.all(
    found.map(async ({ name, key, text }) => {
      const record = parseRecipientKeyRecord(key, text!);
      try {
        return { name, publicKey: await readPublicKey(record.publicKey, { source: key }) };
      } catch (cause) {
        throw new KeyspaceRecordError(key, 'its public key cannot be read', { cause });
      }
    }),
  );
}

/**
 * Removes recipient `name`; refused with `RecipientInUseError` (naming the directories) while any
 * directory still uses it. The check and the delete are one transaction comparing every directory
 * record read, so a concurrent `useRecipients` cannot slip in between.
 *
 * @example
 * await removeRecipientKey(client, 'old-agent');
 */
export async function removeRecipientKey(client: EtcdClient, name: string): Promise<{ revision: number }> {
  validateRecipientName(name);
  const key = recipientKeyPath(name);
  const revision = await commitWithRetry(client, `cannot remove key '${name}'`, async () => {
    const directories = await client.rangeSnapshot(DIRECTORIES_PREFIX);
    const current = await client.etcd.get(key).revision(directories.revision).exec();
    const kv = current.kvs[0];
    if (kv === undefined) throw new RecipientNotFoundError([name]);
    const users = directories.kvs
      .filter((d) => parseDirectoryRecord(d.key, d.value).recipients.includes(name))
      .map((d) => d.key.slice(DIRECTORIES_PREFIX.length));
    if (users.length > 0) throw new RecipientInUseError(name, users);
    return {
      compare: [
        unchangedSince(key, Number(kv.mod_revision)),
        ...directories.kvs.map((d) => unchangedSince(d.key, d.modRevision)),
        // A directory record created after the read (a concurrent `keys use`) fails this one.
        nothingNewUnder(DIRECTORIES_PREFIX, directories.revision),
      ],
      success: [deleteOp(key)],
    };
  });
  return { revision };
}
