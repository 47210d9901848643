// Re-sealing a directory's sealed values to its current recipients (key rotation), one
// compare-and-swap transaction per batch so a concurrent edit is never overwritten.
import type { IRequestOp, IResponseOp } from 'etcd3';
import { CompareResult, CompareTarget } from 'etcd3';
import type { EtcdClient } from '../../etcd/index.js';
import { recipientsOfDirectory, validateDirectoryName } from '../../keyspace/index.js';
import {
  isSealed,
  open,
  type PrivateKey,
  type PublicKey,
  recipientsOf,
  SealedValueError,
  seal,
} from '../index.js';

/** Values per transaction when the caller does not say. */
export const DEFAULT_BATCH_SIZE = 64;
/** The most values one transaction may carry (etcd's default `--max-txn-ops` is 128). */
export const MAX_BATCH_SIZE = 128;
/**
 * Bytes of stored values per transaction at most: under etcd's default request limit (1.5 MiB)
 * even when values grow by being sealed to more recipients.
 */
const MAX_BATCH_BYTES = 512 * 1024;

/** Splits the values into batches of at most `count` values and about MAX_BATCH_BYTES bytes (exported for its test). */
export function* batches<T extends { key: string; value: Buffer }>(
  kvs: readonly T[],
  count: number,
): Generator<T[]> {
  let batch: T[] = [];
  let bytes = 0;
  for (const kv of kvs) {
    // A value sealed to more recipients grows by an encrypted key per recipient: count it twice.
    const size = Buffer.byteLength(kv.key) + 2 * kv.value.length;
    if (batch.length > 0 && (batch.length >= count || bytes + size > MAX_BATCH_BYTES)) {
      yield batch;
      batch = [];
      bytes = 0;
    }
    batch.push(kv);
    bytes += size;
  }
  if (batch.length > 0) yield batch;
}

/** Attempts per batch before its keys still being edited are reported as contended. */
export const DEFAULT_MAX_ATTEMPTS = 10;

/**
 * Options of `rewrapDirectory`.
 *
 * @example
 * await rewrapDirectory(client, 'hack', { privateKey: await readPrivateKeyFile('old'), batchSize: 32 });
 */
export interface RewrapOptions {
  /** A private key that opens the values to rewrap (one of their current recipients). */
  privateKey: PrivateKey;
  /** Values per transaction, 1 to 128; default 64. */
  batchSize?: number;
  /** Attempts per batch when keys change under it; default 10. */
  maxAttempts?: number;
  /**
   * Called (and awaited) just before each transaction is sent with the keys it writes; for
   * progress, and for tests that edit a key at that moment.
   */
  beforeCommit?: (keys: readonly string[]) => void | Promise<void>;
}

/**
 * What `rewrapDirectory` did. Keys only, never a value.
 *
 * @example
 * const { rewrapped, skipped, unreadable } = await rewrapDirectory(client, 'hack', { privateKey });
 */
export interface RewrapResult {
  readonly directory: string;
  /** The revision the directory was read at. */
  readonly revision: number;
  /** The key ids of the recipients values are now sealed to. */
  readonly recipientKeyIds: readonly string[];
  /** Values re-sealed and written. */
  readonly rewrapped: number;
  /** Sealed values already sealed to exactly the current recipients, left as they are. */
  readonly skipped: number;
  /** Keys deleted, or changed to a plain value, while the rewrap ran: left as they are. */
  readonly gone: readonly string[];
  /** Keys whose sealed value the private key cannot open (or that are not well-formed): left as they are. */
  readonly unreadable: readonly string[];
  /** Keys that kept changing through every attempt: left as they are, rewrap again. */
  readonly contended: readonly string[];
}

interface Pending {
  key: string;
  /** The mod revision the value was read at: the transaction's compare. */
  modRevision: number;
  /** The re-sealed value to write. */
  value: string;
}

type Decision = { kind: 'current' } | { kind: 'unreadable' } | { kind: 'rewrap'; value: string };

/**
 * Re-seals every sealed value under `DIRECTORY/` to the directory's current recipients. Reads the
 * directory at one revision; values already sealed to exactly those recipients are skipped; the
 * others are opened with `privateKey` and sealed again. Writes in batches, each one etcd
 * transaction that compares every key's mod revision with the one it was read at: when a key was
 * edited meanwhile, that key is read again and redone (a deleted key is left alone). Values the
 * private key cannot open are reported in `unreadable`, and the others are still rewrapped.
 * Never returns, logs or throws any plaintext.
 *
 * @example
 * const result = await rewrapDirectory(client, 'hack', { privateKey });
 * if (result.unreadable.length > 0) console.error('cannot open', result.unreadable);
 */
export async function rewrapDirectory(
  client: EtcdClient,
  directory: string,
  options: RewrapOptions,
): Promise<RewrapResult> {
  validateDirectoryName(directory);
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isSafeInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE) {
    throw new RangeError(`rewrapDirectory: the batch size must be 1 to ${MAX_BATCH_SIZE}, not ${batchSize}`);
  }
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const recipients = await recipientsOfDirectory(client, directory, { required: true });
  const publicKeys = recipients.map((r) => r.publicKey);
  const wanted = new Set(publicKeys.map((k) => k.keyId));
  const decide = (key: string, stored: string) =>
    decideValue(key, stored, wanted, publicKeys, options.privateKey);

  const snapshot = await client.rangeSnapshot(`${directory}/`, { pageSize: 1000 });
  const sealed = snapshot.kvs.filter((kv) => isSealed(kv.value.toString('utf8')));
  let rewrapped = 0;
  let skipped = 0;
  const gone: string[] = [];
  const unreadable: string[] = [];
  const contended: string[] = [];

  for (const batch of batches(sealed, batchSize)) {
    let pending: Pending[] = [];
    for (const kv of batch) {
      const decision = await decide(kv.key, kv.value.toString('utf8'));
      if (decision.kind === 'current') skipped++;
      else if (decision.kind === 'unreadable') unreadable.push(kv.key);
      else pending.push({ key: kv.key, modRevision: kv.modRevision, value: decision.value });
    }
    for (let attempt = 1; pending.length > 0; attempt++) {
      if (attempt > maxAttempts) {
        contended.push(...pending.map((p) => p.key));
        break;
      }
      await options.beforeCommit?.(pending.map((p) => p.key));
      const result = await client.etcd.kv.txn({
        compare: pending.map((p) => ({
          key: Buffer.from(p.key, 'utf8'),
          target: CompareTarget.Mod,
          result: CompareResult.Equal,
          mod_revision: p.modRevision,
        })),
        success: pending.map((p) => putRequest(p.key, p.value)),
        // Read every key again in the same transaction, at the revision that failed the compare.
        failure: pending.map((p) => rangeRequest(p.key)),
      });
      if (result.succeeded) {
        rewrapped += pending.length;
        break;
      }
      const next: Pending[] = [];
      for (const [i, p] of pending.entries()) {
        const kv = rangeResponse(result.responses[i])?.kvs[0];
        const stored = kv?.value.toString('utf8');
        if (kv === undefined || stored === undefined || !isSealed(stored)) {
          gone.push(p.key);
          continue;
        }
        const modRevision = Number(kv.mod_revision);
        if (modRevision === p.modRevision) {
          next.push(p);
          continue;
        }
        const decision = await decide(p.key, stored);
        if (decision.kind === 'current') skipped++;
        else if (decision.kind === 'unreadable') unreadable.push(p.key);
        else next.push({ key: p.key, modRevision, value: decision.value });
      }
      pending = next;
    }
  }
  return {
    directory,
    revision: snapshot.revision,
    recipientKeyIds: [...wanted],
    rewrapped,
    skipped,
    gone,
    unreadable,
    contended,
  };
}

async function decideValue(
  key: string,
  stored: string,
  wanted: ReadonlySet<string>,
  recipients: PublicKey[],
  privateKey: PrivateKey,
): Promise<Decision> {
  try {
    const keyIds = new Set(recipientsOf(stored));
    if (keyIds.size === wanted.size && [...keyIds].every((id) => wanted.has(id))) return { kind: 'current' };
    const plaintext = await open(stored, { key, privateKey });
    return { kind: 'rewrap', value: await seal(plaintext, { key, recipients }) };
  } catch (err) {
    if (err instanceof SealedValueError) return { kind: 'unreadable' };
    throw err;
  }
}

/** A put of the new sealed value that keeps whatever lease the key had (the compare proved it exists). */
function putRequest(key: string, value: string): IRequestOp {
  return {
    request_put: { key: Buffer.from(key, 'utf8'), value: Buffer.from(value, 'utf8'), ignore_lease: true },
  };
}

function rangeRequest(key: string): IRequestOp {
  return { request_range: { key: Buffer.from(key, 'utf8') } };
}

function rangeResponse(response: IResponseOp | undefined) {
  return response?.response_range;
}
