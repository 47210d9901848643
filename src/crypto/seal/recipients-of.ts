// Reads which keys a sealed value is sealed to, without a private key and without decrypting.
import { SealedValueError } from './errors.js';
import { parseSealedValue } from './parse.js';

/**
 * The key ids (RFC 7638 thumbprints) a sealed value is sealed to, as its protected header lists
 * them. Read without decrypting, so not authenticated: good for choosing what to rewrap and for
 * showing "sealed to whom", not as proof. Throws `SealedValueError` when the value is not a
 * well-formed sealed value.
 *
 * @example
 * recipientsOf(stored); // ['NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs']
 */
export function recipientsOf(sealed: string): string[] {
  try {
    return [...parseSealedValue(sealed).keyIds];
  } catch (cause) {
    throw new SealedValueError(undefined, { cause });
  }
}
