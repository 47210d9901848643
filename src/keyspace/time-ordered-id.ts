// Ids whose text order is time order: microseconds since 1970, 20 digits.
import { randomInt } from 'node:crypto';
import { paddedRevision } from './layout.js';

let last = 0;

/**
 * A 20-digit id: ms x 1000 plus a random sub-ms part, strictly increasing within this process and
 * time-ordered across servers (to their clock skew). Writers still create the key with a compare
 * that it is new, since two servers may pick the same id.
 *
 * @example
 * timeOrderedId(); // '00001796000000000123'
 */
export function timeOrderedId(now: Date = new Date()): string {
  last = Math.max(now.getTime() * 1000 + randomInt(1000), last + 1);
  return paddedRevision(last);
}
