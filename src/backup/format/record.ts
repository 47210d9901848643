// One key as a backup stores it: a JSON line with the key, its value and its revisions. Keys and
// values that are valid UTF-8 are kept as text (readable with `zcat | jq`), others as base64.
import { isUtf8 } from 'node:buffer';
import { BackupCorruptError } from '../errors.js';

/**
 * A key-value in a full backup, or a change in a delta segment (`kind` and `at` set).
 *
 * @example
 * const record: BackupRecord = { key: Buffer.from('hack/http/addr'), value: Buffer.from(':5000'),
 *   createRevision: 3, modRevision: 9, version: 2, lease: '0' };
 */
export interface BackupRecord {
  readonly key: Buffer;
  /** Empty for a delete. */
  readonly value: Buffer;
  readonly createRevision: number;
  /** The revision of the change (for a delete, the revision that deleted the key). */
  readonly modRevision: number;
  readonly version: number;
  /** The lease id as decimal text, '0' for none. */
  readonly lease: string;
  /** Only in delta segments. */
  readonly kind?: 'put' | 'delete';
  /** Only in delta segments: when the recorder saw the change, epoch milliseconds. */
  readonly at?: number;
}

interface RecordLine {
  k?: string;
  kb?: string;
  v?: string;
  vb?: string;
  c: number;
  m: number;
  n: number;
  l?: string;
  t?: 'put' | 'delete';
  at?: number;
}

/**
 * One record as a JSON line, newline included.
 *
 * @example
 * encodeRecord(record); // '{"k":"hack/http/addr","v":":5000","c":3,"m":9,"n":2}\n'
 */
export function encodeRecord(record: BackupRecord): string {
  const line: RecordLine = { c: record.createRevision, m: record.modRevision, n: record.version };
  const text = asText(record.key);
  const body: Record<string, unknown> =
    text === undefined ? { kb: record.key.toString('base64') } : { k: text };
  const value = asText(record.value);
  if (value === undefined) body.vb = record.value.toString('base64');
  else body.v = value;
  Object.assign(body, line);
  if (record.lease !== '0') body.l = record.lease;
  if (record.kind !== undefined) body.t = record.kind;
  if (record.at !== undefined) body.at = record.at;
  return `${JSON.stringify(body)}\n`;
}

/**
 * Reads one JSON line back; `where` names the object (and `lineNumber` the line) for the error.
 *
 * @example
 * const record = decodeRecord(line, 'full/…/data.jsonl.gz', 12);
 */
export function decodeRecord(line: string, object: string, lineNumber?: number): BackupRecord {
  try {
    return decodeLine(line);
  } catch (err) {
    if (!(err instanceof RecordProblem)) throw err;
    const where = lineNumber === undefined ? object : `${object} line ${lineNumber}`;
    throw new BackupCorruptError(where, err.message);
  }
}

/** What is wrong with a line; the caller says where it is (built only on failure). */
class RecordProblem extends Error {}

function decodeLine(line: string): BackupRecord {
  let parsed: RecordLine;
  try {
    parsed = JSON.parse(line) as RecordLine;
  } catch (err) {
    throw new RecordProblem(`not a JSON record (${(err as Error).message})`);
  }
  const key = parsed.k !== undefined ? Buffer.from(parsed.k, 'utf8') : fromBase64(parsed.kb);
  const value = parsed.v !== undefined ? Buffer.from(parsed.v, 'utf8') : fromBase64(parsed.vb ?? '');
  if (key === undefined || key.length === 0 || value === undefined) {
    throw new RecordProblem('a record without a key or value');
  }
  for (const field of ['c', 'm', 'n'] as const) {
    if (!Number.isSafeInteger(parsed[field]) || parsed[field] < 0) {
      throw new RecordProblem(`a record whose '${field}' is not a revision number`);
    }
  }
  return {
    key,
    value,
    createRevision: parsed.c,
    modRevision: parsed.m,
    version: parsed.n,
    lease: parsed.l ?? '0',
    ...(parsed.t !== undefined ? { kind: parsed.t } : {}),
    ...(parsed.at !== undefined ? { at: parsed.at } : {}),
  };
}

function asText(bytes: Buffer): string | undefined {
  return isUtf8(bytes) ? bytes.toString('utf8') : undefined;
}

function fromBase64(text: string | undefined): Buffer | undefined {
  if (typeof text !== 'string') return undefined;
  return Buffer.from(text, 'base64');
}
