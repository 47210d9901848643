// The shapes of keys the rest of Setpoint receives: Node KeyObjects with their type, size and key id.
import type { KeyObject } from 'node:crypto';

/**
 * The key types Setpoint seals with: RSA (RSA-OAEP-256) and X25519 (ECDH-ES+A256KW).
 *
 * @example
 * const type: KeyType = publicKey.type; // 'rsa' or 'x25519'
 */
export type KeyType = 'rsa' | 'x25519';

/**
 * The smallest RSA modulus Setpoint accepts, in bits.
 *
 * @example
 * if (bits < minimumRsaBits) console.error('too small');
 */
export const minimumRsaBits = 2048;

/**
 * A public key Setpoint can seal to.
 *
 * @example
 * const recipient: PublicKey = await readPublicKey(await readFile('id_rsa.pub'));
 * recipient.keyId; // 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs'
 */
export interface PublicKey {
  readonly type: KeyType;
  /** A Node public KeyObject. */
  readonly keyObject: KeyObject;
  /** RFC 7638 JWK thumbprint of the public key: SHA-256, base64url. */
  readonly keyId: string;
  /** The RSA modulus length; absent for X25519. */
  readonly bits?: number;
}

/**
 * A private key Setpoint can open sealed values with, and its public half.
 *
 * @example
 * const key: PrivateKey = await readPrivateKey(await readFile('id_rsa'), { source: 'id_rsa' });
 * key.publicKey.keyId; // the key id sealed values name
 */
export interface PrivateKey {
  readonly type: KeyType;
  /** A Node private KeyObject. */
  readonly keyObject: KeyObject;
  readonly publicKey: PublicKey;
}

/**
 * Asked for the passphrase of an encrypted private key, and only then; `undefined` means none is known.
 *
 * @example
 * const passphrase: PassphraseCallback = async () => process.env.MY_PASSPHRASE;
 */
export type PassphraseCallback = () => Promise<string | undefined>;
