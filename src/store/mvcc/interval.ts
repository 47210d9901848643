// Key intervals as etcd reads them from a request's key and range_end.
import type { KeyInterval } from '../types.js';

/** A key as the index holds it: latin1, so string order is byte order. */
export function indexKey(key: Buffer): string {
  return key.toString('latin1');
}

export function keyBytes(key: string): Buffer {
  return Buffer.from(key, 'latin1');
}

/**
 * etcd's reading of (key, range_end): empty range_end is the key alone, range_end "\0" is every key
 * from key on, anything else is [key, range_end).
 */
export function toInterval(key: Buffer, rangeEnd: Buffer | undefined): KeyInterval {
  const start = indexKey(key);
  if (rangeEnd === undefined || rangeEnd.length === 0) return { start, end: undefined };
  if (rangeEnd.length === 1 && rangeEnd[0] === 0) return { start, end: null };
  return { start, end: indexKey(rangeEnd) };
}

/** Whether `key` lies in the interval. */
export function contains(interval: KeyInterval, key: string): boolean {
  if (interval.end === undefined) return key === interval.start;
  if (key < interval.start) return false;
  return interval.end === null || key < interval.end;
}
