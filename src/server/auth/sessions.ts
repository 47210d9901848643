// Login sessions: a random id in the cookie, its SHA-256 as the etcd key, the record bound to a lease
// of the session TTL and renewed (sliding) when used, with a CSRF token per session.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { EtcdClient } from '../../etcd/index.js';
import { sessionPath, userPath } from '../../keyspace/index.js';
import { exists, unchangedSince } from '../../keyspace/transaction.js';
import { sha256Hex } from './digest.js';
import { UserNotFoundError } from './errors.js';
import { parseSessionRecord, type SessionRecord } from './records.js';
import { validateUserName } from './users.js';

/**
 * A session's lifetime without use, in seconds: 12 hours.
 *
 * @example
 * await createSession(client, { user: 'alice', ttlSeconds: DEFAULT_SESSION_TTL_SECONDS });
 */
export const DEFAULT_SESSION_TTL_SECONDS = 12 * 60 * 60;

/**
 * How often a used session's lease is renewed at most, in ms: 5 minutes, so a busy session is not
 * a write per request and an idle one ends at most this much early.
 *
 * @example
 * await lookupSession(client, id, { renewEveryMs: DEFAULT_RENEW_EVERY_MS });
 */
export const DEFAULT_RENEW_EVERY_MS = 5 * 60_000;

const sessionIdShape = /^[A-Za-z0-9_-]{43}$/;

/**
 * A live session. `id` is the cookie value and is known only to the browser and this object;
 * `csrfToken` must come back in a header on every request that changes something.
 *
 * @example
 * reply.setCookie('setpoint_session', session.id, { httpOnly: true, sameSite: 'strict' });
 */
export interface Session extends SessionRecord {
  readonly id: string;
}

async function grantLease(client: EtcdClient, ttlSeconds: number): Promise<string> {
  const { ID } = await client.etcd.leaseClient.leaseGrant({ TTL: ttlSeconds, ID: 0 });
  return String(ID);
}

async function revokeLease(client: EtcdClient, lease: string): Promise<void> {
  // Already gone (expired) is fine: the point was that it ends.
  await client.etcd.leaseClient.leaseRevoke({ ID: lease }).catch(() => undefined);
}

function putOnLease(key: string, record: SessionRecord, lease: string) {
  return {
    request_put: { key: Buffer.from(key, 'utf8'), value: Buffer.from(JSON.stringify(record), 'utf8'), lease },
  };
}

/**
 * Starts a session for `user` (who must exist when it commits) on a lease of `ttlSeconds`
 * (default 12 h). Returns the session with its id (the cookie value); only the id's SHA-256 is
 * stored. Check the password and the user's state before calling.
 *
 * @example
 * const session = await createSession(client, { user: 'alice', from: request.ip });
 */
export async function createSession(
  client: EtcdClient,
  input: { user: string; ttlSeconds?: number; from?: string },
): Promise<Session> {
  const { user, ttlSeconds = DEFAULT_SESSION_TTL_SECONDS, from } = input;
  validateUserName(user);
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1)
    throw new TypeError('ttlSeconds must be a positive integer');
  const id = randomBytes(32).toString('base64url');
  const now = new Date().toISOString();
  const record: SessionRecord = {
    user,
    csrfToken: randomBytes(32).toString('base64url'),
    createdAt: now,
    renewedAt: now,
    ttlSeconds,
    ...(from === undefined ? {} : { from }),
  };
  const lease = await grantLease(client, ttlSeconds);
  const key = sessionPath(sha256Hex(id));
  const result = await client.etcd.kv.txn({
    compare: [exists(userPath(user))],
    success: [putOnLease(key, record, lease)],
    failure: [],
  });
  if (!result.succeeded) {
    await revokeLease(client, lease);
    throw new UserNotFoundError(user);
  }
  return { id, ...record };
}

/**
 * The session with this id, or undefined when it is malformed, unknown, ended or expired. When the
 * session was last renewed more than `renewEveryMs` ago, it moves to a fresh lease of its TTL (a
 * compare-and-swap; the old lease is revoked), so a session in use never expires.
 *
 * @example
 * const session = await lookupSession(client, request.cookies.setpoint_session);
 */
export async function lookupSession(
  client: EtcdClient,
  id: string,
  options: { now?: Date; renewEveryMs?: number } = {},
): Promise<Session | undefined> {
  return (await readSession(client, id, options))?.session;
}

/**
 * `lookupSession` with the revision the session's record is at (after renewing it, when it did):
 * a change made on the session's strength compares against it.
 *
 * @example
 * const found = await readSession(client, cookie); // { session: { id, user, ... }, modRevision: 57 }
 */
export async function readSession(
  client: EtcdClient,
  id: string,
  { now = new Date(), renewEveryMs = DEFAULT_RENEW_EVERY_MS }: { now?: Date; renewEveryMs?: number } = {},
): Promise<{ session: Session; modRevision: number } | undefined> {
  if (typeof id !== 'string' || !sessionIdShape.test(id)) return undefined;
  const key = sessionPath(sha256Hex(id));
  const kv = (await client.etcd.get(key).exec()).kvs[0];
  if (kv === undefined) return undefined;
  const record = parseSessionRecord(key, kv.value);
  const modRevision = Number(kv.mod_revision);
  if (now.getTime() - Date.parse(record.renewedAt) < renewEveryMs)
    return { session: { id, ...record }, modRevision };
  const renewed: SessionRecord = { ...record, renewedAt: now.toISOString() };
  const lease = await grantLease(client, record.ttlSeconds);
  const result = await client.etcd.kv.txn({
    compare: [unchangedSince(key, modRevision)],
    success: [putOnLease(key, renewed, lease)],
    failure: [],
  });
  if (!result.succeeded) {
    // Another request renewed it (or it ended) meanwhile: keep theirs.
    await revokeLease(client, lease);
    return readSession(client, id, { now, renewEveryMs: Number.POSITIVE_INFINITY });
  }
  await revokeLease(client, kv.lease);
  return { session: { id, ...renewed }, modRevision: Number(result.header.revision) };
}

/**
 * Ends the session with this id (logout); false when there was none.
 *
 * @example
 * await destroySession(client, request.cookies.setpoint_session);
 */
export async function destroySession(client: EtcdClient, id: string): Promise<boolean> {
  if (typeof id !== 'string' || !sessionIdShape.test(id)) return false;
  const key = sessionPath(sha256Hex(id));
  const result = await client.etcd.kv.txn({
    compare: [],
    success: [{ request_delete_range: { key: Buffer.from(key, 'utf8'), prev_kv: true } }],
    failure: [],
  });
  const previous = result.responses[0]?.response_delete_range?.prev_kvs[0];
  if (previous === undefined) return false;
  await revokeLease(client, previous.lease);
  return true;
}

/**
 * Whether the CSRF token a request sent is this session's, compared in constant time.
 *
 * @example
 * if (!csrfTokenMatches(session, request.headers['x-csrf-token'])) return reply.code(403).send();
 */
export function csrfTokenMatches(session: SessionRecord, presented: string | undefined): boolean {
  if (typeof presented !== 'string') return false;
  const expected = Buffer.from(session.csrfToken, 'utf8');
  const given = Buffer.from(presented, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}
