// Backup-level encryption: the stored bytes of a backup object encrypted to recipients' public keys.
// A random 256-bit data key is sealed (the same JWE as sealed values) into a header; the data
// follows in chunks of 64 KiB, each AES-256-GCM with its own tag and a nonce made of a random
// prefix, the chunk's number and a last-chunk flag, so chunks cannot be reordered, dropped or the
// object cut short without the reader noticing.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { open, type PrivateKey, type PublicKey, seal } from '../../crypto/index.js';
import { BackupCorruptError, BackupError } from '../errors.js';

const magic = Buffer.from('SETPOINT-ENCRYPTED-1\n');
const chunkBytes = 64 * 1024;
const tagBytes = 16;
const algorithm = 'A256GCM-STREAM-64K';

interface Header {
  alg: typeof algorithm;
  nonce: string;
  key: string;
}

/** The etcd-key-like name the data key is sealed under, binding it to Setpoint backups. */
const sealName = '_setpoint/backup-data-key';

/**
 * Encrypts a byte stream to `recipients`.
 *
 * @example
 * const stored = encryptStream(gzipped, [teamKey]);
 */
export async function* encryptStream(
  source: AsyncIterable<Uint8Array>,
  recipients: readonly PublicKey[],
): AsyncGenerator<Buffer> {
  const dataKey = randomBytes(32);
  const noncePrefix = randomBytes(7);
  const header: Header = {
    alg: algorithm,
    nonce: noncePrefix.toString('base64'),
    key: await seal(dataKey, { key: sealName, recipients }),
  };
  const headerBytes = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(headerBytes.length);
  yield Buffer.concat([magic, length, headerBytes]);
  let counter = 0;
  for await (const { chunk, last } of fixedChunks(source, chunkBytes)) {
    const cipher = createCipheriv('aes-256-gcm', dataKey, nonce(noncePrefix, counter++, last));
    yield Buffer.concat([cipher.update(chunk), cipher.final(), cipher.getAuthTag()]);
  }
}

/**
 * Whether stored bytes start like an encrypted object.
 *
 * @example
 * if (isEncrypted(firstBytes)) requirePrivateKey();
 */
export function isEncrypted(firstBytes: Buffer): boolean {
  return firstBytes.subarray(0, magic.length).equals(magic);
}

/**
 * Decrypts what `encryptStream` wrote; `where` names the object for errors. Throws
 * `BACKUP_KEY_REQUIRED` without a private key, `BackupCorruptError` on any tampering or truncation.
 *
 * @example
 * for await (const bytes of decryptStream(stored, privateKey, 'full/…/data.jsonl.gz')) gunzip.write(bytes);
 */
export async function* decryptStream(
  source: AsyncIterable<Uint8Array>,
  privateKey: PrivateKey | undefined,
  where: string,
): AsyncGenerator<Buffer> {
  const reader = new ByteReader(source);
  const start = await reader.take(magic.length + 4);
  if (start === undefined || !isEncrypted(start))
    throw new BackupCorruptError(where, 'not an encrypted object');
  const header = await reader.take(start.readUInt32BE(magic.length));
  let parsed: Header;
  try {
    parsed = JSON.parse(header?.toString('utf8') ?? '') as Header;
  } catch {
    throw new BackupCorruptError(where, 'its encryption header is not JSON');
  }
  if (parsed.alg !== algorithm) {
    throw new BackupError(
      'BACKUP_FORMAT_UNSUPPORTED',
      `${where} is encrypted with '${String(parsed.alg)}', which this Setpoint does not know; use a newer Setpoint`,
    );
  }
  if (privateKey === undefined) {
    throw new BackupError(
      'BACKUP_KEY_REQUIRED',
      `${where} is encrypted; give the private key of one of its recipients with --private-key FILE (or PRIVATE_KEY)`,
    );
  }
  let dataKey: Uint8Array;
  try {
    dataKey = await open(parsed.key, { key: sealName, privateKey });
  } catch (err) {
    throw new BackupError(
      'BACKUP_KEY_REQUIRED',
      `${where} is encrypted and this private key cannot open it: ${(err as Error).message}`,
    );
  }
  const noncePrefix = Buffer.from(parsed.nonce, 'base64');
  let counter = 0;
  for await (const { chunk, last } of fixedChunks(reader.rest(), chunkBytes + tagBytes)) {
    if (chunk.length < tagBytes) throw new BackupCorruptError(where, 'it ends inside an encrypted chunk');
    const decipher = createDecipheriv('aes-256-gcm', dataKey, nonce(noncePrefix, counter++, last));
    decipher.setAuthTag(chunk.subarray(chunk.length - tagBytes));
    try {
      yield Buffer.concat([decipher.update(chunk.subarray(0, chunk.length - tagBytes)), decipher.final()]);
    } catch {
      throw new BackupCorruptError(
        where,
        `encrypted chunk ${counter} does not authenticate (altered or cut short)`,
      );
    }
  }
}

function nonce(prefix: Buffer, counter: number, last: boolean): Buffer {
  const bytes = Buffer.alloc(12);
  prefix.copy(bytes, 0, 0, 7);
  bytes.writeUInt32BE(counter, 7);
  bytes[11] = last ? 1 : 0;
  return bytes;
}

/** Re-cuts a stream into chunks of `size` bytes (the last one shorter, maybe empty) and says which is last. */
async function* fixedChunks(
  source: AsyncIterable<Uint8Array>,
  size: number,
): AsyncGenerator<{ chunk: Buffer; last: boolean }> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let ready: Buffer | undefined;
  for await (const piece of source) {
    pending.push(Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength));
    pendingBytes += piece.byteLength;
    if (pendingBytes <= size) continue;
    let all = Buffer.concat(pending);
    while (all.length > size) {
      if (ready !== undefined) yield { chunk: ready, last: false };
      ready = all.subarray(0, size);
      all = all.subarray(size);
    }
    pending = [all];
    pendingBytes = all.length;
  }
  const tail = Buffer.concat(pending);
  if (ready !== undefined) {
    if (tail.length === 0) {
      yield { chunk: ready, last: true };
      return;
    }
    yield { chunk: ready, last: false };
  }
  yield { chunk: tail, last: true };
}

/** Reads exact byte counts from the start of a stream, then hands over the rest. */
class ByteReader {
  private readonly iterator: AsyncIterator<Uint8Array>;
  private buffered = Buffer.alloc(0);

  constructor(source: AsyncIterable<Uint8Array>) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  async take(bytes: number): Promise<Buffer | undefined> {
    while (this.buffered.length < bytes) {
      const next = await this.iterator.next();
      if (next.done) return undefined;
      this.buffered = Buffer.concat([this.buffered, next.value]);
    }
    const taken = this.buffered.subarray(0, bytes);
    this.buffered = this.buffered.subarray(bytes);
    return taken;
  }

  async *rest(): AsyncGenerator<Buffer> {
    if (this.buffered.length > 0) yield this.buffered;
    for (;;) {
      const next = await this.iterator.next();
      if (next.done) return;
      yield Buffer.from(next.value);
    }
  }
}
