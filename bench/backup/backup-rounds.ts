// The backup side by side with its peer: createBackup from etcd to Swift, and `swift upload` of the
// very same stored bytes, round after round, each going first in turn.
import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createBackup } from '../../src/backup/create-backup.js';
import type { BackupManifest } from '../../src/backup/format/manifest.js';
import { fullBackupObjects } from '../../src/backup/format/naming.js';
import { Digest } from '../../src/backup/format/stored-stream.js';
import { swiftTarget } from '../../src/backup/target/swift-target.js';
import type { BackupTarget } from '../../src/backup/target/target.js';
import type { EtcdClient } from '../../src/etcd/index.js';
import type { Swift } from '../../test/support/swift.js';
import { CONTAINER, newSwiftClient, SEGMENT_BYTES, swiftUploadArgs } from './container.js';
import { DIRECTORIES } from './keyspace.js';
import { type StepTiming, timeStep } from './timing.js';

export interface BackupRun extends StepTiming {
  keys: number;
  /** The JSON lines before compression. */
  jsonBytes: number;
  /** What went to Swift (gzip). */
  storedBytes: number;
}

export interface UploadRun extends StepTiming {
  bytes: number;
}

export interface BackupRound {
  first: 'setpoint' | 'swift upload';
  backup: BackupRun;
  upload: UploadRun;
}

export interface BackupContext {
  client: EtcdClient;
  swift: Swift;
  compressionLevel: number | undefined;
  log: (text: string) => void;
}

function backupOptions(context: BackupContext) {
  return {
    prefixes: DIRECTORIES,
    ...(context.compressionLevel !== undefined ? { compressionLevel: context.compressionLevel } : {}),
  };
}

/** A target under its own prefix of the benchmark's container, through a new client. */
export function benchTarget(swift: Swift, prefix: string): BackupTarget {
  return swiftTarget(newSwiftClient(swift), CONTAINER, prefix);
}

/** A backup kept for the restores and for the peer's bytes (its time is a warm-up, not a figure). */
export async function makeSourceBackup(
  context: BackupContext,
): Promise<{ target: BackupTarget; manifest: BackupManifest; run: BackupRun }> {
  const target = benchTarget(context.swift, 'source');
  const { result: manifest, timing } = await timeStep(() =>
    createBackup(context.client, target, backupOptions(context)),
  );
  return { target, manifest, run: runOf(manifest, timing) };
}

/**
 * Downloads the backup's data object to `file`, checked against the manifest's size and SHA-256:
 * the peer uploads exactly the bytes the backup stored.
 */
export async function downloadData(
  target: BackupTarget,
  manifest: BackupManifest,
  file: string,
): Promise<void> {
  const digest = new Digest();
  await pipeline(
    Readable.from(digest.tap(target.read(fullBackupObjects(manifest.id).data))),
    createWriteStream(file),
  );
  if (digest.bytes !== manifest.bytes || digest.sha256() !== manifest.sha256)
    throw new Error(
      `the downloaded copy of backup ${manifest.id} holds ${digest.bytes} bytes with SHA-256 ` +
        `${digest.sha256().slice(0, 12)}…, its manifest says ${manifest.bytes} bytes, ${manifest.sha256.slice(0, 12)}…`,
    );
}

function runOf(manifest: BackupManifest, timing: StepTiming): BackupRun {
  return {
    ...timing,
    keys: manifest.keyCount,
    jsonBytes: manifest.uncompressedBytes,
    storedBytes: manifest.bytes,
  };
}

async function timeBackup(context: BackupContext, round: number): Promise<BackupRun> {
  const target = benchTarget(context.swift, `round-${round}`);
  const { result: manifest, timing } = await timeStep(() =>
    createBackup(context.client, target, backupOptions(context)),
  );
  const objects = fullBackupObjects(manifest.id);
  await target.remove(objects.manifest);
  await target.remove(objects.data);
  return runOf(manifest, timing);
}

async function timeUpload(context: BackupContext, file: string, round: number): Promise<UploadRun> {
  const name = `peer/round-${round}/data.jsonl.gz`;
  const { timing } = await timeStep(() => context.swift.cli(swiftUploadArgs(file, name)));
  const stored = await newSwiftClient(context.swift).headObject(CONTAINER, name);
  const bytes = (await stat(file)).size;
  const large = bytes > SEGMENT_BYTES;
  if (stored.bytes !== bytes || stored.isLargeObject !== large)
    throw new Error(
      `swift upload stored ${name} as ${stored.bytes} bytes${stored.isLargeObject === large ? '' : large ? ', not a large object' : ', a large object'}; the file holds ${bytes}`,
    );
  await context.swift.cli(['delete', CONTAINER, name]);
  return { ...timing, bytes };
}

/**
 * `rounds` rounds of one backup and one upload of `file`, the order alternating; each round is added
 * to `results` as it ends, so a failure keeps the rounds before it.
 */
export async function measureBackups(
  context: BackupContext,
  file: string,
  rounds: number,
  results: BackupRound[],
): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    const first = round % 2 === 0 ? 'setpoint' : 'swift upload';
    context.log(`backup round ${round + 1}/${rounds}: ${first} first ...`);
    let backup: BackupRun;
    let upload: UploadRun;
    if (first === 'setpoint') {
      backup = await timeBackup(context, round);
      upload = await timeUpload(context, file, round);
    } else {
      upload = await timeUpload(context, file, round);
      backup = await timeBackup(context, round);
    }
    results.push({ first, backup, upload });
  }
}
