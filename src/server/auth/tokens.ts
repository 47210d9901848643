// API tokens: `spt_` + 32 random bytes, shown once, stored only as their SHA-256 under `_setpoint/tokens/`.
import { randomBytes } from 'node:crypto';
import type { EtcdClient } from '../../etcd/index.js';
import { TOKENS_PREFIX, tokenPath, userPath } from '../../keyspace/index.js';
import { exists, putOp, unchangedSince } from '../../keyspace/transaction.js';
import { CredentialCache } from './credential-cache.js';
import { sha256Hex } from './digest.js';
import { TokenNameError, TokenNotFoundError, UserNotFoundError } from './errors.js';
import { parseTokenRecord, type TokenRecord } from './records.js';
import { validateUserName } from './users.js';

/**
 * What every API token starts with, so secret scanners and people recognise one.
 *
 * @example
 * header.startsWith(`Bearer ${TOKEN_PREFIX}`);
 */
export const TOKEN_PREFIX = 'spt_';

/**
 * How often `lookupToken` records `lastUsedAt` at most, in ms: every use would be a write.
 *
 * @example
 * await lookupToken(client, token, { lastUsedEveryMs: LAST_USED_EVERY_MS });
 */
export const LAST_USED_EVERY_MS = 60_000;

const tokenShape = /^spt_[A-Za-z0-9_-]{43}$/;
const tokenId = /^[0-9a-f]{64}$/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const controlCharacter = /[\u0000-\u001f\u007f-\u009f]/u;

/**
 * An API token's record as listed: the id is the SHA-256 (hex) of the token, which names the
 * record and is what `revokeToken` takes; the token itself cannot be recovered from it.
 *
 * @example
 * for (const t of await listTokens(client, { owner: 'alice' })) console.log(t.id.slice(0, 12), t.name);
 */
export interface StoredToken extends TokenRecord {
  readonly id: string;
}

/**
 * A token just made: `token` is the secret, shown to its owner this once and never stored.
 *
 * @example
 * const { token, id } = await createToken(client, { owner: 'alice', name: 'ci deploy' });
 */
export interface CreatedToken {
  readonly token: string;
  readonly id: string;
  readonly record: TokenRecord;
}

/**
 * Makes an API token for user `owner` (who must exist when the transaction commits) named `name`,
 * valid until `expiresAt` when given. Returns the token once; only its SHA-256 is stored.
 *
 * @example
 * const { token } = await createToken(client, { owner: 'alice', name: 'ci deploy', expiresAt: new Date('2027-01-01') });
 * console.log(token); // spt_...; shown once
 */
export async function createToken(
  client: EtcdClient,
  input: { owner: string; name: string; expiresAt?: Date },
): Promise<CreatedToken> {
  const { owner, name, expiresAt } = input;
  validateUserName(owner);
  if (
    typeof name !== 'string' ||
    name.trim() === '' ||
    [...name].length > 64 ||
    controlCharacter.test(name)
  ) {
    throw new TokenNameError(String(name));
  }
  if (expiresAt !== undefined && Number.isNaN(expiresAt.getTime())) {
    throw new TypeError('createToken: expiresAt is not a valid date');
  }
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  const id = sha256Hex(token);
  const record: TokenRecord = {
    owner,
    name,
    createdAt: new Date().toISOString(),
    ...(expiresAt === undefined ? {} : { expiresAt: expiresAt.toISOString() }),
  };
  const result = await client.etcd.kv.txn({
    compare: [exists(userPath(owner)), unchangedSince(tokenPath(id), 0)],
    success: [putOp(tokenPath(id), JSON.stringify(record))],
    failure: [],
  });
  if (!result.succeeded) throw new UserNotFoundError(owner);
  return { token, id, record };
}

/**
 * The record of a presented token, found by hashing it; undefined when it is malformed, unknown,
 * revoked or expired. Records `lastUsedAt` at most every `lastUsedEveryMs` (a compare-and-swap, so a
 * concurrent revoke is never undone). Whether the owner may still act (exists, not disabled) is
 * checked by `authenticateToken`.
 *
 * @example
 * const found = await lookupToken(client, bearer);
 * if (found === undefined) return reply.code(401).send();
 */
export async function lookupToken(
  client: EtcdClient,
  token: string,
  options: { now?: Date; lastUsedEveryMs?: number } = {},
): Promise<StoredToken | undefined> {
  return (await readToken(client, token, options))?.token;
}

/**
 * `lookupToken` with the revision the token's record is at (after recording its use, when it did):
 * a change made on the token's strength compares against it.
 *
 * @example
 * const found = await readToken(client, bearer); // { token: { id, owner, ... }, modRevision: 41 }
 */
export async function readToken(
  client: EtcdClient,
  token: string,
  { now = new Date(), lastUsedEveryMs = LAST_USED_EVERY_MS }: { now?: Date; lastUsedEveryMs?: number } = {},
): Promise<{ token: StoredToken; modRevision: number } | undefined> {
  const id = tokenIdOf(token);
  if (id === undefined) return undefined;
  const key = tokenPath(id);
  const kv = (await client.etcd.get(key).exec()).kvs[0];
  if (kv === undefined) return undefined;
  const record = parseTokenRecord(key, kv.value);
  if (expired(record, now)) return undefined;
  const modRevision = Number(kv.mod_revision);
  const lastUsed = record.lastUsedAt === undefined ? 0 : Date.parse(record.lastUsedAt);
  if (now.getTime() - lastUsed < lastUsedEveryMs) return { token: { id, ...record }, modRevision };
  return recordUse(client, id, record, modRevision, now);
}

/**
 * The id (SHA-256 hex) of a presented token, or undefined when it is not shaped like one.
 *
 * @example
 * tokenIdOf('spt_...'); // '9f86d0...'
 */
export function tokenIdOf(token: string): string | undefined {
  if (typeof token !== 'string' || !tokenShape.test(token)) return undefined;
  return sha256Hex(token);
}

/**
 * Whether the token's record says it has expired at `now`.
 *
 * @example
 * if (expired(record, new Date())) return undefined;
 */
export function expired(record: TokenRecord, now: Date): boolean {
  return record.expiresAt !== undefined && Date.parse(record.expiresAt) <= now.getTime();
}

/**
 * Records a use of token `id` (its record read at `modRevision`) as a compare-and-swap. A lost race
 * means another request recorded the use, or the token was revoked: both fine here, and a change
 * made with the old revision fails its compare and checks the token again.
 *
 * @example
 * const { modRevision } = await recordUse(client, id, record, 41, new Date());
 */
export async function recordUse(
  client: EtcdClient,
  id: string,
  record: TokenRecord,
  modRevision: number,
  now: Date,
): Promise<{ token: StoredToken; modRevision: number }> {
  const key = tokenPath(id);
  const used: TokenRecord = { ...record, lastUsedAt: now.toISOString() };
  const result = await client.etcd.kv.txn({
    compare: [unchangedSince(key, modRevision)],
    success: [putOp(key, JSON.stringify(used))],
    failure: [],
  });
  return result.succeeded
    ? { token: { id, ...used }, modRevision: Number(result.header.revision) }
    : { token: { id, ...used }, modRevision };
}

/**
 * Every API token (or those of `owner`), without the tokens themselves.
 *
 * @example
 * await listTokens(client, { owner: 'alice' });
 */
export async function listTokens(
  client: EtcdClient,
  { owner }: { owner?: string } = {},
): Promise<StoredToken[]> {
  const { kvs } = await client.rangeSnapshot(TOKENS_PREFIX);
  return kvs
    .map((kv) => ({ id: kv.key.slice(TOKENS_PREFIX.length), ...parseTokenRecord(kv.key, kv.value) }))
    .filter((t) => owner === undefined || t.owner === owner);
}

/**
 * The token with this id (the SHA-256 hex `createToken` and `listTokens` give), expired or not, or
 * undefined when there is none; for checking whose it is before acting on it.
 *
 * @example
 * const found = await findToken(client, id);
 * if (found?.owner !== caller) authorize(principal, 'admin', '');
 */
export async function findToken(client: EtcdClient, id: string): Promise<StoredToken | undefined> {
  if (typeof id !== 'string' || !tokenId.test(id)) return undefined;
  const key = tokenPath(id);
  const kv = (await client.etcd.get(key).exec()).kvs[0];
  return kv === undefined ? undefined : { id, ...parseTokenRecord(key, kv.value) };
}

/**
 * Revokes the token with this id (the SHA-256 hex `createToken` and `listTokens` give);
 * `TokenNotFoundError` if there is none. Returns once this server's credential cache no longer
 * holds it, so the next request made with it is refused.
 *
 * @example
 * await revokeToken(client, id);
 */
export async function revokeToken(client: EtcdClient, id: string): Promise<StoredToken> {
  if (typeof id !== 'string' || !tokenId.test(id)) throw new TokenNotFoundError(String(id));
  const key = tokenPath(id);
  const result = await client.etcd.kv.txn({
    compare: [],
    success: [{ request_delete_range: { key: Buffer.from(key, 'utf8'), prev_kv: true } }],
    failure: [],
  });
  const previous = result.responses[0]?.response_delete_range?.prev_kvs[0];
  if (previous === undefined) throw new TokenNotFoundError(id);
  // The next request to this server must find the token gone.
  await CredentialCache.existing(client)?.reached(Number(result.header.revision), 'tokens');
  return { id, ...parseTokenRecord(key, previous.value) };
}
