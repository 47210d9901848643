// Checks of what seal and open are given: misuse of the API is a TypeError, raised before any crypto.
import { KeyObject } from 'node:crypto';
import type { PrivateKey, PublicKey } from '../keys/index.js';

/**
 * Refuses a key name that is not a non-empty string.
 *
 * @example
 * assertKeyName('', 'seal'); // throws TypeError
 */
export function assertKeyName(key: unknown, operation: string): asserts key is string {
  if (typeof key !== 'string' || key.length === 0) {
    throw new TypeError(
      `${operation}: options.key must be the etcd key the value is stored under, got ${describe(key)}`,
    );
  }
}

/**
 * Refuses a recipient that is not a `PublicKey` of type 'rsa' or 'x25519' holding a public KeyObject
 * of that type and a key id.
 *
 * @example
 * assertPublicKey({ type: 'rsa', keyObject: privateKeyObject, keyId: 'x' }, 'seal'); // throws TypeError
 */
export function assertPublicKey(key: unknown, operation: string): asserts key is PublicKey {
  const candidate = key as Partial<PublicKey> | null | undefined;
  if (typeof candidate?.keyId !== 'string' || candidate.keyId.length === 0) {
    throw new TypeError(`${operation}: a recipient must be a PublicKey with a keyId, got ${describe(key)}`);
  }
  assertKeyObject(
    candidate.type,
    candidate.keyObject,
    'public',
    `${operation}: recipient ${candidate.keyId}`,
  );
}

/**
 * Refuses a private key that is not a `PrivateKey` of type 'rsa' or 'x25519' holding a private
 * KeyObject of that type and the key id of its public key.
 *
 * @example
 * assertPrivateKey(undefined, 'open'); // throws TypeError
 */
export function assertPrivateKey(key: unknown, operation: string): asserts key is PrivateKey {
  const candidate = key as Partial<PrivateKey> | null | undefined;
  const keyId = candidate?.publicKey?.keyId;
  if (typeof keyId !== 'string' || keyId.length === 0) {
    throw new TypeError(
      `${operation}: options.privateKey must be a PrivateKey whose publicKey has a keyId, got ${describe(key)}`,
    );
  }
  assertKeyObject(candidate?.type, candidate?.keyObject, 'private', `${operation}: private key ${keyId}`);
}

function assertKeyObject(
  type: unknown,
  keyObject: unknown,
  expected: 'public' | 'private',
  what: string,
): void {
  if (type !== 'rsa' && type !== 'x25519') {
    throw new TypeError(`${what}: type must be 'rsa' or 'x25519', got ${describe(type)}`);
  }
  if (!(keyObject instanceof KeyObject) || keyObject.type !== expected) {
    throw new TypeError(`${what}: keyObject must be a ${expected} KeyObject`);
  }
  if (keyObject.asymmetricKeyType !== type) {
    throw new TypeError(
      `${what}: type says '${type}' but the keyObject is a '${keyObject.asymmetricKeyType}' key`,
    );
  }
}

// Names the kind of a wrong argument without printing it: it may be a secret.
function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return value.length === 0 ? 'an empty string' : 'a string';
  return typeof value === 'object' ? 'an object without the expected fields' : String(typeof value);
}
