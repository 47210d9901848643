// The one-way digest under which tokens and session ids are stored, so etcd never holds them.
import { createHash } from 'node:crypto';

/**
 * SHA-256 of a UTF-8 string, as lowercase hex. Tokens and session ids are 32 random bytes, so a
 * plain (unsalted, fast) hash is enough: guessing the input is as hard as guessing the token.
 *
 * @example
 * sha256Hex('spt_...'); // '3f0a...' (64 hex digits)
 */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
