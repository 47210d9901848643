// Password hashing with scrypt (parameters stored beside the hash) and the minimum password policy.
import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';
import { PasswordHashError, PasswordTooWeakError } from './errors.js';

/**
 * The scrypt cost a new hash uses. N = 2^14 takes about 40 ms on this project's 2-core test
 * machines: slow for an attacker guessing offline, quick enough for a login.
 *
 * @example
 * await hashPassword('correct horse battery', { params: { ...DEFAULT_SCRYPT_PARAMS, N: 2 ** 15 } });
 */
export const DEFAULT_SCRYPT_PARAMS: ScryptParams = { N: 2 ** 14, r: 8, p: 1 };

/**
 * The shortest password accepted, in characters.
 *
 * @example
 * password.length >= MIN_PASSWORD_LENGTH;
 */
export const MIN_PASSWORD_LENGTH = 12;

/** The longest password accepted: scrypt reads all of it, so a huge one would cost time. */
const MAX_PASSWORD_LENGTH = 1024;
const SALT_BYTES = 16;
const HASH_BYTES = 32;
/** Stored parameters above these are refused rather than run: a damaged record must not hang a login. */
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

/**
 * scrypt's cost parameters: `N` (CPU and memory, a power of two), `r` (block size), `p` (parallelism).
 *
 * @example
 * const params: ScryptParams = { N: 16384, r: 8, p: 1 };
 */
export interface ScryptParams {
  readonly N: number;
  readonly r: number;
  readonly p: number;
}

const format = /^scrypt\$N=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

function derive(password: string, salt: Buffer, params: ScryptParams, length: number): Promise<Buffer> {
  // scrypt needs 128 * N * r bytes; twice that leaves room for its other buffers.
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, length, options, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/**
 * Hashes a password with scrypt and a random 16-byte salt, into one self-describing string:
 * `scrypt$N=16384,r=8,p=1$<salt base64>$<hash base64>`. Does not check the policy (see
 * `checkPasswordPolicy`). The password is NFC-normalised, so the same text typed on another system
 * verifies.
 *
 * @example
 * const stored = await hashPassword('correct horse battery');
 * await verifyPassword('correct horse battery', stored); // true
 */
export async function hashPassword(
  password: string,
  { params = DEFAULT_SCRYPT_PARAMS }: { params?: ScryptParams } = {},
): Promise<string> {
  if (typeof password !== 'string') throw new TypeError('hashPassword takes the password as a string');
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, params, HASH_BYTES);
  return `scrypt$N=${params.N},r=${params.r},p=${params.p}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/**
 * Reads the parameters, salt and hash out of a stored password hash; `PasswordHashError` when it
 * is not in the format `hashPassword` writes or its cost is beyond what this server runs.
 *
 * @example
 * parsePasswordHash(stored).params; // { N: 16384, r: 8, p: 1 }
 */
export function parsePasswordHash(stored: string): { params: ScryptParams; salt: Buffer; hash: Buffer } {
  const match = format.exec(stored);
  if (match === null)
    throw new PasswordHashError("it is not in the 'scrypt$N=..,r=..,p=..$salt$hash' format");
  const [N, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (N < 2 || N > MAX_N || (N & (N - 1)) !== 0) {
    throw new PasswordHashError(`N=${N} is not a power of two between 2 and ${MAX_N}`);
  }
  if (r < 1 || r > MAX_R || p < 1 || p > MAX_P) {
    throw new PasswordHashError(`r=${r}, p=${p} are outside 1..${MAX_R} and 1..${MAX_P}`);
  }
  const salt = Buffer.from(match[4]!, 'base64');
  const hash = Buffer.from(match[5]!, 'base64');
  if (salt.length < 8 || hash.length < 16) throw new PasswordHashError('its salt or hash is too short');
  return { params: { N, r, p }, salt, hash };
}

/**
 * Whether `password` matches a hash from `hashPassword`, compared in constant time. Throws
 * `PasswordHashError` for a stored hash it cannot read, never for a wrong password.
 *
 * @example
 * if (!(await verifyPassword(typed, user.passwordHash))) throw new Error('wrong password');
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (typeof password !== 'string') throw new TypeError('verifyPassword takes the password as a string');
  const { params, salt, hash } = parsePasswordHash(stored);
  if (password.length > MAX_PASSWORD_LENGTH) return false;
  const candidate = await derive(password, salt, params, hash.length);
  return timingSafeEqual(candidate, hash);
}

/**
 * Throws `PasswordTooWeakError` unless `password` has at least 12 characters (at most 1024), is
 * not the user's name (in any case, or the name repeated) and is not one character repeated.
 *
 * @example
 * checkPasswordPolicy('correct horse battery', { userName: 'alice' }); // ok
 * checkPasswordPolicy('alicealicealice', { userName: 'alice' }); // throws: it is the user name
 */
export function checkPasswordPolicy(password: string, { userName }: { userName: string }): void {
  if (typeof password !== 'string') throw new TypeError('checkPasswordPolicy takes the password as a string');
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) {
    throw new PasswordTooWeakError(
      `it has ${length} characters and at least ${MIN_PASSWORD_LENGTH} are needed; a few unrelated words make a good one`,
    );
  }
  if (length > MAX_PASSWORD_LENGTH) {
    throw new PasswordTooWeakError(
      `it has ${length} characters and at most ${MAX_PASSWORD_LENGTH} are accepted`,
    );
  }
  const lower = password.toLowerCase();
  const name = userName.toLowerCase();
  if (name !== '' && lower.replaceAll(name, '') === '') {
    throw new PasswordTooWeakError(`it is the user name '${userName}'; choose something others cannot guess`);
  }
  if (new Set(password).size === 1) {
    throw new PasswordTooWeakError('it is one character repeated; choose something others cannot guess');
  }
}

/**
 * A random password for generated accounts: 24 bytes as base64url (32 characters, 192 bits).
 *
 * @example
 * const password = generatePassword(); // 'q3Vb...'
 */
export function generatePassword(): string {
  return randomBytes(24).toString('base64url');
}
