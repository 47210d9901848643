// Values as the API shows and takes them: a sealed value is shown as sealed (never its content),
// and a sensitive value is sealed here, with the directory's recipients, before it is stored.
import { isSealed, MAX_PLAINTEXT_BYTES, seal } from '../../crypto/index.js';
import type { EtcdClient, KeyValue } from '../../etcd/index.js';
import {
  DirectoryHasNoRecipientsError,
  directoryOf,
  readRecipientKeys,
  recipientsOfDirectory,
} from '../../keyspace/index.js';
import type { PublishedChange } from './changes.js';
import { ValueInvalidError, ValueTooLargeError } from './errors.js';

/** Largest plain value taken, in bytes (a sealed one may hold up to the sealing limit, 1 MiB). */
export const MAX_VALUE_BYTES = 512 * 1024;

/**
 * Who set a key's current value, from the change record of its revision.
 *
 * @example
 * { user: 'alice', at: '2026-11-30T09:00:00.000Z', message: 'rotate', source: 'changeset' }
 */
export interface SetBy {
  readonly user: string;
  readonly at: string;
  readonly message: string;
  readonly source: string;
}

/**
 * A key as the API shows it: its revisions, and its value unless sealed.
 *
 * @example
 * { key: 'hack/storage/swift/password', sealed: true, modRevision: 57, createRevision: 12, version: 3, setBy: {...} }
 */
export interface KeyView {
  readonly key: string;
  readonly sealed: boolean;
  /** The value; absent when sealed. */
  readonly value?: string;
  readonly modRevision: number;
  readonly createRevision: number;
  readonly version: number;
  /** Absent when the value was written outside Setpoint (etcdctl, an import through etcd). */
  readonly setBy?: SetBy;
}

/**
 * The view of a stored key-value: a sealed value shows as `sealed: true` without its content.
 *
 * @example
 * const view = keyView(kv, changes.get(kv.modRevision));
 */
export function keyView(kv: KeyValue, change: PublishedChange | undefined): KeyView {
  const text = kv.value.toString('utf8');
  const sealed = isSealed(text);
  return {
    key: kv.key,
    sealed,
    ...(sealed ? {} : { value: text }),
    modRevision: kv.modRevision,
    createRevision: kv.createRevision,
    version: kv.version,
    ...(change !== undefined
      ? { setBy: { user: change.user, at: change.at, message: change.message, source: change.source } }
      : {}),
  };
}

/**
 * The text to store for `value` under `key`: sealed to the directory's recipients when `sensitive`,
 * or when `sensitive` is not said and the key holds a sealed value now (a secret stays a secret
 * unless the caller says otherwise). Refuses a value over the limits and text that looks sealed.
 * `recipients` seals to these registered keys instead of the directory's (a directory being made).
 *
 * @example
 * const stored = await storedValue(client, 'hack/storage/swift/password', 's3cret', { sensitive: true });
 */
export async function storedValue(
  client: EtcdClient,
  key: string,
  value: string,
  {
    sensitive,
    currentlySealed = false,
    recipients: names,
  }: {
    sensitive?: boolean | undefined;
    currentlySealed?: boolean;
    recipients?: readonly string[] | undefined;
  },
): Promise<{ stored: string; sealed: boolean }> {
  if (typeof value !== 'string') throw new ValueInvalidError(key, 'is not text; send it as a JSON string');
  if (isSealed(value)) {
    throw new ValueInvalidError(
      key,
      "starts like a sealed value; send the plain value with sensitive: true and the server seals it (or copy sealed values with 'setpoint secrets')",
    );
  }
  const bytes = Buffer.byteLength(value, 'utf8');
  const shouldSeal = sensitive ?? currentlySealed;
  const limit = shouldSeal ? MAX_PLAINTEXT_BYTES : MAX_VALUE_BYTES;
  if (bytes > limit) throw new ValueTooLargeError(key, bytes, limit);
  if (!shouldSeal) return { stored: value, sealed: false };
  if (names !== undefined && names.length === 0) throw new DirectoryHasNoRecipientsError(directoryOf(key));
  const recipients =
    names === undefined
      ? await recipientsOfDirectory(client, directoryOf(key), { required: true })
      : await readRecipientKeys(client, names);
  return { stored: await seal(value, { key, recipients: recipients.map((r) => r.publicKey) }), sealed: true };
}
