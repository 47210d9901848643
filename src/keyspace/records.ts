// The JSON records Setpoint keeps under `_setpoint/`: a recipient's public key and a directory's metadata.
import type { KeyType } from '../crypto/index.js';
import { KeyspaceRecordError } from './errors.js';

/**
 * A registered recipient, stored at `_setpoint/keys/<name>`.
 *
 * @example
 * const record: RecipientKeyRecord = { name: 'team-a', type: 'rsa', keyId: '...', bits: 4096,
 *   publicKey: '-----BEGIN PUBLIC KEY-----...', addedAt: '2026-11-22T10:00:00.000Z' };
 */
export interface RecipientKeyRecord {
  readonly name: string;
  readonly type: KeyType;
  /** RFC 7638 thumbprint, as sealed values name it. */
  readonly keyId: string;
  /** RSA modulus length; absent for X25519. */
  readonly bits?: number;
  /** The public key as SPKI PEM. */
  readonly publicKey: string;
  /** ISO 8601 time it was added. */
  readonly addedAt: string;
}

/**
 * A directory's metadata, stored at `_setpoint/directories/<dir>`. Open for more fields
 * (description, template...): fields this version does not know are kept when it updates the record.
 *
 * @example
 * const record: DirectoryRecord = { recipients: ['team-a', 'ops'] };
 */
export interface DirectoryRecord {
  /** Names of the recipient keys its sensitive values are sealed to. */
  readonly recipients: readonly string[];
  readonly [field: string]: unknown;
}

function parseObject(key: string, value: Buffer): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.toString('utf8'));
  } catch (cause) {
    throw new KeyspaceRecordError(key, 'it is not JSON', { cause });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new KeyspaceRecordError(key, 'it is not a JSON object');
  }
  return parsed as Record<string, unknown>;
}

/**
 * Parses a recipient key record read from etcd.
 *
 * @example
 * const record = parseRecipientKeyRecord(kv.key, kv.value);
 */
export function parseRecipientKeyRecord(key: string, value: Buffer): RecipientKeyRecord {
  const record = parseObject(key, value);
  for (const field of ['name', 'type', 'keyId', 'publicKey', 'addedAt']) {
    if (typeof record[field] !== 'string') {
      throw new KeyspaceRecordError(key, `its field '${field}' is missing or not a string`);
    }
  }
  if (record.type !== 'rsa' && record.type !== 'x25519') {
    throw new KeyspaceRecordError(key, `its type '${String(record.type)}' is not rsa or x25519`);
  }
  return record as unknown as RecipientKeyRecord;
}

/**
 * Parses a directory record read from etcd; a record without `recipients` has none.
 *
 * @example
 * const record = parseDirectoryRecord(kv.key, kv.value); // { recipients: ['team-a'], description: '...' }
 */
export function parseDirectoryRecord(key: string, value: Buffer): DirectoryRecord {
  const record = parseObject(key, value);
  const recipients = record.recipients ?? [];
  if (!Array.isArray(recipients) || recipients.some((r) => typeof r !== 'string')) {
    throw new KeyspaceRecordError(key, "its field 'recipients' is not a list of key names");
  }
  return { ...record, recipients: recipients as string[] };
}
