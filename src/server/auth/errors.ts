// The errors of access control: one class per failure, each with a stable `code`.

/**
 * Every code an error of the auth module carries.
 *
 * @example
 * if (err instanceof AuthError && err.code === 'LOGIN_RATE_LIMITED') reply.header('retry-after', err.retryAfterSeconds);
 */
export type AuthErrorCode =
  | 'PASSWORD_TOO_WEAK'
  | 'PASSWORD_HASH_INVALID'
  | 'USER_NAME_INVALID'
  | 'USER_EXISTS'
  | 'USER_NOT_FOUND'
  | 'USER_CHANGED'
  | 'LAST_ADMIN'
  | 'GRANT_INVALID'
  | 'TOKEN_NAME_INVALID'
  | 'TOKEN_NOT_FOUND'
  | 'LOGIN_RATE_LIMITED'
  | 'AUDIT_ENTRY_REFUSED'
  | 'AUTH_RECORD_INVALID';

/**
 * The base of every error this module throws.
 *
 * @example
 * try { await createUser(client, input); } catch (err) { if (err instanceof AuthError) console.error(err.code); }
 */
export abstract class AuthError extends Error {
  abstract readonly code: AuthErrorCode;
}

/**
 * A new password does not meet the password policy; the message says which rule and what to do.
 *
 * @example
 * checkPasswordPolicy('short', { userName: 'alice' }); // throws PasswordTooWeakError
 */
export class PasswordTooWeakError extends AuthError {
  readonly code = 'PASSWORD_TOO_WEAK';
  override readonly name = 'PasswordTooWeakError';
  constructor(reason: string) {
    super(`the password is refused: ${reason}`);
  }
}

/**
 * A stored password hash is not in the `scrypt$N=...,r=...,p=...$salt$hash` format, or its
 * parameters are out of the accepted range (a damaged or hand-written record).
 *
 * @example
 * await verifyPassword('x', 'md5$abc'); // throws PasswordHashError
 */
export class PasswordHashError extends AuthError {
  readonly code = 'PASSWORD_HASH_INVALID';
  override readonly name = 'PasswordHashError';
  constructor(reason: string) {
    super(`the stored password hash cannot be used: ${reason}; set a new password for this user`);
  }
}

/**
 * A user name is not 1 to 64 lowercase letters, digits, `-`, `_` or `.`.
 *
 * @example
 * validateUserName('Alice'); // throws UserNameError
 */
export class UserNameError extends AuthError {
  readonly code = 'USER_NAME_INVALID';
  override readonly name = 'UserNameError';
  constructor(readonly user: string) {
    super(
      `invalid user name ${JSON.stringify(user)}: use 1 to 64 lowercase letters, digits, '-', '_' or '.', ` +
        `without 'spt_' (which marks an API token), for example 'alice' or 'ci-deploy'`,
    );
  }
}

/**
 * A user with that name already exists.
 *
 * @example
 * await createUser(client, { name: 'admin', password, grants: [] }); // throws UserExistsError
 */
export class UserExistsError extends AuthError {
  readonly code = 'USER_EXISTS';
  override readonly name = 'UserExistsError';
  constructor(readonly user: string) {
    super(`cannot create user '${user}': a user with that name already exists; choose another name`);
  }
}

/**
 * No user has that name.
 *
 * @example
 * await setGrants(client, 'nobody', []); // throws UserNotFoundError
 */
export class UserNotFoundError extends AuthError {
  readonly code = 'USER_NOT_FOUND';
  override readonly name = 'UserNotFoundError';
  constructor(readonly user: string) {
    super(`no user is named '${user}'; see 'setpoint user ls'`);
  }
}

/**
 * The user's record changed since it was read (another edit landed first); nothing was written.
 *
 * @example
 * await setGrants(client, 'alice', grants, { ifModRevision: 41 }); // throws UserChangedError when it is at 57
 */
export class UserChangedError extends AuthError {
  readonly code = 'USER_CHANGED';
  override readonly name = 'UserChangedError';
  constructor(
    readonly user: string,
    /** The record's revision now, 0 if it was deleted meanwhile. */
    readonly currentModRevision: number,
  ) {
    super(
      `user '${user}' was changed by someone else meanwhile (now at revision ${currentModRevision}); ` +
        `nothing was written, read it again and repeat the change`,
    );
  }
}

/**
 * The change would leave no enabled user holding admin on `''`: deleting, disabling or taking the
 * admin-on-everything grant from the last such user is refused, since nobody could then manage
 * users again. Nothing was written.
 *
 * @example
 * await setDisabled(client, 'admin', true); // throws LastAdminError while admin is the only admin on ''
 */
export class LastAdminError extends AuthError {
  readonly code = 'LAST_ADMIN';
  override readonly name = 'LastAdminError';
  constructor(
    readonly user: string,
    /** What was refused: `delete`, `disable` or `remove the admin grant of`. */
    readonly change: 'delete' | 'disable' | 'remove the admin grant of',
  ) {
    super(
      `cannot ${change} user '${user}': it is the last enabled user with admin on everything (prefix ''), ` +
        `and without one nobody can manage users again; give another user admin on '' first`,
    );
  }
}

/**
 * A grant names an unknown role or a prefix that is not `''` or a key path ending in `/`.
 *
 * @example
 * validateGrant({ role: 'owner', prefix: '' }); // throws GrantError
 */
export class GrantError extends AuthError {
  readonly code = 'GRANT_INVALID';
  override readonly name = 'GrantError';
  constructor(reason: string) {
    super(`invalid grant: ${reason}`);
  }
}

/**
 * A token name is empty, longer than 64 characters, or holds control characters.
 *
 * @example
 * await createToken(client, { owner: 'alice', name: '' }); // throws TokenNameError
 */
export class TokenNameError extends AuthError {
  readonly code = 'TOKEN_NAME_INVALID';
  override readonly name = 'TokenNameError';
  constructor(readonly tokenName: string) {
    super(
      `invalid token name ${JSON.stringify(tokenName)}: use 1 to 64 printable characters that say ` +
        `where it is used (for example 'ci deploy')`,
    );
  }
}

/**
 * No API token has that id (it was revoked, or never existed).
 *
 * @example
 * await revokeToken(client, id); // throws TokenNotFoundError the second time
 */
export class TokenNotFoundError extends AuthError {
  readonly code = 'TOKEN_NOT_FOUND';
  override readonly name = 'TokenNotFoundError';
  constructor(readonly tokenId: string) {
    super(`no API token has id '${tokenId}'; see 'setpoint token ls'`);
  }
}

/**
 * Too many failed logins for this user name or from this address; try again after `retryAfterMs`.
 *
 * @example
 * limiter.assertAllowed('alice', '192.0.2.1'); // throws LoginRateLimitedError after 5 failures
 */
export class LoginRateLimitedError extends AuthError {
  readonly code = 'LOGIN_RATE_LIMITED';
  override readonly name = 'LoginRateLimitedError';
  constructor(readonly retryAfterMs: number) {
    super(
      `too many failed logins; try again in ${Math.ceil(retryAfterMs / 1000)} s (or ask an admin to ` +
        `check the audit log)`,
    );
  }

  /** Whole seconds, as the HTTP `Retry-After` header takes it. */
  get retryAfterSeconds(): number {
    return Math.ceil(this.retryAfterMs / 1000);
  }
}

/**
 * An audit entry holds something that must never be logged (an unknown field, a field or detail
 * named like a secret, or text that looks like a token, password hash or sealed value); nothing
 * was written.
 *
 * @example
 * await recordAudit(client, { ...entry, detail: { password: 'x' } }); // throws AuditEntryRefusedError
 */
export class AuditEntryRefusedError extends AuthError {
  readonly code = 'AUDIT_ENTRY_REFUSED';
  override readonly name = 'AuditEntryRefusedError';
  constructor(reason: string) {
    super(`the audit entry is refused: ${reason}; audit entries never hold secrets, leave it out`);
  }
}

/**
 * A record under `_setpoint/users/`, `tokens/`, `sessions/` or `audit/` is not what Setpoint wrote
 * there (damaged or written by hand).
 *
 * @example
 * await getUser(client, 'alice'); // throws AuthRecordError if the record is not JSON
 */
export class AuthRecordError extends AuthError {
  readonly code = 'AUTH_RECORD_INVALID';
  override readonly name = 'AuthRecordError';
  constructor(
    readonly key: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(
      `the record at '${key}' is damaged: ${reason}; remove it (etcdctl del '${key}') or restore it from a backup`,
      options,
    );
  }
}

/**
 * Any error of the auth module, as a union so `switch (err.code)` narrows.
 *
 * @example
 * function status(err: AuthFailure) { switch (err.code) { case 'USER_NOT_FOUND': return 404; default: return 400; } }
 */
export type AuthFailure =
  | PasswordTooWeakError
  | PasswordHashError
  | UserNameError
  | UserExistsError
  | UserNotFoundError
  | UserChangedError
  | LastAdminError
  | GrantError
  | TokenNameError
  | TokenNotFoundError
  | LoginRateLimitedError
  | AuditEntryRefusedError
  | AuthRecordError;
