// Reads a private key file: OpenSSH or PEM (PKCS#1, PKCS#8, encrypted or not) RSA, or PEM PKCS#8 X25519.
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { findArmour } from './armour.js';
import {
  KeyFormatError,
  KeyPassphraseRequiredError,
  UnsupportedKeyTypeError,
  WrongKeyPassphraseError,
} from './errors.js';
import type { PassphraseCallback, PrivateKey } from './key-types.js';
import { readOpenSshPrivateKey } from './openssh-private-key.js';
import { checkKeyObject, toPublicKey } from './supported-key.js';

/**
 * Where the private key comes from and how to decrypt it.
 *
 * @example
 * await readPrivateKey(text, { source: path, passphrase: passphraseFromEnvironment() });
 */
export interface ReadPrivateKeyOptions {
  /** Asked only when the key is encrypted. */
  passphrase?: PassphraseCallback;
  /** The file the text came from, named in errors. */
  source?: string;
}

const supportedFormats =
  'give an RSA private key in OpenSSH format (ssh-keygen -t rsa) or PEM (PKCS#1 or PKCS#8), ' +
  "or an X25519 private key in PEM PKCS#8 ('setpoint keys generate' makes one)";

const pemPrivateLabels = new Set(['RSA PRIVATE KEY', 'PRIVATE KEY', 'ENCRYPTED PRIVATE KEY']);
const otherPrivateLabels: Readonly<Record<string, string>> = {
  'EC PRIVATE KEY': 'ec',
  'DSA PRIVATE KEY': 'dsa',
};
const publicLabels = new Set(['PUBLIC KEY', 'RSA PUBLIC KEY', 'SSH2 PUBLIC KEY']);

/**
 * Reads an RSA (2048 bits or more) or X25519 private key, with its public half and key id.
 * The passphrase callback is asked only when the key is encrypted; errors name `source`, never the
 * passphrase.
 *
 * @example
 * const key = await readPrivateKey(await readFile('/etc/setpoint/id_rsa'), {
 *   source: '/etc/setpoint/id_rsa',
 *   passphrase: passphraseFromEnvironment(),
 * });
 * key.publicKey.keyId; // 'NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs'
 */
export async function readPrivateKey(
  text: string | Buffer,
  options: ReadPrivateKeyOptions = {},
): Promise<PrivateKey> {
  if (typeof text !== 'string' && !Buffer.isBuffer(text)) {
    throw new TypeError('readPrivateKey takes the key text as a string or Buffer');
  }
  const { passphrase, source } = options;
  const keyObject = await parsePrivateKey(
    typeof text === 'string' ? text : text.toString('utf8'),
    passphrase,
    source,
  );
  const { type } = checkKeyObject(keyObject, source);
  const publicKey = await toPublicKey(createPublicKey(keyObject), source);
  return { type, keyObject, publicKey };
}

async function parsePrivateKey(
  text: string,
  passphrase: PassphraseCallback | undefined,
  source: string | undefined,
): Promise<KeyObject> {
  const armour = findArmour(text);
  if (armour === undefined) {
    const reason = /^\s*(ssh-|ecdsa-)/.test(text)
      ? 'it is an OpenSSH public key (.pub), not a private key'
      : 'no private key found';
    throw new KeyFormatError(source, `${reason}; ${supportedFormats}`);
  }
  const { label, block } = armour;
  if (publicLabels.has(label)) {
    throw new KeyFormatError(source, `it is a public key (${label}), not a private key; ${supportedFormats}`);
  }
  const otherType = otherPrivateLabels[label];
  if (otherType !== undefined)
    throw new UnsupportedKeyTypeError(source, otherType === 'ec' ? 'an elliptic-curve (ECDSA)' : 'a DSA');
  if (label !== 'OPENSSH PRIVATE KEY' && !pemPrivateLabels.has(label)) {
    throw new KeyFormatError(source, `it holds '${label}', not a private key; ${supportedFormats}`);
  }
  if (block === undefined) {
    throw new KeyFormatError(source, `the '-----END ${label}-----' line is missing; the file is cut short`);
  }
  if (label === 'OPENSSH PRIVATE KEY') return readOpenSshPrivateKey(block, passphrase, source);
  return readPemPrivateKey(block, label, passphrase, source);
}

async function readPemPrivateKey(
  block: string,
  label: string,
  passphrase: PassphraseCallback | undefined,
  source: string | undefined,
): Promise<KeyObject> {
  const encrypted = label === 'ENCRYPTED PRIVATE KEY' || /^Proc-Type:\s*4,\s*ENCRYPTED\s*$/m.test(block);
  if (!encrypted) {
    try {
      return createPrivateKey({ key: block, format: 'pem' });
    } catch (cause) {
      throw new KeyFormatError(
        source,
        `the ${label} block is damaged or of an unknown kind; ${supportedFormats}`,
        {
          cause,
        },
      );
    }
  }
  const given = passphrase === undefined ? undefined : await passphrase();
  if (given === undefined) throw new KeyPassphraseRequiredError(source);
  try {
    return createPrivateKey({ key: block, format: 'pem', passphrase: given });
  } catch {
    // OpenSSL reports a wrong passphrase as a bad decrypt or, when the padding happens to fit, as
    // garbage ASN.1: both mean the same to the user. No cause kept, so nothing echoes the attempt.
    throw new WrongKeyPassphraseError(source);
  }
}
