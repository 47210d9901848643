// First start: when no user exists, create `admin` with a given or generated password.
import type { EtcdClient } from '../../etcd/index.js';
import { USERS_PREFIX, userPath } from '../../keyspace/index.js';
import { commitWithRetry, nothingNewUnder, putOp, unchangedSince } from '../../keyspace/transaction.js';
import { checkPasswordPolicy, generatePassword, hashPassword, type ScryptParams } from './passwords.js';
import type { UserRecord } from './records.js';
import type { Grant } from './roles.js';

/**
 * The account first start creates, and its grant: admin on everything.
 *
 * @example
 * FIRST_ADMIN.name; // 'admin'
 */
export const FIRST_ADMIN: { readonly name: string; readonly grant: Grant } = {
  name: 'admin',
  grant: { role: 'admin', prefix: '' },
};

/**
 * What `ensureAdmin` did. `password` is present only when it generated one: print it this once,
 * it is stored nowhere in clear.
 *
 * @example
 * const result = await ensureAdmin(client, {});
 * if (result.created && result.password) console.log(`admin password: ${result.password}`);
 */
export type EnsureAdminResult =
  | { readonly created: false }
  | { readonly created: true; readonly name: string; readonly password?: string };

/**
 * On first start (no user at all), creates user `admin` with grant admin on `''` and `password`
 * (the server passes `SETPOINT_ADMIN_PASSWORD`; checked against the policy) or a generated one,
 * returned once. Does nothing when any user exists. Race-safe: the create commits only if no
 * user record appeared since the empty read, so of two servers starting at once exactly one creates.
 *
 * @example
 * const result = await ensureAdmin(client, { password: process.env.SETPOINT_ADMIN_PASSWORD });
 */
export async function ensureAdmin(
  client: EtcdClient,
  options: { password?: string | undefined; scrypt?: ScryptParams } = {},
): Promise<EnsureAdminResult> {
  const { name, grant } = FIRST_ADMIN;
  const given = options.password === undefined || options.password === '' ? undefined : options.password;
  if (given !== undefined) checkPasswordPolicy(given, { userName: name });
  if ((await anyUser(client)).found) return { created: false };
  const password = given ?? generatePassword();
  const now = new Date().toISOString();
  const record: UserRecord = {
    name,
    passwordHash: await hashPassword(password, options.scrypt ? { params: options.scrypt } : {}),
    grants: [grant],
    createdAt: now,
    updatedAt: now,
    disabled: false,
  };
  let created = false;
  await commitWithRetry(client, 'cannot create the first admin', async () => {
    const users = await anyUser(client);
    created = !users.found;
    if (users.found) return { compare: [], success: [] };
    return {
      compare: [nothingNewUnder(USERS_PREFIX, users.revision), unchangedSince(userPath(name), 0)],
      success: [putOp(userPath(name), JSON.stringify(record))],
    };
  });
  if (!created) return { created: false };
  return given === undefined ? { created: true, name, password } : { created: true, name };
}

async function anyUser(client: EtcdClient): Promise<{ found: boolean; revision: number }> {
  const { kvs, header } = await client.etcd.getAll().prefix(USERS_PREFIX).limit(1).exec();
  return { found: kvs.length > 0, revision: Number(header.revision) };
}
