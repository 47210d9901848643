// The OpenStack Swift client of the backup targets: TempAuth v1 and Keystone v3, containers,
// plain and Static Large Objects, listings, retries and typed errors.
export {
  describeSwiftUser,
  type EndpointInterface,
  type KeystoneApplicationCredential,
  type KeystoneName,
  type KeystonePassword,
  type KeystoneSettings,
  type SwiftAuth,
  swiftAuthSecrets,
  type TempAuthSettings,
} from './auth-settings.js';
export { backoffDelayMs, defaultSwiftRetryPolicy, type SwiftRetryPolicy } from './backoff.js';
export {
  isLargeObjectSegment,
  parseLargeObjectSegment,
  SwiftClient,
  type SwiftClientOptions,
  type SwiftListOptions,
  type SwiftManifestSegment,
  type SwiftObjectDownload,
  type SwiftObjectInfo,
  type SwiftObjectSummary,
  type SwiftPutOptions,
  type SwiftPutResult,
  type SwiftSubdir,
} from './client.js';
export { parseInterface, swiftAuthFromEnvironment } from './environment.js';
export {
  SwiftAuthFailedError,
  SwiftChecksumMismatchError,
  SwiftConfigInvalidError,
  SwiftConfigMissingError,
  SwiftContainerNotFoundError,
  SwiftEndpointNotFoundError,
  SwiftError,
  type SwiftErrorCode,
  type SwiftFailure,
  SwiftObjectNotFoundError,
  SwiftQuotaExceededError,
  SwiftRequestFailedError,
  SwiftUnavailableError,
} from './errors.js';
export type { SwiftRetryEvent } from './transport.js';
