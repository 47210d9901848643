// The errors of key files: one class per failure, each with a stable `code`, none carrying key material.
import { minimumRsaBits } from './key-types.js';

/**
 * Every code an error of the key-file module carries.
 *
 * @example
 * if (err instanceof KeyFileError && err.code === 'KEY_PASSPHRASE_WRONG') askAgain();
 */
export type KeyFileErrorCode =
  | 'KEY_FORMAT_UNRECOGNISED'
  | 'KEY_TYPE_UNSUPPORTED'
  | 'KEY_TOO_SMALL'
  | 'KEY_ENCRYPTION_UNSUPPORTED'
  | 'KEY_PASSPHRASE_REQUIRED'
  | 'KEY_PASSPHRASE_WRONG'
  | 'KEY_PASSPHRASE_FILE_UNREADABLE'
  | 'KEY_PASSPHRASE_SOURCES_CONFLICT'
  | 'KEY_FILE_EXISTS'
  | 'KEY_FILE_UNWRITABLE';

/** How a key source is named in a message: its path, or "given" when the text came from elsewhere. */
function named(source: string | undefined): string {
  return source === undefined ? 'given' : `in ${source}`;
}

/**
 * The base of every error this module throws.
 *
 * @example
 * try { await readPrivateKey(text, { source: path }); }
 * catch (err) { if (err instanceof KeyFileError) console.error(err.code, err.message); }
 */
export abstract class KeyFileError extends Error {
  abstract readonly code: KeyFileErrorCode;
}

/**
 * The text is not a key in any format Setpoint reads (or is a public key where a private one is
 * expected, or the reverse), or its contents are damaged.
 *
 * @example
 * await readPrivateKey('hello', { source: 'notes.txt' }); // throws KeyFormatError
 */
export class KeyFormatError extends KeyFileError {
  readonly code = 'KEY_FORMAT_UNRECOGNISED';
  override readonly name = 'KeyFormatError';
  constructor(
    readonly source: string | undefined,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(`cannot read the key ${named(source)}: ${reason}`, options);
  }
}

/**
 * The key is of a type Setpoint does not seal with (Ed25519, ECDSA, DSA, RSA-PSS, X448...).
 *
 * @example
 * await readPrivateKey(ed25519Text, { source: '~/.ssh/id_ed25519' }); // throws UnsupportedKeyTypeError
 */
export class UnsupportedKeyTypeError extends KeyFileError {
  readonly code = 'KEY_TYPE_UNSUPPORTED';
  override readonly name = 'UnsupportedKeyTypeError';
  constructor(
    readonly source: string | undefined,
    readonly keyType: string,
  ) {
    super(
      `cannot use the key ${named(source)}: it is ${keyType} key, and Setpoint seals only with ` +
        `RSA (${minimumRsaBits} bits or more) or X25519 keys; make a pair with 'setpoint keys generate' ` +
        `(or 'ssh-keygen -t rsa -b 4096')`,
    );
  }
}

/**
 * The RSA key is shorter than 2048 bits.
 *
 * @example
 * await readPublicKey(rsa1024Line, { source: 'old.pub' }); // throws KeyTooSmallError, err.bits === 1024
 */
export class KeyTooSmallError extends KeyFileError {
  readonly code = 'KEY_TOO_SMALL';
  override readonly name = 'KeyTooSmallError';
  readonly minimumBits = minimumRsaBits;
  constructor(
    readonly source: string | undefined,
    readonly bits: number,
  ) {
    super(
      `cannot use the key ${named(source)}: it is a ${bits}-bit RSA key and Setpoint needs at least ` +
        `${minimumRsaBits} bits; make a new pair with 'setpoint keys generate' (RSA 4096 by default)`,
    );
  }
}

/**
 * The key is encrypted with a cipher the OpenSSH reader does not know (chacha20-poly1305, AES-GCM).
 *
 * @example
 * await readPrivateKey(chachaKeyText, { source: 'id_rsa' }); // throws UnsupportedKeyEncryptionError
 */
export class UnsupportedKeyEncryptionError extends KeyFileError {
  readonly code = 'KEY_ENCRYPTION_UNSUPPORTED';
  override readonly name = 'UnsupportedKeyEncryptionError';
  constructor(
    readonly source: string | undefined,
    readonly cipher: string,
  ) {
    const file = source ?? 'FILE';
    super(
      `cannot read the private key ${named(source)}: it is encrypted with ${cipher}, which Setpoint ` +
        `cannot decrypt; re-encrypt it with 'ssh-keygen -p -Z aes256-ctr -f ${file}'`,
    );
  }
}

/**
 * The private key is encrypted and no passphrase was given (no callback, or it returned nothing).
 *
 * @example
 * await readPrivateKey(encryptedText, { source: 'id_rsa' }); // throws KeyPassphraseRequiredError
 */
export class KeyPassphraseRequiredError extends KeyFileError {
  readonly code = 'KEY_PASSPHRASE_REQUIRED';
  override readonly name = 'KeyPassphraseRequiredError';
  constructor(readonly source: string | undefined) {
    super(
      `cannot read the private key ${named(source)}: it is encrypted and no passphrase was given; ` +
        'give it on the terminal, or to a service in SETPOINT_KEY_PASSPHRASE or SETPOINT_KEY_PASSPHRASE_FILE',
    );
  }
}

/**
 * The passphrase does not decrypt the private key (or the encrypted key is damaged).
 *
 * @example
 * await readPrivateKey(text, { source: 'id_rsa', passphrase: async () => 'typo' }); // throws WrongKeyPassphraseError
 */
export class WrongKeyPassphraseError extends KeyFileError {
  readonly code = 'KEY_PASSPHRASE_WRONG';
  override readonly name = 'WrongKeyPassphraseError';
  constructor(readonly source: string | undefined) {
    super(
      `cannot read the private key ${named(source)}: the passphrase is wrong (or the encrypted key is ` +
        'damaged); give the passphrase the key was encrypted with',
    );
  }
}

/**
 * `SETPOINT_KEY_PASSPHRASE_FILE` names a file that cannot be read.
 *
 * @example
 * await passphraseFromEnvironment({ SETPOINT_KEY_PASSPHRASE_FILE: '/missing' })(); // throws PassphraseFileError
 */
export class PassphraseFileError extends KeyFileError {
  readonly code = 'KEY_PASSPHRASE_FILE_UNREADABLE';
  override readonly name = 'PassphraseFileError';
  constructor(
    readonly path: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(
      `cannot read the key passphrase from SETPOINT_KEY_PASSPHRASE_FILE=${path}: ${reason}; ` +
        'name a file this process can read',
      options,
    );
  }
}

/**
 * Both `SETPOINT_KEY_PASSPHRASE` and `SETPOINT_KEY_PASSPHRASE_FILE` are set, so which one is meant is unclear.
 *
 * @example
 * await passphraseFromEnvironment({ SETPOINT_KEY_PASSPHRASE: 'a', SETPOINT_KEY_PASSPHRASE_FILE: 'b' })(); // throws
 */
export class PassphraseSourcesConflictError extends KeyFileError {
  readonly code = 'KEY_PASSPHRASE_SOURCES_CONFLICT';
  override readonly name = 'PassphraseSourcesConflictError';
  constructor() {
    super(
      'both SETPOINT_KEY_PASSPHRASE and SETPOINT_KEY_PASSPHRASE_FILE are set; ' +
        'unset one of them so the key passphrase has a single source',
    );
  }
}

/**
 * A key file to write exists already and overwriting was not asked for.
 *
 * @example
 * await writeKeyPair('id_rsa', pair); // throws KeyFileExistsError when id_rsa or id_rsa.pub exists
 */
export class KeyFileExistsError extends KeyFileError {
  readonly code = 'KEY_FILE_EXISTS';
  override readonly name = 'KeyFileExistsError';
  constructor(readonly path: string) {
    super(
      `will not write ${path}: the file exists already; choose another path, or move the old key ` +
        'away first if it is no longer needed',
    );
  }
}

/**
 * A key file cannot be written (missing folder, no permission, disk full).
 *
 * @example
 * await writeKeyPair('/read-only/id_rsa', pair); // throws KeyFileWriteError
 */
export class KeyFileWriteError extends KeyFileError {
  readonly code = 'KEY_FILE_UNWRITABLE';
  override readonly name = 'KeyFileWriteError';
  constructor(
    readonly path: string,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(`cannot write ${path}: ${reason}; choose a folder this process can write to`, options);
  }
}

/**
 * Every concrete error class of this module, as a union `switch (err.code)` narrows.
 *
 * @example
 * function advice(err: KeyFileFailure): string {
 *   switch (err.code) {
 *     case 'KEY_TOO_SMALL': return `${err.bits} < ${err.minimumBits}`;
 *     default: return err.message;
 *   }
 * }
 */
export type KeyFileFailure =
  | KeyFormatError
  | UnsupportedKeyTypeError
  | KeyTooSmallError
  | UnsupportedKeyEncryptionError
  | KeyPassphraseRequiredError
  | WrongKeyPassphraseError
  | PassphraseFileError
  | PassphraseSourcesConflictError
  | KeyFileExistsError
  | KeyFileWriteError;
