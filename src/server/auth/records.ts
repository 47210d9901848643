// The JSON records access control keeps under `_setpoint/`: users, API tokens, sessions; read back with checks.
import { z } from 'zod';
import { AuthRecordError } from './errors.js';
import { ROLES } from './roles.js';

const isoTime = z.iso.datetime({ offset: true });
const grant = z.strictObject({ role: z.enum(ROLES), prefix: z.string() });

const userRecord = z.strictObject({
  name: z.string(),
  passwordHash: z.string(),
  grants: z.array(grant),
  createdAt: isoTime,
  updatedAt: isoTime,
  disabled: z.boolean(),
});

/**
 * A user account as stored at `_setpoint/users/<name>`. Holds the password hash: hand out
 * `publicUser(record)` instead.
 *
 * @example
 * const record: UserRecord = { name: 'alice', passwordHash, grants: [], createdAt, updatedAt: createdAt, disabled: false };
 */
export type UserRecord = z.infer<typeof userRecord>;

const tokenRecord = z.strictObject({
  owner: z.string(),
  name: z.string(),
  createdAt: isoTime,
  lastUsedAt: isoTime.optional(),
  expiresAt: isoTime.optional(),
});

/**
 * An API token as stored at `_setpoint/tokens/<sha256 hex of the token>`; the token itself is not in it.
 *
 * @example
 * const record: TokenRecord = { owner: 'alice', name: 'ci deploy', createdAt: new Date().toISOString() };
 */
export type TokenRecord = z.infer<typeof tokenRecord>;

const sessionRecord = z.strictObject({
  user: z.string(),
  csrfToken: z.string(),
  createdAt: isoTime,
  renewedAt: isoTime,
  ttlSeconds: z.number().int().positive(),
  from: z.string().optional(),
});

/**
 * A login session as stored at `_setpoint/sessions/<sha256 hex of the session id>`, on a lease of
 * `ttlSeconds`; the session id (the cookie value) is not in it.
 *
 * @example
 * const record: SessionRecord = { user: 'alice', csrfToken, createdAt: now, renewedAt: now, ttlSeconds: 43200 };
 */
export type SessionRecord = z.infer<typeof sessionRecord>;

function parse<T>(schema: z.ZodType<T>, what: string, key: string, value: Buffer | string): T {
  let json: unknown;
  try {
    json = JSON.parse(typeof value === 'string' ? value : value.toString('utf8'));
  } catch (cause) {
    throw new AuthRecordError(key, `it is not JSON`, { cause });
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    throw new AuthRecordError(
      key,
      `it is not a ${what} (${issue.path.join('.') || 'record'}: ${issue.message})`,
    );
  }
  return result.data;
}

/**
 * Reads a user record, or throws `AuthRecordError` naming the key.
 *
 * @example
 * const record = parseUserRecord(kv.key, kv.value);
 */
export function parseUserRecord(key: string, value: Buffer | string): UserRecord {
  return parse(userRecord, 'user record', key, value);
}

/**
 * Reads a token record, or throws `AuthRecordError` naming the key.
 *
 * @example
 * const record = parseTokenRecord(kv.key, kv.value);
 */
export function parseTokenRecord(key: string, value: Buffer | string): TokenRecord {
  return parse(tokenRecord, 'token record', key, value);
}

/**
 * Reads a session record, or throws `AuthRecordError` naming the key.
 *
 * @example
 * const record = parseSessionRecord(kv.key, kv.value);
 */
export function parseSessionRecord(key: string, value: Buffer | string): SessionRecord {
  return parse(sessionRecord, 'session record', key, value);
}
