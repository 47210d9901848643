// The restore side by side with its peer: restore() into the emptied keyspace, and a raw etcd
// transaction loop writing the same keys and values with the same batching, each going first in turn.
import type { BackupManifest } from '../../src/backup/format/manifest.js';
import { restore } from '../../src/backup/restore/restore.js';
import type { BackupTarget } from '../../src/backup/target/target.js';
import type { EtcdClient } from '../../src/etcd/index.js';
import { checkKeys, countKeys, type Entry, wipe, writeRaw } from './keyspace.js';
import { PhaseClock, type StepTiming, timeStep } from './timing.js';

export interface RestoreRun extends StepTiming {
  keys: number;
  /** Listing the target, reading manifests, checking the segments: before the download. */
  findSeconds: number;
  /** Download to the spool file with the SHA-256 check ('download and check'). */
  downloadSeconds: number;
  /** The write phase ('restore'): decoding records, comparing with etcd, the transactions. */
  writeSeconds: number;
}

export interface RawWriteRun extends StepTiming {
  keys: number;
}

export interface RestoreRound {
  first: 'setpoint' | 'raw';
  restore: RestoreRun;
  raw: RawWriteRun;
}

export interface RestoreContext {
  client: EtcdClient;
  target: BackupTarget;
  manifest: BackupManifest;
  entries: readonly Entry[];
  log: (text: string) => void;
}

async function timeRestore(context: RestoreContext): Promise<RestoreRun> {
  await wipe(context.client);
  const clock = new PhaseClock();
  const started = performance.now();
  const { result: summary, timing } = await timeStep(() =>
    restore(context.client, context.target, { backupId: context.manifest.id, progress: clock }),
  );
  if (summary.written !== context.entries.length)
    throw new Error(`restore wrote ${summary.written} keys, not the ${context.entries.length} backed up`);
  await checkKeys(context.client, context.entries, 'after restore');
  return {
    ...timing,
    keys: summary.written,
    findSeconds: (clock.startedAt('download and check') - started) / 1000,
    downloadSeconds: clock.seconds('download and check'),
    writeSeconds: clock.seconds('restore'),
  };
}

async function timeRawWrites(context: RestoreContext): Promise<RawWriteRun> {
  await wipe(context.client);
  const { timing } = await timeStep(() => writeRaw(context.client, context.entries));
  const count = await countKeys(context.client);
  if (count !== context.entries.length)
    throw new Error(`the raw write loop left ${count} keys, not ${context.entries.length}`);
  return { ...timing, keys: count };
}

/**
 * `rounds` rounds of one restore and one raw write loop, the order alternating; each round is added
 * to `results` as it ends, so a failure keeps the rounds before it.
 */
export async function measureRestores(
  context: RestoreContext,
  rounds: number,
  results: RestoreRound[],
): Promise<void> {
  for (let round = 0; round < rounds; round++) {
    const first = round % 2 === 0 ? 'setpoint' : 'raw';
    context.log(
      `restore round ${round + 1}/${rounds}: ${first === 'raw' ? 'raw writes' : 'restore'} first ...`,
    );
    let restored: RestoreRun;
    let raw: RawWriteRun;
    if (first === 'setpoint') {
      restored = await timeRestore(context);
      raw = await timeRawWrites(context);
    } else {
      raw = await timeRawWrites(context);
      restored = await timeRestore(context);
    }
    results.push({ first, restore: restored, raw });
  }
}
