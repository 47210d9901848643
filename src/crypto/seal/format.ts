// The fixed parts of the sealed-value format (docs/sealed-values.md): header names, algorithms, limits.
import type { PublicKey } from '../keys/index.js';

/**
 * The protected header parameter that binds a sealed value to its etcd key.
 *
 * @example
 * decodeProtectedHeader(jwe)[KEY_NAME_PARAMETER]; // 'hack/storage/swift/password'
 */
export const KEY_NAME_PARAMETER = 'setpoint.key';

/**
 * The protected header parameter listing the recipients' key ids when there are several (with one,
 * the standard `kid` carries it).
 *
 * @example
 * decodeProtectedHeader(generalJwe)[KEY_IDS_PARAMETER]; // ['NzbLsXh8...', 'u6Wq1J2k...']
 */
export const KEY_IDS_PARAMETER = 'setpoint.kids';

/**
 * The content encryption of every sealed value.
 *
 * @example
 * new CompactEncrypt(bytes).setProtectedHeader({ alg, enc: CONTENT_ENCRYPTION });
 */
export const CONTENT_ENCRYPTION = 'A256GCM';

/**
 * The largest plaintext `seal` accepts: 1 MiB. Sealed (base64url, about 4/3) it stays under etcd's
 * default 1.5 MiB request limit with room for the headers of a few recipients.
 *
 * @example
 * if (bytes.byteLength > MAX_PLAINTEXT_BYTES) reply.code(413);
 */
export const MAX_PLAINTEXT_BYTES = 1024 * 1024;

/**
 * The key management algorithm for a type of key: RSA-OAEP-256 for RSA, ECDH-ES+A256KW for X25519.
 *
 * @example
 * keyManagementAlgorithm('x25519'); // 'ECDH-ES+A256KW'
 */
export function keyManagementAlgorithm(type: PublicKey['type']): 'RSA-OAEP-256' | 'ECDH-ES+A256KW' {
  switch (type) {
    case 'rsa':
      return 'RSA-OAEP-256';
    case 'x25519':
      return 'ECDH-ES+A256KW';
    default:
      throw new TypeError(
        `unsupported key type '${String(type)}': Setpoint seals to 'rsa' and 'x25519' keys`,
      );
  }
}
