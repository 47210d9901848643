// The rules every user key name follows, and the directory a key belongs to.
import { KeyNameError } from './errors.js';
import { RESERVED_PREFIX } from './layout.js';

/**
 * The longest key name accepted, in UTF-8 bytes.
 *
 * @example
 * Buffer.byteLength(key) <= MAX_KEY_NAME_BYTES;
 */
export const MAX_KEY_NAME_BYTES = 1024;

// C0, DEL and C1 control characters.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const controlCharacter = /[\u0000-\u001f\u007f-\u009f]/u;

/** Half of a UTF-16 surrogate pair without its other half: not encodable as UTF-8. */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Throws `KeyNameError` unless `key` is a user key name: UTF-8, `/`-separated, no leading `/`, no
 * empty, `.` or `..` segment, no control character, not under `_setpoint/`, at most 1024 bytes.
 *
 * @example
 * validateKeyName('hack/storage/swift/password'); // ok
 * validateKeyName('hack//password'); // throws KeyNameError: segment 2 is empty
 */
export function validateKeyName(key: string): void {
  if (typeof key !== 'string') throw new TypeError('validateKeyName takes the key name as a string');
  if (key === '') throw new KeyNameError(key, "it is empty; give a name such as 'app/database/host'");
  if (loneSurrogate.test(key)) {
    throw new KeyNameError(key, 'it is not valid UTF-8 (it holds a lone surrogate); retype it');
  }
  const bytes = Buffer.byteLength(key, 'utf8');
  if (bytes > MAX_KEY_NAME_BYTES) {
    throw new KeyNameError(
      key,
      `it is ${bytes} bytes long and names are at most ${MAX_KEY_NAME_BYTES} bytes; shorten it`,
    );
  }
  if (key.startsWith('/')) {
    throw new KeyNameError(
      key,
      `it starts with '/'; directories sit at the top, write it without the leading slash ('${key.replace(/^\/+/, '')}')`,
    );
  }
  if (key === '_setpoint' || key.startsWith(RESERVED_PREFIX)) {
    throw new KeyNameError(
      key,
      `'${RESERVED_PREFIX}' is reserved for Setpoint's own records; choose another directory`,
    );
  }
  const segments = key.split('/');
  segments.forEach((segment, index) => {
    const where = `segment ${index + 1}`;
    if (segment === '') {
      const place = index === segments.length - 1 ? "it ends with '/'" : "it holds '//'";
      throw new KeyNameError(key, `${where} is empty (${place}); remove the extra '/'`);
    }
    if (segment === '.' || segment === '..') {
      throw new KeyNameError(
        key,
        `${where} is '${segment}'; relative segments are not allowed, write the full path without it`,
      );
    }
    const control = controlCharacter.exec(segment);
    if (control !== null) {
      const code = control[0].codePointAt(0)!.toString(16).padStart(4, '0');
      throw new KeyNameError(
        key,
        `${where} (${JSON.stringify(segment)}) holds the control character U+${code}; remove it`,
      );
    }
  });
}

/**
 * The directory a key belongs to: its first segment. The key is validated first.
 *
 * @example
 * directoryOf('hack/storage/swift/password'); // 'hack'
 */
export function directoryOf(key: string): string {
  validateKeyName(key);
  return key.split('/', 1)[0]!;
}

/**
 * Throws `KeyNameError` unless `directory` is a single valid segment (a top-level directory).
 *
 * @example
 * validateDirectoryName('team-a'); // ok
 * validateDirectoryName('team-a/sub'); // throws KeyNameError
 */
export function validateDirectoryName(directory: string): void {
  validateKeyName(directory);
  if (directory.includes('/')) {
    throw new KeyNameError(
      directory,
      `a directory is the first segment of a key; give '${directory.split('/', 1)[0]}' instead`,
    );
  }
}
