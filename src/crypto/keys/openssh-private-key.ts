// Reads RSA private keys in OpenSSH's own format (`BEGIN OPENSSH PRIVATE KEY`, ssh-keygen's default) via sshpk.
import { createPrivateKey, type KeyObject } from 'node:crypto';
import sshpk from 'sshpk';
import {
  KeyFormatError,
  KeyPassphraseRequiredError,
  UnsupportedKeyEncryptionError,
  UnsupportedKeyTypeError,
  WrongKeyPassphraseError,
} from './errors.js';
import type { PassphraseCallback } from './key-types.js';
import { keyTypeName } from './supported-key.js';

const magic = Buffer.from('openssh-key-v1\0', 'latin1');

/** The ciphers sshpk decrypts correctly; it lacks chacha20-poly1305 and checks no AES-GCM tag. */
const decryptableCiphers = new Set([
  'aes128-ctr',
  'aes192-ctr',
  'aes256-ctr',
  'aes128-cbc',
  'aes192-cbc',
  'aes256-cbc',
  '3des-cbc',
]);

/** sshpk's type names, translated to Node's so refusals read the same whatever the format. */
const nodeTypeOf: Readonly<Record<string, string>> = { ecdsa: 'ec', ed25519: 'ed25519', dsa: 'dsa' };

/**
 * The cipher an OpenSSH private key is encrypted with (`none` when it is not), read from its header.
 *
 * @example
 * opensshCipher(block, 'id_rsa'); // 'aes256-ctr'
 */
export function opensshCipher(block: string, source: string | undefined): string {
  const base64 = block
    .split('\n')
    .filter((line) => !line.startsWith('-----'))
    .join('');
  const binary = Buffer.from(base64, 'base64');
  if (binary.length < magic.length + 4 || !binary.subarray(0, magic.length).equals(magic)) {
    throw new KeyFormatError(source, 'the OpenSSH private key is damaged (no openssh-key-v1 header)');
  }
  const length = binary.readUInt32BE(magic.length);
  const start = magic.length + 4;
  if (length > 64 || start + length > binary.length) {
    throw new KeyFormatError(source, 'the OpenSSH private key is damaged (bad cipher name)');
  }
  return binary.toString('latin1', start, start + length);
}

/**
 * Parses an OpenSSH private key, asking for the passphrase only when it is encrypted; refuses any
 * type but RSA (the size rule is checked by the caller).
 *
 * @example
 * const keyObject = await readOpenSshPrivateKey(text, async () => 'secret', '~/.ssh/id_rsa');
 */
export async function readOpenSshPrivateKey(
  block: string,
  passphrase: PassphraseCallback | undefined,
  source: string | undefined,
): Promise<KeyObject> {
  const cipher = opensshCipher(block, source);
  let key: sshpk.PrivateKey;
  if (cipher === 'none') {
    try {
      key = sshpk.parsePrivateKey(block, 'openssh');
    } catch (cause) {
      throw new KeyFormatError(source, 'the OpenSSH private key is damaged', { cause });
    }
  } else {
    if (!decryptableCiphers.has(cipher)) throw new UnsupportedKeyEncryptionError(source, cipher);
    const given = passphrase === undefined ? undefined : await passphrase();
    if (given === undefined) throw new KeyPassphraseRequiredError(source);
    try {
      key = sshpk.parsePrivateKey(block, 'openssh', { passphrase: given });
    } catch {
      // sshpk's messages do not separate a wrong passphrase from damage; the error says both.
      throw new WrongKeyPassphraseError(source);
    }
  }
  if (key.type !== 'rsa')
    throw new UnsupportedKeyTypeError(source, keyTypeName(nodeTypeOf[key.type] ?? key.type));
  return createPrivateKey({ key: key.toBuffer('pkcs8'), format: 'pem' });
}
