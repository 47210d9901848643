// Key files: read RSA and X25519 keys (OpenSSH, PEM), generate pairs and write them safely.
export {
  KeyFileError,
  type KeyFileErrorCode,
  KeyFileExistsError,
  type KeyFileFailure,
  KeyFileWriteError,
  KeyFormatError,
  KeyPassphraseRequiredError,
  KeyTooSmallError,
  PassphraseFileError,
  PassphraseSourcesConflictError,
  UnsupportedKeyEncryptionError,
  UnsupportedKeyTypeError,
  WrongKeyPassphraseError,
} from './errors.js';
export { type GeneratedKeyPair, type GenerateKeyPairOptions, generateKeyPair } from './generate-key-pair.js';
export {
  type KeyType,
  minimumRsaBits,
  type PassphraseCallback,
  type PrivateKey,
  type PublicKey,
} from './key-types.js';
export { passphraseFromEnvironment } from './passphrase-from-environment.js';
export { type ReadPrivateKeyOptions, readPrivateKey } from './read-private-key.js';
export { type ReadPublicKeyOptions, readPublicKey } from './read-public-key.js';
export { type WriteKeyPairOptions, type WrittenKeyPair, writeKeyPair } from './write-key-pair.js';
