// Generates a new RSA (4096 bits by default) or X25519 key pair as PEM, plus an OpenSSH line for RSA.
import { createPublicKey, generateKeyPair as generateNodeKeyPair } from 'node:crypto';
import sshpk from 'sshpk';
import { KeyTooSmallError } from './errors.js';
import { type KeyType, minimumRsaBits, type PublicKey } from './key-types.js';
import { toPublicKey } from './supported-key.js';

interface PemPair {
  publicKeyPem: string;
  privateKeyPem: string;
}

const encodings = {
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
} as const;

/** Node's callback generator, as a promise of PEM strings (its promisified overloads lose the types). */
function generatePem(type: KeyType, bits: number): Promise<PemPair> {
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, publicKeyPem: string, privateKeyPem: string) =>
      err === null ? resolve({ publicKeyPem, privateKeyPem }) : reject(err);
    if (type === 'x25519') generateNodeKeyPair('x25519', encodings, done);
    else generateNodeKeyPair('rsa', { modulusLength: bits, publicExponent: 0x10001, ...encodings }, done);
  });
}

/**
 * How to generate a pair.
 *
 * @example
 * await generateKeyPair('rsa', { bits: 3072, comment: 'agent@web-1' });
 */
export interface GenerateKeyPairOptions {
  /** RSA modulus length; default 4096, at least 2048. Ignored for X25519. */
  bits?: number;
  /** Comment at the end of the OpenSSH public line (`sshPublicKey`), as ssh-keygen's `-C`. */
  comment?: string;
}

/**
 * A freshly generated pair, ready to write with `writeKeyPair`.
 *
 * @example
 * const { privateKeyPem, publicKeyPem, sshPublicKey, publicKey } = await generateKeyPair();
 */
export interface GeneratedKeyPair {
  /** PKCS#8 PEM, unencrypted. */
  readonly privateKeyPem: string;
  /** SPKI PEM. */
  readonly publicKeyPem: string;
  /** For RSA, the `ssh-rsa AAAA... comment` line ssh-keygen would write to `id_rsa.pub`. */
  readonly sshPublicKey?: string;
  readonly publicKey: PublicKey;
}

/**
 * Generates a key pair: RSA 4096 by default, or X25519.
 *
 * @example
 * const pair = await generateKeyPair('x25519');
 * await writeKeyPair('/etc/setpoint/agent.key', pair);
 */
export async function generateKeyPair(
  type: KeyType = 'rsa',
  options: GenerateKeyPairOptions = {},
): Promise<GeneratedKeyPair> {
  if (type === 'x25519') {
    const { publicKeyPem, privateKeyPem } = await generatePem('x25519', 0);
    return {
      privateKeyPem,
      publicKeyPem,
      publicKey: await toPublicKey(createPublicKey(publicKeyPem), undefined),
    };
  }
  if (type !== 'rsa')
    throw new TypeError(`generateKeyPair makes 'rsa' or 'x25519' keys, not '${String(type)}'`);
  const bits = options.bits ?? 4096;
  if (!Number.isInteger(bits) || bits % 8 !== 0) {
    throw new TypeError(`RSA key size must be a whole number of bytes in bits (such as 4096), not ${bits}`);
  }
  if (bits < minimumRsaBits) throw new KeyTooSmallError(undefined, bits);
  const { publicKeyPem, privateKeyPem } = await generatePem('rsa', bits);
  const sshKey = sshpk.parseKey(publicKeyPem, 'pem');
  // sshpk names a PEM key '(unnamed)'; ssh-keygen writes no comment rather than a made-up one.
  sshKey.comment = options.comment ?? '';
  const sshPublicKey = sshKey.toString('ssh');
  const publicKey = await toPublicKey(createPublicKey(publicKeyPem), undefined);
  return { privateKeyPem, publicKeyPem, sshPublicKey, publicKey };
}
