// Reading a full backup back: every byte checked against the manifest's SHA-256 before a single
// record is handed out. The stored bytes (compressed, sealed values still sealed) are spooled to a
// private temporary file while they are hashed, so they are downloaded once and never held in memory.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PrivateKey } from '../crypto/index.js';
import { BackupCorruptError, BackupError } from './errors.js';
import type { BackupManifest } from './format/manifest.js';
import { type BackupRecord, decodeRecord } from './format/record.js';
import { Digest, decodeLineBatches } from './format/stored-stream.js';
import { dataObjectOf, partProblems } from './inventory.js';
import type { Progress } from './progress.js';
import type { BackupTarget } from './target/target.js';

/**
 * A verified backup ready to be read as records; `close` removes the spooled copy.
 *
 * @example
 * const backup = await openVerifiedBackup(target, manifest, { privateKey });
 * try { for await (const records of backup.recordBatches()) use(records); } finally { await backup.close(); }
 */
export interface VerifiedBackup {
  readonly manifest: BackupManifest;
  /** The records in key order, a batch (a decoded chunk) at a time. */
  recordBatches(): AsyncGenerator<BackupRecord[]>;
  close(): Promise<void>;
}

/**
 * Downloads and checks a backup: its parts, its size and SHA-256, then (when it can be opened) its
 * records and their count. Throws `BackupCorruptError` naming the object or segment at fault.
 *
 * @example
 * const { keys } = await verifyBackup(target, manifest);
 */
export async function verifyBackup(
  target: BackupTarget,
  manifest: BackupManifest,
  options: { privateKey?: PrivateKey; progress?: Progress } = {},
): Promise<{ keys: number | undefined; bytes: number }> {
  const backup = await openVerifiedBackup(target, manifest, options);
  try {
    if (manifest.encryptedTo !== undefined && options.privateKey === undefined) {
      return { keys: undefined, bytes: manifest.bytes };
    }
    let keys = 0;
    options.progress?.start('verify records', manifest.keyCount);
    for await (const records of backup.recordBatches()) {
      keys += records.length;
      options.progress?.update({ keys, bytes: 0 });
    }
    options.progress?.done({ keys, bytes: 0 });
    return { keys, bytes: manifest.bytes };
  } finally {
    await backup.close();
  }
}

/**
 * Checks a backup's bytes and returns a reader of its records.
 *
 * @example
 * const backup = await openVerifiedBackup(target, manifest, { privateKey });
 */
export async function openVerifiedBackup(
  target: BackupTarget,
  manifest: BackupManifest,
  options: { privateKey?: PrivateKey; progress?: Progress } = {},
): Promise<VerifiedBackup> {
  const name = dataObjectOf(manifest);
  const problems = await partProblems(target, manifest);
  if (problems.length > 0) throw new BackupCorruptError(name, problems.join('; '));
  const spool = await spoolFolder();
  const path = join(spool, 'data');
  const digest = new Digest();
  async function* reported(pieces: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const piece of pieces) {
      options.progress?.update({ keys: 0, bytes: digest.bytes });
      yield piece;
    }
  }
  options.progress?.start('download and check', undefined, manifest.bytes);
  try {
    // A buffered stream: pieces arriving while one is written are written together.
    await pipeline(
      Readable.from(reported(digest.tap(target.read(name)))),
      createWriteStream(path, { mode: 0o600, highWaterMark: 1024 * 1024 }),
    );
  } catch (err) {
    await rm(spool, { recursive: true, force: true });
    if (err instanceof BackupError) throw err;
    const found = await partProblems(target, manifest).catch(() => []);
    throw new BackupCorruptError(
      name,
      found.length > 0 ? found.join('; ') : `it could not be read (${(err as Error).message})`,
      { cause: err },
    );
  }
  options.progress?.done({ keys: 0, bytes: digest.bytes });
  if (digest.bytes !== manifest.bytes || digest.sha256() !== manifest.sha256) {
    await rm(spool, { recursive: true, force: true });
    const found = await partProblems(target, manifest).catch(() => []);
    throw new BackupCorruptError(
      name,
      found.length > 0
        ? found.join('; ')
        : `its ${digest.bytes} bytes do not match the manifest (${manifest.bytes} bytes, SHA-256 ${manifest.sha256.slice(0, 12)}…)`,
    );
  }
  async function* recordBatches(): AsyncGenerator<BackupRecord[]> {
    let line = 0;
    const batches = decodeLineBatches(
      createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>,
      { where: name, ...(options.privateKey !== undefined ? { privateKey: options.privateKey } : {}) },
    );
    for await (const lines of batches) {
      const first = line + 1;
      line += lines.length;
      yield lines.map((text, i) => decodeRecord(text, name, first + i));
    }
    if (line !== manifest.keyCount) {
      throw new BackupCorruptError(name, `it holds ${line} keys, its manifest says ${manifest.keyCount}`);
    }
  }
  return {
    manifest,
    recordBatches,
    close: () => rm(spool, { recursive: true, force: true }),
  };
}

async function spoolFolder(): Promise<string> {
  return mkdtemp(join(process.env.SETPOINT_SPOOL_DIR ?? tmpdir(), 'setpoint-restore-'));
}
