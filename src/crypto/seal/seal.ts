// Seals a value for etcd: a JWE to the recipients' public keys, bound to the etcd key it is stored under.
import { CompactEncrypt, GeneralEncrypt } from 'jose';
import type { PublicKey } from '../keys/index.js';
import { assertKeyName, assertPublicKey } from './arguments.js';
import { PlaintextTooLargeError } from './errors.js';
import {
  CONTENT_ENCRYPTION,
  KEY_IDS_PARAMETER,
  KEY_NAME_PARAMETER,
  keyManagementAlgorithm,
  MAX_PLAINTEXT_BYTES,
} from './format.js';
import { SEALED_PREFIX } from './prefix.js';

/**
 * What `seal` needs besides the plaintext.
 *
 * @example
 * const options: SealOptions = { key: 'hack/storage/swift/password', recipients: [agentKey] };
 */
export interface SealOptions {
  /** The etcd key the value will be stored under; the value opens only under this key. */
  key: string;
  /** The public keys that may open the value: at least one, RSA and X25519 may be mixed. */
  recipients: readonly PublicKey[];
}

/**
 * Seals a value: `SEALED_PREFIX` followed by a JWE (RSA-OAEP-256 for RSA recipients, ECDH-ES+A256KW
 * for X25519 ones, A256GCM content) whose protected header names `options.key` and the recipients'
 * key ids. One recipient gives the compact serialization, several the general JSON one. Refuses an
 * empty recipient list or key name (TypeError) and a plaintext over `MAX_PLAINTEXT_BYTES`
 * (`PlaintextTooLargeError`). Strings are sealed as UTF-8.
 *
 * @example
 * const stored = await seal('s3cret', { key: 'hack/storage/swift/password', recipients: [agentKey] });
 * await etcd.put('hack/storage/swift/password').value(stored);
 */
export async function seal(plaintext: string | Uint8Array, options: SealOptions): Promise<string> {
  const { key, recipients } = options ?? {};
  assertKeyName(key, 'seal');
  if (!Array.isArray(recipients) || recipients.length === 0) {
    throw new TypeError(`seal: options.recipients must list at least one public key to seal '${key}' to`);
  }
  for (const recipient of recipients) assertPublicKey(recipient, 'seal');
  const keyIds = recipients.map((recipient) => recipient.keyId);
  if (new Set(keyIds).size !== keyIds.length) {
    throw new TypeError(`seal: options.recipients names the same key more than once for '${key}'`);
  }
  const bytes = plaintextBytes(plaintext, key);
  if (bytes.byteLength > MAX_PLAINTEXT_BYTES) throw new PlaintextTooLargeError(key, bytes.byteLength);

  const [only] = recipients;
  if (recipients.length === 1 && only !== undefined) {
    const jwe = await new CompactEncrypt(bytes)
      .setProtectedHeader({
        alg: keyManagementAlgorithm(only.type),
        enc: CONTENT_ENCRYPTION,
        kid: only.keyId,
        [KEY_NAME_PARAMETER]: key,
      })
      .encrypt(only.keyObject);
    return SEALED_PREFIX + jwe;
  }
  const general = new GeneralEncrypt(bytes).setProtectedHeader({
    enc: CONTENT_ENCRYPTION,
    [KEY_NAME_PARAMETER]: key,
    [KEY_IDS_PARAMETER]: keyIds,
  });
  for (const recipient of recipients) {
    general
      .addRecipient(recipient.keyObject)
      .setUnprotectedHeader({ alg: keyManagementAlgorithm(recipient.type), kid: recipient.keyId });
  }
  return SEALED_PREFIX + JSON.stringify(await general.encrypt());
}

function plaintextBytes(plaintext: string | Uint8Array, key: string): Uint8Array {
  if (plaintext instanceof Uint8Array) return plaintext;
  if (typeof plaintext !== 'string') {
    throw new TypeError(`seal: the plaintext for '${key}' must be a string or a Uint8Array`);
  }
  // TextEncoder would silently replace a lone surrogate with U+FFFD: the value opened would differ.
  if (/\p{Surrogate}/u.test(plaintext)) {
    throw new TypeError(`seal: the plaintext for '${key}' is not well-formed Unicode (a lone surrogate)`);
  }
  return new TextEncoder().encode(plaintext);
}
