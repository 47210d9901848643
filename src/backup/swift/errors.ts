// The errors of the Swift client: one class per failure, each with a stable `code`. No message ever
// holds a key, password, token or application credential secret.

/**
 * Every code a Swift client error carries.
 *
 * @example
 * if (err instanceof SwiftError && err.code === 'SWIFT_QUOTA_EXCEEDED') process.exitCode = 75;
 */
export type SwiftErrorCode =
  | 'SWIFT_CONFIG_MISSING'
  | 'SWIFT_CONFIG_INVALID'
  | 'SWIFT_AUTH_FAILED'
  | 'SWIFT_ENDPOINT_NOT_FOUND'
  | 'SWIFT_CONTAINER_NOT_FOUND'
  | 'SWIFT_OBJECT_NOT_FOUND'
  | 'SWIFT_QUOTA_EXCEEDED'
  | 'SWIFT_CHECKSUM_MISMATCH'
  | 'SWIFT_UNAVAILABLE'
  | 'SWIFT_REQUEST_FAILED';

/**
 * The base of every error the Swift client throws.
 *
 * @example
 * try { await client.putObject('backups', 'full.snap', bytes); }
 * catch (err) { if (err instanceof SwiftError) console.error(err.code, err.message); }
 */
export abstract class SwiftError extends Error {
  abstract readonly code: SwiftErrorCode;
}

/**
 * The environment names no complete set of Swift credentials.
 *
 * @example
 * swiftAuthFromEnvironment({ ST_AUTH: 'http://swift/auth/v1.0' }); // throws: ST_USER, ST_KEY missing
 */
export class SwiftConfigMissingError extends SwiftError {
  readonly code = 'SWIFT_CONFIG_MISSING';
  override readonly name = 'SwiftConfigMissingError';
  constructor(
    readonly missing: readonly string[],
    advice: string,
  ) {
    super(`Swift credentials incomplete: ${missing.join(', ')} not set; ${advice}`);
  }
}

/**
 * A Swift setting has a value the client cannot use (an `OS_INTERFACE` that is not an interface, an
 * auth URL that is not a URL).
 *
 * @example
 * swiftAuthFromEnvironment({ ...keystoneEnv, OS_INTERFACE: 'outside' }); // throws SwiftConfigInvalidError
 */
export class SwiftConfigInvalidError extends SwiftError {
  readonly code = 'SWIFT_CONFIG_INVALID';
  override readonly name = 'SwiftConfigInvalidError';
}

/**
 * TempAuth or Keystone refused the credentials (401/403), or Swift refused a token just issued.
 * The message names the auth URL and the user, never the key, password or secret.
 *
 * @example
 * await client.ensureContainer('backups'); // throws SwiftAuthFailedError after a key rotation
 */
export class SwiftAuthFailedError extends SwiftError {
  readonly code = 'SWIFT_AUTH_FAILED';
  override readonly name = 'SwiftAuthFailedError';
  constructor(
    readonly authUrl: string,
    readonly user: string,
    readonly status: number,
    advice: string,
  ) {
    super(`Swift authentication at ${authUrl} refused ${user} (HTTP ${status}); ${advice}`);
  }
}

/**
 * Keystone's catalog holds no object-store endpoint for the region and interface asked for.
 *
 * @example
 * await client.ensureContainer('backups'); // throws when OS_REGION_NAME names a region without Swift
 */
export class SwiftEndpointNotFoundError extends SwiftError {
  readonly code = 'SWIFT_ENDPOINT_NOT_FOUND';
  override readonly name = 'SwiftEndpointNotFoundError';
}

/**
 * The container does not exist (or this user may not see it).
 *
 * @example
 * for await (const o of client.listObjects('missing')) {} // throws SwiftContainerNotFoundError
 */
export class SwiftContainerNotFoundError extends SwiftError {
  readonly code = 'SWIFT_CONTAINER_NOT_FOUND';
  override readonly name = 'SwiftContainerNotFoundError';
  /** `advice` replaces the default one (create it with ensureContainer or 'swift post'). */
  constructor(
    readonly container: string,
    readonly storageUrl: string,
    advice?: string,
  ) {
    super(
      `Swift container '${container}' does not exist at ${storageUrl}; ${
        advice ??
        `create it first (SwiftClient.ensureContainer, or 'swift post ${container}') or check the container name`
      }`,
    );
  }
}

/**
 * The object does not exist in its container.
 *
 * @example
 * await client.headObject('backups', 'nope.snap'); // throws SwiftObjectNotFoundError
 */
export class SwiftObjectNotFoundError extends SwiftError {
  readonly code = 'SWIFT_OBJECT_NOT_FOUND';
  override readonly name = 'SwiftObjectNotFoundError';
  constructor(
    readonly container: string,
    readonly object: string,
  ) {
    super(
      `Swift object '${object}' does not exist in container '${container}'; ` +
        `list the container ('swift list ${container}') to see what it holds`,
    );
  }
}

/**
 * Swift refused a write for lack of room: a container or account quota (413) or full disks (507).
 *
 * @example
 * await client.putObject('small', 'big.snap', bytes); // throws SwiftQuotaExceededError
 */
export class SwiftQuotaExceededError extends SwiftError {
  readonly code = 'SWIFT_QUOTA_EXCEEDED';
  override readonly name = 'SwiftQuotaExceededError';
  constructor(
    readonly container: string,
    readonly object: string,
    readonly status: number,
  ) {
    super(
      status === 507
        ? `Swift has no room left to store '${object}' in container '${container}' (HTTP 507, ` +
            `insufficient storage); ask the Swift operator to add capacity`
        : `Swift refused '${object}' in container '${container}': it would exceed a quota (HTTP 413); ` +
            `delete old objects (see 'swift stat ${container}' for X-Container-Meta-Quota-Bytes) or raise the quota`,
    );
  }
}

/**
 * The bytes stored or read are not the bytes meant: Swift answered 422 to the MD5 sent, or an ETag
 * differs from the MD5 computed here.
 *
 * @example
 * for await (const chunk of (await client.getObject('b', 'x')).body) {} // throws on a damaged object
 */
export class SwiftChecksumMismatchError extends SwiftError {
  readonly code = 'SWIFT_CHECKSUM_MISMATCH';
  override readonly name = 'SwiftChecksumMismatchError';
  constructor(
    readonly container: string,
    readonly object: string,
    readonly expected: string,
    readonly actual: string,
    what: string,
    advice: string,
  ) {
    super(
      `${what} of '${object}' in container '${container}' has checksum ${actual}, expected ${expected}; ${advice}`,
    );
  }
}

/**
 * Swift did not answer usefully within the retry budget: connection refused or reset, timeouts,
 * 5xx, 408 or 429 on every attempt.
 *
 * @example
 * await client.headObject('b', 'x'); // throws after `retry.attempts` attempts against a stopped proxy
 */
export class SwiftUnavailableError extends SwiftError {
  readonly code = 'SWIFT_UNAVAILABLE';
  override readonly name = 'SwiftUnavailableError';
  constructor(
    readonly method: string,
    readonly url: string,
    readonly attempts: number,
    readonly lastCause: string,
    options?: { cause?: unknown },
  ) {
    super(
      `Swift is unavailable: ${method} ${url} failed ${attempts} time${attempts === 1 ? '' : 's'}, ` +
        `last with ${lastCause}; check that the Swift proxy is up and reachable, then try again`,
      options,
    );
  }
}

/**
 * Swift answered with a status this client has no better error for.
 *
 * @example
 * await client.ensureContainer('bad/name'); // throws SwiftRequestFailedError (HTTP 4xx)
 */
export class SwiftRequestFailedError extends SwiftError {
  readonly code = 'SWIFT_REQUEST_FAILED';
  override readonly name = 'SwiftRequestFailedError';
  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`Swift request ${method} ${url} failed with HTTP ${status}${detail ? `: ${detail}` : ''}`, options);
  }
}

/**
 * Every concrete error class of the Swift client, as a union `switch (err.code)` narrows.
 *
 * @example
 * function advice(err: SwiftFailure): string {
 *   switch (err.code) {
 *     case 'SWIFT_OBJECT_NOT_FOUND': return `no ${err.object}`;
 *     default: return err.message;
 *   }
 * }
 */
export type SwiftFailure =
  | SwiftConfigMissingError
  | SwiftConfigInvalidError
  | SwiftAuthFailedError
  | SwiftEndpointNotFoundError
  | SwiftContainerNotFoundError
  | SwiftObjectNotFoundError
  | SwiftQuotaExceededError
  | SwiftChecksumMismatchError
  | SwiftUnavailableError
  | SwiftRequestFailedError;
