// The errors of sealing and opening: one class per failure, each with a stable `code`.
import { MAX_PLAINTEXT_BYTES } from './format.js';

/**
 * Every code an error of this module carries.
 *
 * @example
 * if (err instanceof SealedValueError && err.code === 'SEALED_VALUE_UNREADABLE') reply.code(422);
 */
export type SealErrorCode = 'SEALED_VALUE_UNREADABLE' | 'SEALED_PLAINTEXT_TOO_LARGE';

/**
 * A sealed value cannot be opened or read: it is not a sealed value, it is malformed, truncated or
 * tampered with, it was copied from another key, it uses an algorithm Setpoint does not accept, or
 * the private key is not one of its recipients. Which of these is never told (that would help an
 * attacker); `cause` holds the underlying error for debugging and never carries plaintext or key
 * material.
 *
 * @example
 * try { await openText(stored, { key: 'hack/storage/swift/password', privateKey }); }
 * catch (err) { if (err instanceof SealedValueError) logger.error({ key: err.key }, err.message); }
 */
export class SealedValueError extends Error {
  readonly code = 'SEALED_VALUE_UNREADABLE';
  override readonly name = 'SealedValueError';
  constructor(
    /** The etcd key the value was read from, when the caller said it. */
    readonly key: string | undefined,
    options?: ErrorOptions,
  ) {
    super(
      key === undefined
        ? 'cannot read a sealed value: it is not a Setpoint sealed value, or it was altered'
        : `cannot open the sealed value of '${key}': the private key does not match any of its ` +
            'recipients, or the value was altered or copied from another key; open it with the ' +
            'private key of one of its recipients, or set the value again',
      options,
    );
  }
}

/**
 * The plaintext is larger than a sealed value may hold (`MAX_PLAINTEXT_BYTES`, 1 MiB): sealed, it
 * would not fit in one etcd request.
 *
 * @example
 * await seal(new Uint8Array(2 * 1024 * 1024), { key: 'app/blob', recipients }); // throws
 */
export class PlaintextTooLargeError extends Error {
  readonly code = 'SEALED_PLAINTEXT_TOO_LARGE';
  override readonly name = 'PlaintextTooLargeError';
  constructor(
    /** The etcd key the value was meant for. */
    readonly key: string,
    /** The plaintext's size in bytes. */
    readonly bytes: number,
  ) {
    super(
      `cannot seal the value of '${key}': it is ${bytes} bytes, more than the ${MAX_PLAINTEXT_BYTES} ` +
        'bytes a sealed value may hold; keep sensitive values small (a password, a token, a key)',
    );
  }
}
