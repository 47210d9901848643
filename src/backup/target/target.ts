// Where backups are kept: a Swift container (with an optional prefix) or a local folder. Every
// backup command works through this interface, so both behave the same.

/**
 * An object in a target.
 *
 * @example
 * for await (const entry of target.list('full/')) console.log(entry.name, entry.bytes);
 */
export interface TargetEntry {
  /** The name relative to the target's root (or prefix). */
  readonly name: string;
  readonly bytes: number;
}

/**
 * A stored part no object refers to: on Swift, a segment of a large-object upload that failed (or
 * is still running) whose clean-up could not reach Swift; in a folder, a temporary file a crash
 * left beside its object.
 *
 * @example
 * for (const part of await target.orphanedParts()) console.log(part.name, part.bytes, part.since);
 */
export interface OrphanedPart {
  /** Relative to the target's root, as `remove` takes it. */
  readonly name: string;
  readonly bytes: number;
  /** When it was last written (for a segment, the later of its upload's start and Swift's time). */
  readonly since: Date;
}

/**
 * A place that stores named objects. A write is all or nothing: the object appears complete once
 * `write` resolves, and not at all if it rejects.
 *
 * @example
 * const target = await openTarget('swift:backups/prod', { env: process.env });
 * await target.write('full/…/data.jsonl.gz', bytes);
 */
export interface BackupTarget {
  /** `swift:CONTAINER/PREFIX` or `file:/path`, for messages. */
  readonly description: string;
  /** Creates the container or folder when missing. */
  prepare(): Promise<void>;
  /** Stores `body` under `name`, replacing any object of that name. */
  write(name: string, body: AsyncIterable<Uint8Array> | Buffer): Promise<{ bytes: number }>;
  /**
   * The object's bytes as a stream; rejects with BACKUP_NOT_FOUND when there is none. Reading,
   * listing or checking a Swift container that does not exist rejects with
   * SWIFT_CONTAINER_NOT_FOUND (only `prepare` creates it).
   */
  read(name: string): AsyncIterable<Buffer>;
  /** Every object whose name starts with `prefix`, in name order. */
  list(prefix: string): AsyncIterable<TargetEntry>;
  /** Removes an object (with its parts), or an orphaned part; nothing when it does not exist. */
  remove(name: string): Promise<void>;
  /**
   * Every stored part no object refers to (hidden from `list`), of any age: a running upload's
   * parts are among them, so callers remove only old ones (prune: older than a day).
   */
  orphanedParts(): Promise<OrphanedPart[]>;
  /**
   * Problems found without reading the object's bytes — on Swift, a large object's segments
   * missing or altered, or a whole object whose MD5 is not `expected.md5` — each naming the part;
   * empty when none (a folder has nothing to check this way).
   */
  checkParts(name: string, expected?: { md5?: string }): Promise<string[]>;
}

/**
 * Reads a whole (small) object as text.
 *
 * @example
 * const manifest = parseManifest(await readText(target, name), name);
 */
export async function readText(target: BackupTarget, name: string): Promise<string> {
  const pieces: Buffer[] = [];
  for await (const piece of target.read(name)) pieces.push(piece);
  return Buffer.concat(pieces).toString('utf8');
}
