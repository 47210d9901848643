// The continuous history between full backups: watches every key and, every interval, writes the
// changes seen since the last segment as one delta segment. Its position is the target itself (the
// newest segment's last revision), so a restarted recorder resumes where the last one stopped and
// etcd re-delivers what was not yet written. A write that fails is tried again at the next
// interval with the changes since added; nothing is dropped while the target is away.
import type { PublicKey } from '../../crypto/index.js';
import type { EtcdClient, PrefixWatch, WatchBatch } from '../../etcd/index.js';
import type { Logger } from '../../log/logger.js';
import { createBackup } from '../create-backup.js';
import { deltaName } from '../format/naming.js';
import type { BackupRecord } from '../format/record.js';
import { listBackups, listDeltas } from '../inventory.js';
import type { BackupTarget } from '../target/target.js';
import { encodeDeltaSegment } from './delta-segment.js';

/**
 * Options of the recorder.
 *
 * @example
 * await startDeltaRecorder(client, target, { intervalMs: 10_000, logger });
 */
export interface DeltaRecorderOptions {
  /** How often pending changes are written; default 10 s. */
  intervalMs?: number;
  /** Encrypt segments (and any full backup it makes) to these keys. */
  recipients?: readonly PublicKey[];
  logger: Logger;
}

/**
 * A running recorder.
 *
 * @example
 * const recorder = await startDeltaRecorder(client, target, { logger });
 * await recorder.flush();   // write what is pending now
 * await recorder.stop();    // flushes, then stops
 */
export interface DeltaRecorder {
  /** The last revision written to the target. */
  written(): number;
  /** Changes seen but not yet written. */
  pending(): number;
  /** The last write error, cleared by the next successful write. */
  lastError(): Error | undefined;
  /** Writes the pending changes now; rejects if the write fails (they stay pending). */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts recording. With no full backup in the target yet, makes one first: deltas need a base.
 *
 * @example
 * const recorder = await startDeltaRecorder(client, fileTarget('./backups'), { logger });
 */
/** How long a stopping recorder waits for changes made before the stop to arrive. */
const STOP_CATCH_UP_MS = 2_000;

export async function startDeltaRecorder(
  client: EtcdClient,
  target: BackupTarget,
  options: DeltaRecorderOptions,
): Promise<DeltaRecorder> {
  const { logger } = options;
  const recipients = options.recipients ?? [];
  const encryption = recipients.length > 0 ? { recipients } : {};
  await target.prepare();
  // Resume after the newest segment even when a full backup was made since (while no recorder ran):
  // etcd still holds those changes unless it compacted them, and then the watch says so.
  let written = (await listDeltas(target)).at(-1)?.to ?? (await newestBackupRevision(target));
  if (written === 0) {
    const manifest = await createBackup(client, target, encryption);
    logger.info(
      { backup: manifest.id, revision: manifest.revision },
      'made a first full backup to record deltas from',
    );
    written = manifest.revision;
  }
  let segmentFrom = written + 1;
  let pending: BackupRecord[] = [];
  let lastSeen = written;
  let lastError: Error | undefined;
  let chain: Promise<void> = Promise.resolve();

  const writePending = async () => {
    if (pending.length === 0) return;
    // A copy: changes arriving during the write stay pending for the next segment.
    const changes = pending.slice();
    const to = lastSeen;
    const name = deltaName(segmentFrom, to);
    try {
      await target.write(name, encodeDeltaSegment({ from: segmentFrom, to, changes }, encryption));
    } catch (err) {
      lastError = err as Error;
      logger.warn(
        { target: target.description, pending: pending.length, err: (err as Error).message },
        'could not write a delta segment; keeping the changes and trying again at the next interval',
      );
      throw err;
    }
    lastError = undefined;
    pending = pending.slice(changes.length);
    written = to;
    segmentFrom = to + 1;
    logger.debug({ segment: name, changes: changes.length }, 'wrote a delta segment');
  };
  const flush = () => {
    const next = chain.then(writePending);
    chain = next.catch(() => {});
    return next;
  };

  const onEvents = (batch: WatchBatch) => {
    const at = Date.now();
    for (const event of batch.events) {
      pending.push({
        key: event.kv.keyBytes,
        value: event.type === 'delete' ? Buffer.alloc(0) : event.kv.value,
        createRevision: event.kv.createRevision,
        modRevision: batch.revision,
        version: event.kv.version,
        lease: event.kv.lease,
        kind: event.type,
        at,
      });
    }
    lastSeen = batch.revision;
  };

  const watch: PrefixWatch = client.watchPrefix('', {
    fromRevision: written,
    onEvents,
    onResync: async (snapshot) => {
      logger.warn(
        { from: lastSeen + 1, to: snapshot.revision },
        'etcd compacted changes before the recorder saw them; making a full backup so restores can reach past the hole',
      );
      await flush().catch(() => {});
      // At the snapshot's revision, where the next segment starts: a backup read at the current
      // revision would leave the revisions between out of every restore's reach.
      const manifest = await createBackup(client, target, { ...encryption, revision: snapshot.revision });
      pending = [];
      lastSeen = snapshot.revision;
      written = Math.max(written, snapshot.revision);
      segmentFrom = snapshot.revision + 1;
      logger.info({ backup: manifest.id }, 'full backup made after the hole');
    },
  });
  const timer = setInterval(() => {
    flush().catch(() => {});
  }, options.intervalMs ?? 10_000);
  timer.unref();

  return {
    written: () => written,
    pending: () => pending.length,
    lastError: () => lastError,
    flush,
    async stop() {
      clearInterval(timer);
      // Every revision changes some key under '' and so reaches this watch: wait (briefly) until the
      // changes acknowledged before the stop have arrived, so they go into the last segment.
      const target = await client.currentRevision().catch(() => 0);
      const deadline = Date.now() + STOP_CATCH_UP_MS;
      while (watch.lastRevision() < target && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await watch.stop();
      await flush().catch((err: unknown) => {
        logger.warn(
          { err: (err as Error).message },
          'stopped with changes not yet written; the next recorder reads them again from etcd',
        );
      });
    },
  };
}

async function newestBackupRevision(target: BackupTarget): Promise<number> {
  const newest = (await listBackups(target)).filter((entry) => entry.status === 'usable').at(-1);
  return newest?.status === 'usable' ? newest.manifest.revision : 0;
}
