// Keys, values and revisions as this layer hands them out, converted from etcd3's wire shapes.
import type { IKeyValue } from 'etcd3';
import { UnexpectedResponseError } from './errors.js';

/**
 * One key and its value at some revision.
 *
 * @example
 * const kv: KeyValue = snapshot.kvs[0];
 * console.log(kv.key, kv.value.toString('utf8'), kv.modRevision);
 */
export interface KeyValue {
  /** The key decoded as UTF-8 (Setpoint's keys are UTF-8). */
  readonly key: string;
  /** The key's exact bytes, for keys that are not valid UTF-8. */
  readonly keyBytes: Buffer;
  /** The value's bytes; empty in a delete event. */
  readonly value: Buffer;
  /** Revision that created the key (since its last deletion). */
  readonly createRevision: number;
  /** Revision of the key's last change. */
  readonly modRevision: number;
  /** Number of changes since the key was created; 0 in a delete event. */
  readonly version: number;
  /** Lease id as a decimal string ("0" for none); lease ids use all 64 bits. */
  readonly lease: string;
}

/**
 * Converts a revision from etcd's decimal string; revisions beyond 2^53 are refused rather than
 * silently rounded.
 *
 * @example
 * toRevision('42'); // 42
 */
export function toRevision(text: string | number): number {
  const revision = Number(text);
  if (!Number.isSafeInteger(revision) || revision < 0) {
    throw new UnexpectedResponseError(
      `etcd answered revision '${text}', which is not an integer between 0 and 2^53; this client cannot follow it`,
    );
  }
  return revision;
}

/**
 * Converts etcd3's key-value into a `KeyValue`.
 *
 * @example
 * const kvs = response.kvs.map(toKeyValue);
 */
export function toKeyValue(kv: IKeyValue): KeyValue {
  return {
    key: kv.key.toString('utf8'),
    keyBytes: kv.key,
    value: kv.value,
    createRevision: toRevision(kv.create_revision),
    modRevision: toRevision(kv.mod_revision),
    version: toRevision(kv.version),
    lease: kv.lease,
  };
}
