// CRC-32 (IEEE), to tell a whole log entry from one torn by a crash: zlib's native one where Node
// has it (20.15 and later), else a table-driven one.
import * as zlib from 'node:zlib';

const native = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

const table = new Int32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  table[n] = c;
}

function portable(bytes: Uint8Array): number {
  let crc = -1;
  for (let i = 0; i < bytes.length; i++) crc = table[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

export const crc32: (bytes: Uint8Array) => number = native ?? portable;

/** The table-driven form, exported so a test can hold it to the native one. */
export const portableCrc32 = portable;
