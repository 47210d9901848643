// User accounts at `_setpoint/users/<name>`: create, read, change password, grants and state, delete.
import type { IRequestOp } from 'etcd3';
import type { EtcdClient } from '../../etcd/index.js';
import { SESSIONS_PREFIX, TOKENS_PREFIX, USERS_PREFIX, userPath } from '../../keyspace/index.js';
import { deleteOp, putOp, unchangedSince } from '../../keyspace/transaction.js';
import { CredentialCache } from './credential-cache.js';
import {
  LastAdminError,
  UserChangedError,
  UserExistsError,
  UserNameError,
  UserNotFoundError,
} from './errors.js';
import { checkPasswordPolicy, hashPassword, type ScryptParams, verifyPassword } from './passwords.js';
import { parseSessionRecord, parseTokenRecord, parseUserRecord, type UserRecord } from './records.js';
import { type Grant, validateGrant } from './roles.js';

const userName = /^[a-z0-9._-]{1,64}$/;

/**
 * A user as shown to people and returned by the API: everything but the password hash, plus the
 * record's revision for `ifModRevision` (the API's `If-Match`).
 *
 * @example
 * const { name, grants, disabled, modRevision } = await getUser(client, 'alice');
 */
export interface PublicUser {
  readonly name: string;
  readonly grants: readonly Grant[];
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly disabled: boolean;
  readonly modRevision: number;
}

/**
 * Options of the changes to an existing user.
 *
 * @example
 * await setGrants(client, 'alice', grants, { ifModRevision: user.modRevision });
 */
export interface UserChangeOptions {
  /** Change only if the record is still at this revision (else `UserChangedError`). */
  ifModRevision?: number;
}

/**
 * The display view of a user record: drops the password hash.
 *
 * @example
 * publicUser(record, kv.modRevision); // { name, grants, createdAt, updatedAt, disabled, modRevision }
 */
export function publicUser(record: UserRecord, modRevision: number): PublicUser {
  return {
    name: record.name,
    grants: record.grants.map((g) => ({ role: g.role, prefix: g.prefix })),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    disabled: record.disabled,
    modRevision,
  };
}

function isUserName(name: unknown): name is string {
  // `spt_` marks an API token: the audit log refuses text that looks like one, so such a name could
  // not be audited.
  return (
    typeof name === 'string' && userName.test(name) && name !== '.' && name !== '..' && !name.includes('spt_')
  );
}

/**
 * Throws `UserNameError` unless `name` is 1 to 64 lowercase letters, digits, `-`, `_` or `.` (and
 * not `.` or `..`, and without `spt_`, which marks an API token).
 *
 * @example
 * validateUserName('ci-deploy'); // ok
 * validateUserName('Alice'); // throws UserNameError
 */
export function validateUserName(name: string): void {
  if (!isUserName(name)) throw new UserNameError(String(name));
}

/**
 * The stored record of user `name` (with its password hash) and its revision, or undefined.
 * For the server's own checks; show people `getUser` instead.
 *
 * @example
 * const found = await readUserRecord(client, 'alice');
 */
export async function readUserRecord(
  client: EtcdClient,
  name: string,
): Promise<{ record: UserRecord; modRevision: number } | undefined> {
  validateUserName(name);
  const key = userPath(name);
  const kv = (await client.etcd.get(key).exec()).kvs[0];
  if (kv === undefined) return undefined;
  return { record: parseUserRecord(key, kv.value), modRevision: Number(kv.mod_revision) };
}

/**
 * Creates user `name` with a password (checked against the policy, stored as an scrypt hash) and
 * grants. `UserExistsError` if the name is taken, also when two creates race (the record must not
 * exist when the transaction commits).
 *
 * @example
 * await createUser(client, { name: 'alice', password: 'correct horse battery', grants: [{ role: 'editor', prefix: 'hack/' }] });
 */
export async function createUser(
  client: EtcdClient,
  input: { name: string; password: string; grants?: readonly Grant[]; scrypt?: ScryptParams },
): Promise<PublicUser> {
  const { name, password, grants = [] } = input;
  validateUserName(name);
  checkPasswordPolicy(password, { userName: name });
  for (const grant of grants) validateGrant(grant);
  const now = new Date().toISOString();
  const record: UserRecord = {
    name,
    passwordHash: await hashPassword(password, input.scrypt ? { params: input.scrypt } : {}),
    grants: grants.map((g) => ({ role: g.role, prefix: g.prefix })),
    createdAt: now,
    updatedAt: now,
    disabled: false,
  };
  const key = userPath(name);
  const result = await client.etcd.kv.txn({
    compare: [unchangedSince(key, 0)],
    success: [putOp(key, JSON.stringify(record))],
    failure: [],
  });
  if (!result.succeeded) throw new UserExistsError(name);
  return publicUser(record, Number(result.header.revision));
}

/**
 * User `name` without the password hash, or undefined when there is none.
 *
 * @example
 * const user = await getUser(client, 'alice');
 */
export async function getUser(client: EtcdClient, name: string): Promise<PublicUser | undefined> {
  const found = await readUserRecord(client, name);
  return found && publicUser(found.record, found.modRevision);
}

/**
 * Every user, by name, without password hashes.
 *
 * @example
 * for (const user of await listUsers(client)) console.log(user.name, user.grants);
 */
export async function listUsers(client: EtcdClient): Promise<PublicUser[]> {
  const { kvs } = await client.rangeSnapshot(USERS_PREFIX);
  return kvs.map((kv) => publicUser(parseUserRecord(kv.key, kv.value), kv.modRevision));
}

/**
 * Whether user `name` exists, is enabled and has this password; the user when so, undefined when
 * not. An unknown name costs the same scrypt time as a wrong password, so timing does not tell
 * which names exist.
 *
 * @example
 * const user = await verifyUserPassword(client, 'alice', typed);
 * if (user === undefined) limiter.recordFailure('alice', address);
 */
export async function verifyUserPassword(
  client: EtcdClient,
  name: string,
  password: string,
): Promise<PublicUser | undefined> {
  const found = isUserName(name) ? await readUserRecord(client, name) : undefined;
  const stored = found?.record.passwordHash ?? (await unknownUserHash());
  const matches = await verifyPassword(password, stored);
  if (found === undefined || !matches || found.record.disabled) return undefined;
  return publicUser(found.record, found.modRevision);
}

let dummyHash: Promise<string> | undefined;
function unknownUserHash(): Promise<string> {
  dummyHash ??= hashPassword('no user has this password');
  return dummyHash;
}

/** How many times a change is read again when only the other admin it relied on changed meanwhile. */
const MAX_ADMIN_RECHECKS = 10;

/** Whether the record is an enabled user holding admin on everything: who can manage users. */
function managesUsers(record: UserRecord): boolean {
  return !record.disabled && record.grants.some((g) => g.role === 'admin' && g.prefix === '');
}

/**
 * Another enabled admin on everything than `name`, with its key and revision, or `LastAdminError`.
 * The change then commits only if that admin's record is unchanged: two admins demoting each other
 * at once cannot both win, since each change relies on the other's record staying as it was.
 */
async function otherAdmin(
  client: EtcdClient,
  name: string,
  change: LastAdminError['change'],
): Promise<{ key: string; modRevision: number }> {
  const { kvs } = await client.rangeSnapshot(USERS_PREFIX);
  for (const kv of kvs) {
    const record = parseUserRecord(kv.key, kv.value);
    if (record.name !== name && managesUsers(record)) return { key: kv.key, modRevision: kv.modRevision };
  }
  throw new LastAdminError(name, change);
}

async function changeUser(
  client: EtcdClient,
  name: string,
  options: UserChangeOptions,
  change: (record: UserRecord) => UserRecord | Promise<UserRecord>,
  cleanup: (record: UserRecord) => Promise<IRequestOp[]> = async () => [],
  remove = false,
): Promise<PublicUser> {
  for (let attempt = 1; ; attempt++) {
    const found = await readUserRecord(client, name);
    if (found === undefined) throw new UserNotFoundError(name);
    const expected = options.ifModRevision ?? found.modRevision;
    if (expected !== found.modRevision) throw new UserChangedError(name, found.modRevision);
    const changed = { ...(await change(found.record)), updatedAt: new Date().toISOString() };
    const lastAdminCheck = managesUsers(found.record) && (remove || !managesUsers(changed));
    const witness = lastAdminCheck
      ? await otherAdmin(
          client,
          name,
          remove ? 'delete' : changed.disabled ? 'disable' : 'remove the admin grant of',
        )
      : undefined;
    const key = userPath(name);
    const result = await client.etcd.kv.txn({
      compare: [
        unchangedSince(key, expected),
        ...(witness === undefined ? [] : [unchangedSince(witness.key, witness.modRevision)]),
      ],
      success: [remove ? deleteOp(key) : putOp(key, JSON.stringify(changed)), ...(await cleanup(changed))],
      failure: [{ request_range: { key: Buffer.from(key, 'utf8') } }],
    });
    if (result.succeeded) {
      // The next request to this server must see the change (a disabled user refused, new grants).
      await CredentialCache.existing(client)?.reached(Number(result.header.revision), 'users');
      return publicUser(changed, remove ? 0 : Number(result.header.revision));
    }
    const now = result.responses[0]?.response_range?.kvs[0];
    const current = now === undefined ? 0 : Number(now.mod_revision);
    // Only the other admin changed: read again, it may no longer be one.
    if (witness === undefined || current !== expected || attempt >= MAX_ADMIN_RECHECKS) {
      throw new UserChangedError(name, current);
    }
  }
}

/** Deletes of every session and token of `name` (best effort: requests check the user anyway). */
async function credentialsOf(
  client: EtcdClient,
  name: string,
  which: 'sessions' | 'all',
): Promise<IRequestOp[]> {
  const prefixes = which === 'all' ? [SESSIONS_PREFIX, TOKENS_PREFIX] : [SESSIONS_PREFIX];
  const ops: IRequestOp[] = [];
  for (const prefix of prefixes) {
    for (const kv of (await client.rangeSnapshot(prefix)).kvs) {
      const owner =
        prefix === SESSIONS_PREFIX
          ? parseSessionRecord(kv.key, kv.value).user
          : parseTokenRecord(kv.key, kv.value).owner;
      if (owner === name) ops.push(deleteOp(kv.key));
    }
  }
  return ops;
}

/**
 * Sets a new password (policy checked, scrypt hashed) and ends the user's sessions.
 * `UserChangedError` if the record changed since `ifModRevision` or during the change.
 *
 * @example
 * await setPassword(client, 'alice', 'a new long passphrase');
 */
export async function setPassword(
  client: EtcdClient,
  name: string,
  password: string,
  options: UserChangeOptions & { scrypt?: ScryptParams } = {},
): Promise<PublicUser> {
  validateUserName(name);
  checkPasswordPolicy(password, { userName: name });
  const passwordHash = await hashPassword(password, options.scrypt ? { params: options.scrypt } : {});
  return changeUser(
    client,
    name,
    options,
    (record) => ({ ...record, passwordHash }),
    () => credentialsOf(client, name, 'sessions'),
  );
}

/**
 * Replaces the user's grants. `UserChangedError` if the record changed since `ifModRevision` or
 * during the change; `LastAdminError` if it takes admin on `''` from the last enabled user holding it.
 *
 * @example
 * await setGrants(client, 'alice', [{ role: 'publisher', prefix: 'hack/' }]);
 */
export async function setGrants(
  client: EtcdClient,
  name: string,
  grants: readonly Grant[],
  options: UserChangeOptions = {},
): Promise<PublicUser> {
  validateUserName(name);
  for (const grant of grants) validateGrant(grant);
  const copy = grants.map((g) => ({ role: g.role, prefix: g.prefix }));
  return changeUser(client, name, options, (record) => ({ ...record, grants: copy }));
}

/**
 * Disables (or enables again) a user: a disabled user cannot log in and their tokens and sessions
 * stop working; disabling also ends their sessions. The record and tokens stay. Disabling the last
 * enabled admin on `''` is refused (`LastAdminError`).
 *
 * @example
 * await setDisabled(client, 'alice', true);
 */
export async function setDisabled(
  client: EtcdClient,
  name: string,
  disabled: boolean,
  options: UserChangeOptions = {},
): Promise<PublicUser> {
  validateUserName(name);
  return changeUser(
    client,
    name,
    options,
    (record) => ({ ...record, disabled }),
    async () => (disabled ? credentialsOf(client, name, 'sessions') : []),
  );
}

/**
 * What `updateUser` changes: the grants (replaced whole), the disabled state, or both.
 *
 * @example
 * const settings: UserSettings = { grants: [{ role: 'viewer', prefix: '' }], disabled: false };
 */
export interface UserSettings {
  readonly grants?: readonly Grant[];
  readonly disabled?: boolean;
}

/**
 * Changes a user's grants and disabled state in one transaction (what is absent stays). Disabling
 * ends the user's sessions, as `setDisabled` does. `UserChangedError` if the record changed since
 * `ifModRevision` or during the change; `LastAdminError` if it would leave no enabled admin on `''`.
 *
 * @example
 * await updateUser(client, 'alice', { grants: [{ role: 'editor', prefix: 'hack/' }], disabled: false }, { ifModRevision: 812 });
 */
export async function updateUser(
  client: EtcdClient,
  name: string,
  settings: UserSettings,
  options: UserChangeOptions = {},
): Promise<PublicUser> {
  validateUserName(name);
  for (const grant of settings.grants ?? []) validateGrant(grant);
  const grants = settings.grants?.map((g) => ({ role: g.role, prefix: g.prefix }));
  const { disabled } = settings;
  return changeUser(
    client,
    name,
    options,
    (record) => ({
      ...record,
      ...(grants === undefined ? {} : { grants }),
      ...(disabled === undefined ? {} : { disabled }),
    }),
    async () => (disabled === true ? credentialsOf(client, name, 'sessions') : []),
  );
}

/**
 * Deletes a user with their tokens and sessions, in one transaction comparing the user record.
 * Deleting the last enabled admin on `''` is refused (`LastAdminError`).
 *
 * @example
 * await deleteUser(client, 'alice', { ifModRevision: user.modRevision });
 */
export async function deleteUser(
  client: EtcdClient,
  name: string,
  options: UserChangeOptions = {},
): Promise<void> {
  validateUserName(name);
  await changeUser(
    client,
    name,
    options,
    (record) => record,
    () => credentialsOf(client, name, 'all'),
    true,
  );
}
