// Test keys for sealing: Node key pairs described as the PublicKey/PrivateKey shapes sealing takes.
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK } from 'jose';
import type { PrivateKey, PublicKey } from '../../src/crypto/keys/index.js';

/**
 * Describes a public KeyObject as a `PublicKey`, with its RFC 7638 thumbprint as key id.
 *
 * @example
 * const recipient = await publicKeyOf(createPublicKey(pem));
 */
export async function publicKeyOf(keyObject: KeyObject): Promise<PublicKey> {
  const type = keyObject.asymmetricKeyType;
  if (type !== 'rsa' && type !== 'x25519') throw new TypeError(`test keys are rsa or x25519, not ${type}`);
  return { type, keyObject, keyId: await calculateJwkThumbprint(await exportJWK(keyObject), 'sha256') };
}

/**
 * Describes a private KeyObject as a `PrivateKey`, deriving its public key.
 *
 * @example
 * const agentKey = await privateKeyOf(createPrivateKey(readFileSync('id_rsa')));
 */
export async function privateKeyOf(keyObject: KeyObject): Promise<PrivateKey> {
  const publicKey = await publicKeyOf(createPublicKey(keyObject));
  return { type: publicKey.type, keyObject, publicKey };
}

/**
 * A fresh key pair: RSA 2048 (fast enough for tests) or X25519.
 *
 * @example
 * const agentKey = await generatePrivateKey('x25519');
 */
export async function generatePrivateKey(type: 'rsa' | 'x25519'): Promise<PrivateKey> {
  const { privateKey } =
    type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('x25519');
  return privateKeyOf(privateKey);
}
