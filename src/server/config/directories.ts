// Directories: the top segment of keys, with a metadata record (description, recipients, who made
// it) under `_setpoint/directories/`. Listed, created, described, deleted (when empty, or with its keys).
import { isSealed } from '../../crypto/index.js';
import type { EtcdClient } from '../../etcd/index.js';
import {
  DIRECTORIES_PREFIX,
  type DirectoryRecord,
  directoryPath,
  parseDirectoryRecord,
  prefixRangeEnd,
  RESERVED_PREFIX,
  RecipientNotFoundError,
  recipientKeyPath,
  validateDirectoryName,
  validateRecipientName,
} from '../../keyspace/index.js';
import { exists, nothingNewUnder, unchangedSince } from '../../keyspace/transaction.js';
import { authored, commitChange, type PublishedChange } from './changes.js';
import {
  DirectoryChangedError,
  DirectoryExistsError,
  DirectoryNotEmptyError,
  DirectoryNotFoundError,
} from './errors.js';
import type { Author } from './keys.js';
import { dropSetByOf } from './set-by.js';

/**
 * A directory as the API lists it.
 *
 * @example
 * { name: 'hack', description: 'the registry', recipients: ['registry-agent'], keyCount: 12, modRevision: 7 }
 */
export interface DirectoryInfo {
  readonly name: string;
  readonly description: string;
  readonly recipients: readonly string[];
  readonly keyCount: number;
  readonly createdAt?: string;
  readonly createdBy?: string;
  /** The metadata record's revision (0: none; the directory exists by its keys only). */
  readonly modRevision: number;
  /** Fields of the record this version does not interpret (a template, for instance). */
  readonly extra: Readonly<Record<string, unknown>>;
}

function info(
  name: string,
  record: DirectoryRecord | undefined,
  keyCount: number,
  modRevision: number,
): DirectoryInfo {
  const { recipients = [], description, createdAt, createdBy, ...extra } = record ?? { recipients: [] };
  return {
    name,
    description: typeof description === 'string' ? description : '',
    recipients,
    keyCount,
    ...(typeof createdAt === 'string' ? { createdAt } : {}),
    ...(typeof createdBy === 'string' ? { createdBy } : {}),
    modRevision,
    extra,
  };
}

/**
 * Every directory: those with a metadata record and those that only hold keys, by name.
 *
 * @example
 * for (const d of await listDirectoryInfos(client)) console.log(d.name, d.keyCount);
 */
export async function listDirectoryInfos(client: EtcdClient): Promise<DirectoryInfo[]> {
  const [records, keys] = await Promise.all([
    client.etcd.kv.range({
      key: Buffer.from(DIRECTORIES_PREFIX),
      range_end: prefixRangeEnd(DIRECTORIES_PREFIX),
    }),
    // Every user key sorts before '_setpoint/' or after it: two ranges skip Setpoint's own records.
    Promise.all([
      client.etcd.kv.range({
        key: Buffer.from([0]),
        range_end: Buffer.from(RESERVED_PREFIX),
        keys_only: true,
      }),
      client.etcd.kv.range({
        key: prefixRangeEnd(RESERVED_PREFIX),
        range_end: Buffer.from([0]),
        keys_only: true,
      }),
    ]),
  ]);
  const counts = new Map<string, number>();
  for (const kv of [...keys[0].kvs, ...keys[1].kvs]) {
    const name = kv.key.toString('utf8').split('/', 1)[0]!;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const found = new Map<string, DirectoryInfo>();
  for (const kv of records.kvs) {
    const name = kv.key.toString('utf8').slice(DIRECTORIES_PREFIX.length);
    found.set(
      name,
      info(
        name,
        parseDirectoryRecord(kv.key.toString('utf8'), kv.value),
        counts.get(name) ?? 0,
        Number(kv.mod_revision),
      ),
    );
  }
  for (const [name, count] of counts) if (!found.has(name)) found.set(name, info(name, undefined, count, 0));
  return [...found.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

async function keyCountOf(client: EtcdClient, name: string): Promise<{ count: number; revision: number }> {
  const prefix = `${name}/`;
  const response = await client.etcd.kv.range({
    key: Buffer.from(prefix, 'utf8'),
    range_end: prefixRangeEnd(prefix),
    count_only: true,
  });
  return { count: Number(response.count), revision: Number(response.header.revision) };
}

/**
 * One directory's metadata and key count; `DirectoryNotFoundError` when it has neither.
 *
 * @example
 * const hack = await readDirectoryInfo(client, 'hack');
 */
export async function readDirectoryInfo(client: EtcdClient, name: string): Promise<DirectoryInfo> {
  validateDirectoryName(name);
  const key = directoryPath(name);
  const [response, { count }] = await Promise.all([
    client.etcd.kv.range({ key: Buffer.from(key, 'utf8') }),
    keyCountOf(client, name),
  ]);
  const kv = response.kvs[0];
  if (kv === undefined && count === 0) throw new DirectoryNotFoundError(name);
  return info(
    name,
    kv === undefined ? undefined : parseDirectoryRecord(key, kv.value),
    count,
    kv === undefined ? 0 : Number(kv.mod_revision),
  );
}

/**
 * Creates a directory's metadata record (description, recipients), recorded as a change. Refuses a
 * directory that exists (record or keys) and recipients that are not registered.
 *
 * @example
 * await createDirectory(client, { name: 'hack', description: 'registry', recipients: ['registry-agent'] }, { user: 'alice' });
 */
export async function createDirectory(
  client: EtcdClient,
  input: { name: string; description?: string | undefined; recipients?: readonly string[] | undefined },
  author: Author,
): Promise<{ directory: DirectoryInfo; change: PublishedChange }> {
  const { name } = input;
  validateDirectoryName(name);
  const recipients = [...new Set(input.recipients ?? [])];
  for (const r of recipients) validateRecipientName(r);
  const { count, revision } = await keyCountOf(client, name);
  if (count > 0) throw new DirectoryExistsError(name);
  const missing = (
    await Promise.all(
      recipients.map(async (r) => ((await client.etcd.get(recipientKeyPath(r)).exists()) ? undefined : r)),
    )
  ).filter((r): r is string => r !== undefined);
  if (missing.length > 0) throw new RecipientNotFoundError(missing);
  const at = new Date().toISOString();
  const record = { recipients, description: input.description ?? '', createdAt: at, createdBy: author.user };
  const key = directoryPath(name);
  const change = await commitChange(client, {
    directory: name,
    ...authored(author, `create directory ${name}`),
    source: 'directory',
    ops: [],
    allowEmpty: true,
    also: {
      compare: [
        unchangedSince(key, 0),
        nothingNewUnder(`${name}/`, revision),
        ...recipients.map((r) => exists(recipientKeyPath(r))),
      ],
      success: [
        {
          request_put: { key: Buffer.from(key, 'utf8'), value: Buffer.from(JSON.stringify(record), 'utf8') },
        },
      ],
    },
    alsoFailed: () => new DirectoryExistsError(name),
  });
  return { directory: info(name, record, 0, change.revision), change };
}

/**
 * Changes a directory's description or recipients (other record fields kept), only if the record
 * is still at `expect` when given.
 *
 * @example
 * await updateDirectory(client, 'hack', { description: 'registry config' }, { user: 'alice' });
 */
export async function updateDirectory(
  client: EtcdClient,
  name: string,
  input: {
    description?: string | undefined;
    recipients?: readonly string[] | undefined;
    expect?: number | undefined;
  },
  author: Author,
): Promise<DirectoryInfo> {
  const current = await readDirectoryInfo(client, name);
  const expect = input.expect ?? current.modRevision;
  const recipients = input.recipients === undefined ? current.recipients : [...new Set(input.recipients)];
  for (const r of recipients) validateRecipientName(r);
  const key = directoryPath(name);
  const record = {
    ...current.extra,
    recipients,
    description: input.description ?? current.description,
    ...(current.createdAt !== undefined ? { createdAt: current.createdAt } : {}),
    ...(current.createdBy !== undefined ? { createdBy: current.createdBy } : {}),
  };
  const missing = (
    await Promise.all(
      recipients.map(async (r) => ((await client.etcd.get(recipientKeyPath(r)).exists()) ? undefined : r)),
    )
  ).filter((r): r is string => r !== undefined);
  if (missing.length > 0) throw new RecipientNotFoundError(missing);
  const change = await commitChange(client, {
    directory: name,
    ...authored(author, `describe directory ${name}`),
    source: 'directory',
    ops: [],
    allowEmpty: true,
    also: {
      compare: [unchangedSince(key, expect), ...recipients.map((r) => exists(recipientKeyPath(r)))],
      success: [
        {
          request_put: { key: Buffer.from(key, 'utf8'), value: Buffer.from(JSON.stringify(record), 'utf8') },
        },
      ],
    },
    alsoFailed: () => new DirectoryChangedError(name, expect),
  });
  return info(name, record, current.keyCount, change.revision);
}

/**
 * Deletes a directory's metadata; with `force`, its keys too (in the same transaction, recorded as
 * one change). Without `force`, a directory holding keys is refused (`DirectoryNotEmptyError`).
 *
 * @example
 * await deleteDirectory(client, 'old', { force: true }, { user: 'alice' });
 */
export async function deleteDirectory(
  client: EtcdClient,
  name: string,
  { force = false }: { force?: boolean },
  author: Author,
): Promise<PublishedChange> {
  validateDirectoryName(name);
  const prefix = `${name}/`;
  const snapshot = await client.rangeSnapshot(prefix);
  const record = await client.etcd.kv.range({ key: Buffer.from(directoryPath(name), 'utf8') });
  if (snapshot.kvs.length === 0 && record.kvs.length === 0) throw new DirectoryNotFoundError(name);
  if (snapshot.kvs.length > 0 && !force) throw new DirectoryNotEmptyError(name, snapshot.kvs.length);
  return commitChange(client, {
    directory: name,
    ...authored(author, `delete directory ${name}`),
    source: 'directory',
    ops: [],
    allowEmpty: true,
    recordKeys: snapshot.kvs.map((kv) => ({
      key: kv.key,
      action: 'delete' as const,
      sealed: isSealed(kv.value.toString('utf8')),
    })),
    also: {
      compare: [nothingNewUnder(prefix, snapshot.revision)],
      success: [
        { request_delete_range: { key: Buffer.from(prefix, 'utf8'), range_end: prefixRangeEnd(prefix) } },
        { request_delete_range: { key: Buffer.from(directoryPath(name), 'utf8') } },
        // Who set keys that are gone: the change records keep the story.
        ...dropSetByOf(name),
      ],
    },
    alsoFailed: () => new DirectoryNotEmptyError(name, snapshot.kvs.length + 1),
  });
}
