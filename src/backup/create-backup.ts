// A full backup: every key under the chosen prefixes read at one revision, streamed to the target
// as compressed JSON lines, then the manifest, written last, that makes the backup usable.
import { Range } from 'etcd3';
import { version } from '../cli/version.js';
import type { PublicKey } from '../crypto/index.js';
import type { EtcdClient } from '../etcd/index.js';
import { BackupError } from './errors.js';
import { type BackupManifest, FORMAT_VERSION } from './format/manifest.js';
import { backupId, DATA_NAME, fullBackupObjects } from './format/naming.js';
import { encodeRecord } from './format/record.js';
import { Digest, encodeLines } from './format/stored-stream.js';
import { normalisePrefixes } from './prefixes.js';
import type { Progress } from './progress.js';
import { readAhead } from './read-ahead.js';
import type { BackupTarget } from './target/target.js';

/**
 * What to back up and how.
 *
 * @example
 * const options: CreateBackupOptions = { prefixes: ['hack/'], recipients: [teamKey] };
 */
export interface CreateBackupOptions {
  /** Key prefixes; default everything, `_setpoint/` included. */
  prefixes?: readonly string[];
  /** Encrypt the backup to these public keys. */
  recipients?: readonly PublicKey[];
  /** gzip level, 1 (default) to 9. */
  compressionLevel?: number;
  /** Keys per etcd read; default 1000. */
  pageSize?: number;
  /** Told about every page read. */
  progress?: Progress;
  /** The backup's time; default now. */
  now?: Date;
  /** Read at this revision (not yet compacted); default the current one. */
  revision?: number;
}

/**
 * Backs up and returns the manifest. Nothing is usable until the manifest is written, so a failure
 * part-way leaves no backup that `ls` or `restore` would take.
 *
 * @example
 * const manifest = await createBackup(client, target, { prefixes: ['hack/'] });
 * console.log(manifest.id, manifest.keyCount);
 */
export async function createBackup(
  client: EtcdClient,
  target: BackupTarget,
  options: CreateBackupOptions = {},
): Promise<BackupManifest> {
  const prefixes = normalisePrefixes(options.prefixes);
  await target.prepare();
  const reading = { revision: 0, keyCount: 0, uncompressedBytes: 0 };
  const pageSize = options.pageSize ?? 1000;

  async function* lines(): AsyncGenerator<string> {
    for (const prefix of prefixes) {
      // The next page is asked for while this one is encoded, so etcd and this process work at once.
      for await (const page of readAhead(
        client.snapshotPages(prefix, { pageSize, revision: reading.revision }),
        1,
      )) {
        for (const kv of page.kvs) {
          const line = encodeRecord({
            key: kv.keyBytes,
            value: kv.value,
            createRevision: kv.createRevision,
            modRevision: kv.modRevision,
            version: kv.version,
            lease: kv.lease,
          });
          reading.keyCount += 1;
          reading.uncompressedBytes += line.length;
          yield line;
        }
        options.progress?.update({ keys: reading.keyCount, bytes: reading.uncompressedBytes });
      }
    }
  }

  const time = options.now ?? new Date();
  // The revision is fixed first (a linearizable read), so the backup's id can name it.
  reading.revision = options.revision ?? (await client.currentRevision());
  options.progress?.start('backup', await countKeys(client, prefixes, reading.revision));
  const id = backupId(time, reading.revision);
  const objects = fullBackupObjects(id);
  const digest = new Digest({ md5: true });
  const stored = await target
    .write(objects.data, digest.tap(encodeLines(lines(), encodeOptions(options))))
    .catch((err: unknown) => {
      throw new BackupError(
        'BACKUP_WRITE_FAILED',
        `backup ${id} could not be written to ${target.description}: ${(err as Error).message}. ` +
          'No backup was made; the next run starts again',
        { cause: err },
      );
    });
  const manifest: BackupManifest = {
    format: 'setpoint-backup',
    formatVersion: FORMAT_VERSION,
    id,
    kind: 'full',
    revision: reading.revision,
    keyCount: reading.keyCount,
    bytes: stored.bytes,
    uncompressedBytes: reading.uncompressedBytes,
    sha256: digest.sha256(),
    md5: digest.md5(),
    prefixes,
    createdAt: time.toISOString(),
    setpointVersion: version,
    ...(options.recipients?.length ? { encryptedTo: options.recipients.map((r) => r.keyId) } : {}),
    data: DATA_NAME,
  };
  await target
    .write(objects.manifest, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`))
    .catch((err: unknown) => {
      throw new BackupError(
        'BACKUP_WRITE_FAILED',
        `backup ${id}: its data was written but its manifest could not be (${(err as Error).message}); ` +
          'the backup is incomplete and will not be used',
        { cause: err },
      );
    });
  options.progress?.done({ keys: reading.keyCount, bytes: reading.uncompressedBytes });
  return manifest;
}

function encodeOptions(options: CreateBackupOptions) {
  return {
    ...(options.recipients !== undefined ? { recipients: options.recipients } : {}),
    ...(options.compressionLevel !== undefined ? { compressionLevel: options.compressionLevel } : {}),
  };
}

async function countKeys(client: EtcdClient, prefixes: readonly string[], revision: number): Promise<number> {
  let count = 0;
  for (const prefix of prefixes) {
    const range = Range.prefix(prefix);
    const response = await client.etcd.kv.range({
      key: range.start,
      range_end: range.end,
      revision,
      count_only: true,
    });
    count += Number(response.count);
  }
  return count;
}
