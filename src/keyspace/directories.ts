// Directory metadata under `_setpoint/directories/`: which recipients a directory seals its values to.
import type { PublicKey } from '../crypto/index.js';
import type { EtcdClient } from '../etcd/index.js';
import { DirectoryHasNoRecipientsError, RecipientNotFoundError } from './errors.js';
import { validateDirectoryName } from './key-name.js';
import { DIRECTORIES_PREFIX, directoryPath, recipientKeyPath } from './layout.js';
import { readRecipientKeys, validateRecipientName } from './recipient-keys.js';
import { type DirectoryRecord, parseDirectoryRecord } from './records.js';
import { commitWithRetry, exists, putOp, unchangedSince } from './transaction.js';

/**
 * A directory's metadata record; a directory never configured reads as `{ recipients: [] }`.
 *
 * @example
 * const { recipients } = await readDirectory(client, 'hack');
 */
export async function readDirectory(client: EtcdClient, directory: string): Promise<DirectoryRecord> {
  validateDirectoryName(directory);
  const key = directoryPath(directory);
  const value = await client.etcd.get(key).buffer();
  return value === null ? { recipients: [] } : parseDirectoryRecord(key, value);
}

/**
 * Makes `names` the recipients of `directory` (replacing the previous list, keeping every other
 * field of its record). Every name must be registered: checked in the same transaction that writes,
 * so a concurrent `removeRecipientKey` cannot remove one in between.
 *
 * @example
 * await useRecipients(client, 'team-a', ['team-a-agent', 'ops']);
 */
export async function useRecipients(
  client: EtcdClient,
  directory: string,
  names: readonly string[],
): Promise<{ record: DirectoryRecord; revision: number }> {
  validateDirectoryName(directory);
  if (names.length === 0) {
    throw new TypeError(`useRecipients: name at least one recipient for directory '${directory}'`);
  }
  for (const name of names) validateRecipientName(name);
  const recipients = [...new Set(names)];
  const key = directoryPath(directory);
  let record: DirectoryRecord = { recipients };
  const revision = await commitWithRetry(client, `cannot set the recipients of '${directory}'`, async () => {
    const current = await client.etcd.get(key).exec();
    const kv = current.kvs[0];
    const previous = kv === undefined ? {} : parseDirectoryRecord(key, kv.value);
    const keys = await Promise.all(
      recipients.map((name) => client.etcd.get(recipientKeyPath(name)).exists()),
    );
    const missing = recipients.filter((_, i) => !keys[i]);
    if (missing.length > 0) throw new RecipientNotFoundError(missing);
    record = { ...previous, recipients };
    return {
      compare: [
        unchangedSince(key, kv === undefined ? 0 : Number(kv.mod_revision)),
        ...recipients.map((name) => exists(recipientKeyPath(name))),
      ],
      success: [putOp(key, JSON.stringify(record))],
    };
  });
  return { record, revision };
}

/**
 * The recipients `directory` seals sensitive values to, with their public keys. With
 * `{ required: true }` a directory without recipients is a `DirectoryHasNoRecipientsError`.
 *
 * @example
 * const recipients = await recipientsOfDirectory(client, directoryOf(key), { required: true });
 * const stored = await seal(value, { key, recipients: recipients.map((r) => r.publicKey) });
 */
export async function recipientsOfDirectory(
  client: EtcdClient,
  directory: string,
  options: { required?: boolean } = {},
): Promise<{ name: string; publicKey: PublicKey }[]> {
  const { recipients } = await readDirectory(client, directory);
  if (recipients.length === 0 && options.required) throw new DirectoryHasNoRecipientsError(directory);
  return readRecipientKeys(client, recipients);
}

/**
 * Every directory that has a metadata record, with its record, by name.
 *
 * @example
 * for (const { directory, record } of await listDirectories(client)) console.log(directory, record.recipients);
 */
export async function listDirectories(
  client: EtcdClient,
): Promise<{ directory: string; record: DirectoryRecord }[]> {
  const { kvs } = await client.rangeSnapshot(DIRECTORIES_PREFIX);
  return kvs.map((kv) => ({
    directory: kv.key.slice(DIRECTORIES_PREFIX.length),
    record: parseDirectoryRecord(kv.key, kv.value),
  }));
}
