// The bytes of a backup object: JSON lines, gzip, optionally encrypted. Both directions stream, so
// memory stays constant whatever the backup's size.
import { createHash, type Hash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { promisify } from 'node:util';
import { createGunzip, gzip } from 'node:zlib';

import type { PrivateKey, PublicKey } from '../../crypto/index.js';
import { BackupCorruptError, BackupError } from '../errors.js';
import { decryptStream, encryptStream, isEncrypted } from './encryption.js';

const gzipAsync = promisify(gzip);

/**
 * How stored bytes are made.
 *
 * @example
 * const options: EncodeOptions = { recipients: [teamKey], compressionLevel: 1 };
 */
export interface EncodeOptions {
  /** Encrypt to these public keys; none: not encrypted. */
  recipients?: readonly PublicKey[];
  /** gzip level 1 (fast, default) to 9 (small). */
  compressionLevel?: number;
}

/** Lines are gathered into blocks of about this many bytes, each compressed on its own. */
const blockBytes = 1024 * 1024;
/** Blocks being compressed at once, on libuv's thread pool, beside the thread reading etcd. */
const blocksInFlight = 3;

/**
 * Turns JSON lines into stored bytes: gzip, then encryption when recipients are given. Each block
 * of about 1 MiB becomes one gzip member (a gzip file may hold several, one after the other, and
 * every gunzip reads them as one stream), so blocks are compressed in parallel while the next
 * lines are read; memory stays at a few blocks.
 *
 * @example
 * await target.write(name, encodeLines(lines(), { recipients }));
 */
export function encodeLines(
  lines: AsyncIterable<string>,
  options: EncodeOptions = {},
): AsyncIterable<Buffer> {
  const compressed = gzipBlocks(lines, options.compressionLevel ?? 1);
  const recipients = options.recipients ?? [];
  return recipients.length > 0 ? encryptStream(compressed, recipients) : compressed;
}

async function* gzipBlocks(lines: AsyncIterable<string>, level: number): AsyncGenerator<Buffer> {
  const pending: Promise<Buffer>[] = [];
  let block: string[] = [];
  let size = 0;
  const compress = (text: string) => {
    const done = gzipAsync(Buffer.from(text, 'utf8'), { level, memLevel: 9 });
    done.catch(() => {});
    pending.push(done);
  };
  for await (const line of lines) {
    block.push(line);
    size += line.length;
    if (size < blockBytes) continue;
    compress(block.join(''));
    block = [];
    size = 0;
    while (pending.length >= blocksInFlight) yield await pending.shift()!;
  }
  if (block.length > 0 || pending.length === 0) compress(block.join(''));
  while (pending.length > 0) yield await pending.shift()!;
}

/**
 * Turns stored bytes back into JSON lines: decrypts when encrypted (with `privateKey`), gunzips,
 * splits. Damage (bad gzip, a cut-short object) throws `BackupCorruptError` naming `where`.
 *
 * @example
 * for await (const line of decodeLines(target.read(name), { where: name })) decodeRecord(line, name, ++n);
 */
export async function* decodeLines(
  stored: AsyncIterable<Uint8Array>,
  options: { where: string; privateKey?: PrivateKey },
): AsyncGenerator<string> {
  for await (const lines of decodeLineBatches(stored, options)) yield* lines;
}

/**
 * `decodeLines` a gunzipped chunk at a time: the lines each chunk completes, in order (one step
 * per chunk instead of one per line, for readers of many lines).
 *
 * @example
 * for await (const lines of decodeLineBatches(target.read(name), { where: name })) count += lines.length;
 */
export async function* decodeLineBatches(
  stored: AsyncIterable<Uint8Array>,
  options: { where: string; privateKey?: PrivateKey },
): AsyncGenerator<string[]> {
  const { first, all } = await peek(stored);
  const plain =
    first !== undefined && isEncrypted(first) ? decryptStream(all, options.privateKey, options.where) : all;
  // Large output chunks: gunzip runs on libuv's thread pool, and each 16 KiB chunk (the default)
  // was a round trip to it — half of a restore's decoding time.
  const gunzip = createGunzip({ chunkSize: 256 * 1024 });
  const feeding = pipeline(Readable.from(plain), gunzip);
  feeding.catch(() => {});
  const decoder = new StringDecoder('utf8');
  let rest = '';
  try {
    for await (const piece of gunzip) {
      const text = rest + decoder.write(piece as Buffer);
      const lines = text.split('\n');
      rest = lines.pop() ?? '';
      const complete = lines.filter((line) => line !== '');
      if (complete.length > 0) yield complete;
    }
    await feeding;
  } catch (err) {
    if (err instanceof BackupError) throw err;
    throw new BackupCorruptError(options.where, `it cannot be read (${(err as Error).message})`, {
      cause: err,
    });
  }
  rest += decoder.end();
  if (rest !== '')
    throw new BackupCorruptError(options.where, 'it ends in the middle of a record (cut short)');
}

/**
 * Counts and hashes bytes as they pass: SHA-256 always, MD5 only when asked for.
 *
 * @example
 * const digest = new Digest({ md5: true });
 * await target.write(name, digest.tap(encodeLines(lines())));
 * digest.sha256(); // hex
 */
export class Digest {
  private readonly hash: Hash = createHash('sha256');
  private readonly md5Hash: Hash | undefined;
  bytes = 0;

  constructor(options: { md5?: boolean } = {}) {
    this.md5Hash = options.md5 === true ? createHash('md5') : undefined;
  }

  async *tap(source: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
    for await (const piece of source) {
      const bytes = Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
      this.hash.update(bytes);
      this.md5Hash?.update(bytes);
      this.bytes += bytes.length;
      yield bytes;
    }
  }

  sha256(): string {
    return this.hash.copy().digest('hex');
  }

  /** What Swift answers as a plain object's ETag; only for a Digest made with `{ md5: true }`. */
  md5(): string {
    if (this.md5Hash === undefined) throw new TypeError('this Digest was made without { md5: true }');
    return this.md5Hash.copy().digest('hex');
  }
}

/** Enough leading bytes to recognise an encrypted object. */
const peekBytes = 32;

async function peek(
  source: AsyncIterable<Uint8Array>,
): Promise<{ first: Buffer | undefined; all: AsyncIterable<Uint8Array> }> {
  const iterator = source[Symbol.asyncIterator]();
  const pieces: Buffer[] = [];
  let size = 0;
  let ended = false;
  while (size < peekBytes) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    pieces.push(Buffer.from(next.value));
    size += next.value.byteLength;
  }
  const first = pieces.length === 0 ? undefined : Buffer.concat(pieces);
  async function* all(): AsyncGenerator<Uint8Array> {
    if (first !== undefined) yield first;
    if (ended) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { first, all: all() };
}
