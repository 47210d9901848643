// Opens a sealed value with a private key, checking it was sealed for the etcd key it was read from.
import { compactDecrypt, type DecryptOptions, type FlattenedJWE, flattenedDecrypt } from 'jose';
import type { PrivateKey } from '../keys/index.js';
import { assertKeyName, assertPrivateKey } from './arguments.js';
import { SealedValueError } from './errors.js';
import { CONTENT_ENCRYPTION, KEY_NAME_PARAMETER, keyManagementAlgorithm } from './format.js';
import { type ParsedSealedValue, parseSealedValue } from './parse.js';

/**
 * What `open` and `openText` need besides the sealed value.
 *
 * @example
 * const options: OpenOptions = { key: 'hack/storage/swift/password', privateKey: agentKey };
 */
export interface OpenOptions {
  /** The etcd key the value was read from; it must be the key the value was sealed for. */
  key: string;
  /** A private key whose public key is one of the value's recipients. */
  privateKey: PrivateKey;
}

/**
 * Opens a sealed value: checks the prefix, decrypts the part meant for `options.privateKey` and
 * checks that the value was sealed for `options.key`. Every failure (not sealed, malformed,
 * truncated, tampered with, copied from another key, unsupported algorithm, not a recipient) throws
 * the one `SealedValueError`; a missing or malformed option throws a TypeError.
 *
 * @example
 * const bytes = await open(stored, { key: 'app/tls/key.pem', privateKey: agentKey });
 */
export async function open(sealed: string, options: OpenOptions): Promise<Uint8Array> {
  const { key, privateKey } = options ?? {};
  assertKeyName(key, 'open');
  assertPrivateKey(privateKey, 'open');
  try {
    const parsed = parseSealedValue(sealed);
    const decryptOptions: DecryptOptions = {
      keyManagementAlgorithms: [keyManagementAlgorithm(privateKey.type)],
      contentEncryptionAlgorithms: [CONTENT_ENCRYPTION],
      // Setpoint never compresses: a "zip" value is refused rather than inflated.
      maxDecompressedLength: 0,
    };
    const { plaintext, protectedHeader } =
      parsed.form === 'compact'
        ? await compactDecrypt(
            recipientCompact(parsed, privateKey.publicKey.keyId),
            privateKey.keyObject,
            decryptOptions,
          )
        : await flattenedDecrypt(
            recipientFlattened(parsed, privateKey.publicKey.keyId),
            privateKey.keyObject,
            decryptOptions,
          );
    // The protected header is authenticated by the decryption that just succeeded.
    if (protectedHeader?.[KEY_NAME_PARAMETER] !== key)
      throw new Error('the value was sealed for another key');
    return plaintext;
  } catch (cause) {
    throw new SealedValueError(key, { cause });
  }
}

/**
 * Opens a sealed value holding UTF-8 text (what `seal` makes of a string). Fails as `open` does; a
 * value whose bytes are not UTF-8 (sealed from bytes) throws a TypeError: use `open` for those.
 *
 * @example
 * const password = await openText(stored, { key: 'hack/storage/swift/password', privateKey: agentKey });
 */
export async function openText(sealed: string, options: OpenOptions): Promise<string> {
  const bytes = await open(sealed, options);
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new TypeError(`openText: the value of '${options.key}' is not UTF-8 text; open it with open()`);
  }
}

function recipientCompact(parsed: ParsedSealedValue & { form: 'compact' }, keyId: string): string {
  if (parsed.keyIds[0] !== keyId) throw new Error('the private key is not the recipient');
  return parsed.jwe;
}

// Picks the recipient whose kid is the private key's key id, so only that one is tried.
function recipientFlattened(parsed: ParsedSealedValue & { form: 'general' }, keyId: string): FlattenedJWE {
  const { recipients, ...shared } = parsed.jwe;
  const recipient = recipients.find((candidate) => candidate.header?.kid === keyId);
  if (recipient === undefined) throw new Error('the private key is not a recipient');
  return { ...shared, header: recipient.header, encrypted_key: recipient.encrypted_key };
}
