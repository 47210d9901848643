// Where a backup's and a restore's time goes: each part of the product's pipeline run alone, once,
// on data held in memory, through the same functions the product calls.
import type { BackupManifest } from '../../src/backup/format/manifest.js';
import { encodeRecord } from '../../src/backup/format/record.js';
import { Digest, encodeLines } from '../../src/backup/format/stored-stream.js';
import { verifyBackup } from '../../src/backup/read-backup.js';
import { applyRestore } from '../../src/backup/restore/apply.js';
import type { RestoreChange } from '../../src/backup/restore/plan.js';
import type { BackupTarget } from '../../src/backup/target/target.js';
import type { EtcdClient, KeyValue } from '../../src/etcd/index.js';
import type { Swift } from '../../test/support/swift.js';
import { CONTAINER, newSwiftClient } from './container.js';
import { checkKeys, DIRECTORIES, type Entry, wipe } from './keyspace.js';
import { PhaseClock, type StepTiming, timeStep } from './timing.js';

export interface PartTiming extends StepTiming {
  side: 'backup' | 'restore';
  part: string;
  keys: number;
  /** Bytes the part handled (its input or output, as `part` says); 0 when not meaningful. */
  bytes: number;
}

export interface BreakdownContext {
  client: EtcdClient;
  swift: Swift;
  target: BackupTarget;
  manifest: BackupManifest;
  entries: readonly Entry[];
  compressionLevel: number | undefined;
  log: (text: string) => void;
}

async function* each<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}

/** etcd read and JSON encode alone; only the lines are kept, so the next parts run without the pages. */
async function readAndEncode(context: BreakdownContext, parts: PartTiming[]): Promise<string[]> {
  const keys = context.entries.length;
  const read = await timeStep(async () => {
    const kvs: KeyValue[] = [];
    for (const directory of DIRECTORIES)
      for await (const page of context.client.snapshotPages(directory, { pageSize: 1000 }))
        kvs.push(...page.kvs);
    return kvs;
  });
  const kvs = read.result;
  const bytes = kvs.reduce((sum, kv) => sum + kv.keyBytes.length + kv.value.length, 0);
  parts.push({
    side: 'backup',
    part: 'etcd read, pages of 1000 (keys + values)',
    keys,
    bytes,
    ...read.timing,
  });
  const encode = await timeStep(async () =>
    kvs.map((kv) =>
      encodeRecord({
        key: kv.keyBytes,
        value: kv.value,
        createRevision: kv.createRevision,
        modRevision: kv.modRevision,
        version: kv.version,
        lease: kv.lease,
      }),
    ),
  );
  const jsonBytes = encode.result.reduce((sum, line) => sum + Buffer.byteLength(line), 0);
  parts.push({
    side: 'backup',
    part: 'JSON encode (JSON lines out)',
    keys,
    bytes: jsonBytes,
    ...encode.timing,
  });
  return encode.result;
}

/** gzip alone, as encodeLines does it (lines batched, then createGzip); returns the stored bytes. */
async function compress(context: BreakdownContext, parts: PartTiming[]): Promise<Buffer> {
  const lines = await readAndEncode(context, parts);
  const jsonBytes = lines.reduce((sum, line) => sum + Buffer.byteLength(line), 0);
  const level = context.compressionLevel;
  const gzip = await timeStep(async () => {
    const pieces: Buffer[] = [];
    for await (const piece of encodeLines(
      each(lines),
      level === undefined ? {} : { compressionLevel: level },
    ))
      pieces.push(piece);
    return Buffer.concat(pieces);
  });
  parts.push({
    side: 'backup',
    part: `gzip level ${level ?? 1} (JSON lines in)`,
    keys: lines.length,
    bytes: jsonBytes,
    ...gzip.timing,
  });
  return gzip.result;
}

/** Each part of a backup alone: etcd read, JSON encode, gzip, SHA-256, upload with Setpoint's client. */
async function backupParts(context: BreakdownContext): Promise<PartTiming[]> {
  const parts: PartTiming[] = [];
  const keys = context.entries.length;
  const stored = await compress(context, parts);
  const hash = await timeStep(async () => {
    const digest = new Digest();
    for await (const _piece of digest.tap(each([stored]))) {
      // tap hashes as it passes
    }
    return digest.sha256();
  });
  parts.push({ side: 'backup', part: 'SHA-256 (stored bytes)', keys, bytes: stored.length, ...hash.timing });

  const swift = newSwiftClient(context.swift);
  const name = 'breakdown/data.jsonl.gz';
  const upload = await timeStep(() => swift.putObject(CONTAINER, name, stored));
  parts.push({
    side: 'backup',
    part: "upload with Setpoint's Swift client (stored bytes)",
    keys,
    bytes: stored.length,
    ...upload.timing,
  });
  await swift.deleteObject(CONTAINER, name);
  return parts;
}

/**
 * Each part of a restore alone: download and check, decoding the records (both from verifyBackup),
 * and applyRestore's transactions, with their per-key compares, fed from memory.
 */
async function restoreParts(context: BreakdownContext): Promise<PartTiming[]> {
  const keys = context.entries.length;
  const clock = new PhaseClock();
  const verified = await timeStep(() => verifyBackup(context.target, context.manifest, { progress: clock }));
  const total = verified.timing;
  const parts: PartTiming[] = [
    {
      side: 'restore',
      part: 'download and SHA-256 check to the spool file (stored bytes)',
      keys,
      bytes: context.manifest.bytes,
      seconds: clock.seconds('download and check'),
      processCpuSeconds: Number.NaN,
      machineBusy: Number.NaN,
    },
    {
      side: 'restore',
      part: 'gunzip + JSON decode of every record (JSON lines)',
      keys,
      bytes: context.manifest.uncompressedBytes,
      seconds: clock.seconds('verify records'),
      processCpuSeconds: Number.NaN,
      machineBusy: Number.NaN,
    },
    {
      side: 'restore',
      part: '  both, as verifyBackup ran them',
      keys,
      bytes: context.manifest.bytes,
      ...total,
    },
  ];

  await wipe(context.client);
  const changes: RestoreChange[] = context.entries.map((e) => ({
    kind: 'add',
    key: e.key,
    value: e.value,
    currentModRevision: 0,
  }));
  const applied = await timeStep(() => applyRestore(context.client, each([changes])));
  await checkKeys(context.client, context.entries, 'after applyRestore');
  const bytes = context.entries.reduce((sum, e) => sum + e.key.length + e.value.length, 0);
  parts.push({
    side: 'restore',
    part: 'applyRestore from memory: txns with a compare per key',
    keys,
    bytes,
    ...applied.timing,
  });
  return parts;
}

export async function measureBreakdown(context: BreakdownContext): Promise<PartTiming[]> {
  context.log('breakdown: each part of a backup alone ...');
  const backup = await backupParts(context);
  context.log('breakdown: each part of a restore alone ...');
  return [...backup, ...(await restoreParts(context))];
}
