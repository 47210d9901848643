// Sealing and opening sensitive values: the public surface of src/crypto/seal/.
export { PlaintextTooLargeError, type SealErrorCode, SealedValueError } from './errors.js';
export { MAX_PLAINTEXT_BYTES } from './format.js';
export { type OpenOptions, open, openText } from './open.js';
export { isSealed, SEALED_PREFIX } from './prefix.js';
export { recipientsOf } from './recipients-of.js';
export { type SealOptions, seal } from './seal.js';
