// Values as the API shows and takes them: a sealed value is shown as sealed (never its content),
// and a sensitive value is sealed here, with the directory's recipients, before it is stored.
import { CompareResult, CompareTarget, type ICompare } from 'etcd3';
import { isSealed, MAX_PLAINTEXT_BYTES, SEALED_PREFIX, seal } from '../../crypto/index.js';
import type { EtcdClient, KeyValue } from '../../etcd/index.js';
import {
  DirectoryHasNoRecipientsError,
  directoryOf,
  readRecipientKeys,
  recipientsOfDirectory,
} from '../../keyspace/index.js';
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
 * const view = keyView(kv, setBy.get(kv.key));
 */
export function keyView(kv: KeyValue, change: SetBy | undefined): KeyView {
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

/**
 * What a key holds, as far as sealing goes: nothing, a sealed value, or a plain value sorting below
 * or above the sealed ones (etcd compares values as bytes, so each kind is a range a transaction can
 * check: a value sent without `sensitive` is sealed exactly when the key holds a sealed one as the
 * change commits).
 *
 * @example
 * valueKindOf(Buffer.from('5000')); // 'plain-low'
 */
export type ValueKind = 'absent' | 'plain-low' | 'sealed' | 'plain-high';

const sealedPrefix = Buffer.from(SEALED_PREFIX, 'utf8');
/** Just below every value starting with the sealed prefix: the prefix's last byte less one, then 0xff. */
const belowSealed = Buffer.concat([
  sealedPrefix.subarray(0, -1),
  Buffer.from([sealedPrefix.at(-1)! - 1, 0xff]),
]);
/** Just above every sealed value: UTF-8 text never holds 0xff, so none sorts past the prefix and 0xff. */
const aboveSealed = Buffer.concat([sealedPrefix, Buffer.from([0xff])]);

/**
 * The kind of a stored value (undefined: the key does not exist).
 *
 * @example
 * valueKindOf(undefined); // 'absent'
 */
export function valueKindOf(value: Buffer | string | undefined): ValueKind {
  if (value === undefined) return 'absent';
  const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
  if (isSealed(bytes.toString('utf8'))) return 'sealed';
  return Buffer.compare(bytes, sealedPrefix) < 0 ? 'plain-low' : 'plain-high';
}

/**
 * The compares that hold while `key` holds a value of `kind`.
 *
 * @example
 * await client.etcd.kv.txn({ compare: valueKindCompares('hack/x', 'plain-low'), success, failure });
 */
export function valueKindCompares(key: string, kind: ValueKind): ICompare[] {
  const on = Buffer.from(key, 'utf8');
  const value = (result: CompareResult, operand: Buffer): ICompare => ({
    key: on,
    target: CompareTarget.Value,
    result,
    value: operand,
  });
  switch (kind) {
    case 'absent':
      return [{ key: on, target: CompareTarget.Mod, result: CompareResult.Equal, mod_revision: 0 }];
    case 'plain-low':
      return [value(CompareResult.Less, sealedPrefix)];
    case 'sealed':
      return [value(CompareResult.Greater, belowSealed), value(CompareResult.Less, aboveSealed)];
    case 'plain-high':
      return [value(CompareResult.Greater, aboveSealed)];
  }
}

/** What each server last saw its keys hold, by client, so a put guesses the kind right. */
const kindsSeen = new WeakMap<EtcdClient, Map<string, ValueKind>>();
/** Keys remembered per server before the memory starts over. */
const MAX_KINDS_SEEN = 100_000;

/**
 * The kind of value this server last saw `key` hold; for a key it has not seen, the kind of the
 * plain value about to be put (a key's next value tends to look like its last). A guess: a put
 * checks it in its transaction.
 *
 * @example
 * const kind = lastSeenKind(client, 'hack/http/addr', ':5001');
 */
export function lastSeenKind(client: EtcdClient, key: string, next: string): ValueKind {
  return kindsSeen.get(client)?.get(key) ?? valueKindOf(next);
}

/**
 * Remembers the kind of value `key` was seen holding (read or written by this server).
 *
 * @example
 * rememberKind(client, kv.key, valueKindOf(kv.value));
 */
export function rememberKind(client: EtcdClient, key: string, kind: ValueKind): void {
  let seen = kindsSeen.get(client);
  if (seen === undefined) {
    seen = new Map();
    kindsSeen.set(client, seen);
  }
  if (seen.size >= MAX_KINDS_SEEN && !seen.has(key)) seen.clear();
  seen.set(key, kind);
}
