// Decides whether a parsed key is one Setpoint seals with, and describes it as a PublicKey.
import type { KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK } from 'jose';
import { KeyTooSmallError, UnsupportedKeyTypeError } from './errors.js';
import { type KeyType, minimumRsaBits, type PublicKey } from './key-types.js';

/** How a refusal names each type Node may report, with its article. */
const typeNames: Readonly<Record<string, string>> = {
  ed25519: 'an Ed25519',
  ed448: 'an Ed448',
  x448: 'an X448',
  ec: 'an elliptic-curve (ECDSA)',
  dsa: 'a DSA',
  dh: 'a Diffie-Hellman',
  'rsa-pss': 'an RSA-PSS (RSASSA-PSS only)',
};

/**
 * How a refusal names a key type Node reports (`ed25519`, `ec`...), with its article.
 *
 * @example
 * keyTypeName('ed25519'); // 'an Ed25519'
 */
export function keyTypeName(type: string | undefined): string {
  return typeNames[type ?? ''] ?? `a ${type ?? 'unknown'}`;
}

/**
 * The type and size of a Node key (private or public), or the typed refusal when Setpoint cannot use it.
 *
 * @example
 * checkKeyObject(createPublicKey(pem), 'team-a.pub'); // { type: 'rsa', bits: 4096 }
 */
export function checkKeyObject(
  keyObject: KeyObject,
  source: string | undefined,
): { type: KeyType; bits?: number } {
  const type = keyObject.asymmetricKeyType;
  if (type === 'x25519') return { type };
  if (type === 'rsa') {
    const bits = keyObject.asymmetricKeyDetails?.modulusLength ?? 0;
    if (bits < minimumRsaBits) throw new KeyTooSmallError(source, bits);
    return { type, bits };
  }
  throw new UnsupportedKeyTypeError(source, keyTypeName(type));
}

/**
 * The RFC 7638 JWK thumbprint (SHA-256, base64url) of a public key: the key id sealed values name.
 *
 * @example
 * await keyIdOf(createPublicKey(pem)); // 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs'
 */
export async function keyIdOf(publicKeyObject: KeyObject): Promise<string> {
  return calculateJwkThumbprint(await exportJWK(publicKeyObject), 'sha256');
}

/**
 * Checks a Node public key and describes it with its key id.
 *
 * @example
 * const recipient = await toPublicKey(createPublicKey(pem), 'team-a.pub');
 */
export async function toPublicKey(
  publicKeyObject: KeyObject,
  source: string | undefined,
): Promise<PublicKey> {
  if (publicKeyObject.type !== 'public') throw new TypeError('toPublicKey needs a public KeyObject');
  const { type, bits } = checkKeyObject(publicKeyObject, source);
  const keyId = await keyIdOf(publicKeyObject);
  return bits === undefined
    ? { type, keyObject: publicKeyObject, keyId }
    : { type, keyObject: publicKeyObject, keyId, bits };
}
