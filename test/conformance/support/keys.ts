// Byte helpers for keys and ranges, as etcd's clients build them.

/** A key or value as the bytes etcd stores. */
export function bytes(text: string): Buffer {
  return Buffer.from(text, 'utf8');
}

/** The range_end that makes a range cover every key starting with `prefix` (clientv3.GetPrefixRangeEnd). */
export function prefixEnd(prefix: string): Buffer {
  const end = Buffer.from(prefix, 'utf8');
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i]! < 0xff) {
      end[i] = end[i]! + 1;
      return end.subarray(0, i + 1);
    }
  }
  return Buffer.from([0]);
}

/** range_end "\0": every key from `key` on, or every key when `key` is also "\0". */
export const fromKey = Buffer.from([0]);
