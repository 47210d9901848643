// Access control: users, passwords, API tokens, sessions, roles per prefix, login rate limit, audit log.
export {
  type AuditEntry,
  type AuditInput,
  type AuditOutcome,
  auditWrite,
  readAudit,
  recordAudit,
} from './audit.js';
export { pruneAuditLog, startAuditRetention } from './audit-retention.js';
export {
  type AuthenticateOptions,
  authenticateSession,
  authenticateToken,
  type CredentialGuard,
  credentialGuards,
  type Principal,
} from './authenticate.js';
export { type EnsureAdminResult, ensureAdmin, FIRST_ADMIN } from './bootstrap.js';
export { type CachedRecord, CredentialCache, type CredentialPrefix } from './credential-cache.js';
export { sha256Hex } from './digest.js';
export {
  AuditEntryRefusedError,
  AuthError,
  type AuthErrorCode,
  type AuthFailure,
  AuthRecordError,
  GrantError,
  LastAdminError,
  LoginRateLimitedError,
  PasswordHashError,
  PasswordTooWeakError,
  TokenNameError,
  TokenNotFoundError,
  UserChangedError,
  UserExistsError,
  UserNameError,
  UserNotFoundError,
} from './errors.js';
export { LoginLimiter, type LoginLimiterOptions, type LoginVerdict } from './login-limiter.js';
export {
  checkPasswordPolicy,
  DEFAULT_SCRYPT_PARAMS,
  generatePassword,
  hashPassword,
  MIN_PASSWORD_LENGTH,
  parsePasswordHash,
  type ScryptParams,
  verifyPassword,
} from './passwords.js';
export type { SessionRecord, TokenRecord, UserRecord } from './records.js';
export {
  type RequestCredentials,
  requestCredentials,
  withRequestCredentials,
} from './request-credentials.js';
export {
  ACTIONS,
  type Action,
  allowedActions,
  can,
  type Grant,
  highestRole,
  minimumRole,
  prefixCovers,
  ROLES,
  type Role,
  roleAllows,
  validateGrant,
} from './roles.js';
export {
  createSession,
  csrfTokenMatches,
  DEFAULT_RENEW_EVERY_MS,
  DEFAULT_SESSION_TTL_SECONDS,
  destroySession,
  lookupSession,
  readSession,
  type Session,
} from './sessions.js';
export {
  type CreatedToken,
  createToken,
  findToken,
  LAST_USED_EVERY_MS,
  listTokens,
  lookupToken,
  readToken,
  revokeToken,
  type StoredToken,
  TOKEN_PREFIX,
} from './tokens.js';
export {
  createUser,
  deleteUser,
  getUser,
  listUsers,
  type PublicUser,
  publicUser,
  readUserRecord,
  setDisabled,
  setGrants,
  setPassword,
  type UserChangeOptions,
  type UserSettings,
  updateUser,
  validateUserName,
  verifyUserPassword,
} from './users.js';
