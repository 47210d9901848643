// A delta segment: the changes of a run of revisions, as record lines (each with its kind and the
// time it was seen) followed by a trailer that says which revisions it covers, how many changes it
// holds and the SHA-256 of the lines before it. A segment without a valid trailer is damaged.
import { createHash } from 'node:crypto';
import type { PrivateKey, PublicKey } from '../../crypto/index.js';
import { BackupCorruptError } from '../errors.js';
import { type BackupRecord, decodeRecord, encodeRecord } from '../format/record.js';
import { decodeLines, encodeLines } from '../format/stored-stream.js';
import type { BackupTarget } from '../target/target.js';

/**
 * The changes of revisions `from` to `to` (both included), in revision order.
 *
 * @example
 * const segment: DeltaSegment = { from: 43, to: 97, changes: [...] };
 */
export interface DeltaSegment {
  readonly from: number;
  readonly to: number;
  readonly changes: readonly BackupRecord[];
}

interface Trailer {
  end: { from: number; to: number; changes: number; sha256: string };
}

/**
 * The stored bytes of a segment.
 *
 * @example
 * await target.write(deltaName(segment.from, segment.to), encodeDeltaSegment(segment, { recipients }));
 */
export function encodeDeltaSegment(
  segment: DeltaSegment,
  options: { recipients?: readonly PublicKey[] } = {},
): AsyncIterable<Buffer> {
  const lines = segment.changes.map(encodeRecord);
  const hash = createHash('sha256');
  for (const line of lines) hash.update(line);
  const trailer: Trailer = {
    end: { from: segment.from, to: segment.to, changes: lines.length, sha256: hash.digest('hex') },
  };
  lines.push(`${JSON.stringify(trailer)}\n`);
  return encodeLines(
    (async function* () {
      yield* lines;
    })(),
    options.recipients !== undefined ? { recipients: options.recipients } : {},
  );
}

/**
 * Reads and checks a segment: its trailer must match its name's revisions, its line count and hash.
 *
 * @example
 * const segment = await readDeltaSegment(target, 'deltas/…-….jsonl.gz', { from: 43, to: 97 });
 */
export async function readDeltaSegment(
  target: BackupTarget,
  name: string,
  expected: { from: number; to: number },
  privateKey?: PrivateKey,
): Promise<DeltaSegment> {
  const changes: BackupRecord[] = [];
  const hash = createHash('sha256');
  let trailer: Trailer | undefined;
  let line = 0;
  for await (const text of decodeLines(target.read(name), {
    where: name,
    ...(privateKey ? { privateKey } : {}),
  })) {
    line += 1;
    if (trailer !== undefined) throw new BackupCorruptError(name, `line ${line} comes after its trailer`);
    if (text.startsWith('{"end":')) {
      trailer = JSON.parse(text) as Trailer;
      continue;
    }
    hash.update(`${text}\n`);
    changes.push(decodeRecord(text, name, line));
  }
  if (trailer === undefined) throw new BackupCorruptError(name, 'it has no trailer (cut short)');
  const { end } = trailer;
  if (end.from !== expected.from || end.to !== expected.to) {
    throw new BackupCorruptError(
      name,
      `its trailer covers revisions ${end.from}-${end.to}, its name ${expected.from}-${expected.to}`,
    );
  }
  if (end.changes !== changes.length || end.sha256 !== hash.digest('hex')) {
    throw new BackupCorruptError(name, 'its changes do not match the count and SHA-256 in its trailer');
  }
  return { from: end.from, to: end.to, changes };
}
