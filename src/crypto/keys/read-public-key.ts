// Reads a public key: an OpenSSH `.pub` line (RSA) or PEM (SPKI RSA or X25519, PKCS#1 RSA).
import { createPublicKey, type KeyObject } from 'node:crypto';
import sshpk from 'sshpk';
import { findArmour } from './armour.js';
import { KeyFormatError, UnsupportedKeyTypeError } from './errors.js';
import type { PublicKey } from './key-types.js';
import { keyTypeName, toPublicKey } from './supported-key.js';

/**
 * Where the public key comes from.
 *
 * @example
 * await readPublicKey(text, { source: 'team-a.pub' });
 */
export interface ReadPublicKeyOptions {
  /** The file the text came from, named in errors. */
  source?: string;
}

const supportedFormats =
  "give an RSA public key as an OpenSSH line ('ssh-rsa AAAA...', as in id_rsa.pub) or PEM " +
  "('BEGIN PUBLIC KEY' or 'BEGIN RSA PUBLIC KEY'), or an X25519 public key in PEM";

const pemPublicLabels = new Set(['PUBLIC KEY', 'RSA PUBLIC KEY']);

/** An OpenSSH public key line: key type, base64 blob, optional comment. */
const sshLine = /^(ssh-[a-z0-9.@-]+|ecdsa-sha2-[a-z0-9-]+|sk-[a-z0-9.@-]+)\s+[A-Za-z0-9+/=]+(\s.*)?$/;

/** OpenSSH's type names, translated to Node's so refusals read the same whatever the format. */
const nodeTypeOf: Readonly<Record<string, string>> = { 'ssh-ed25519': 'ed25519', 'ssh-dss': 'dsa' };

/**
 * Reads an RSA (2048 bits or more) or X25519 public key, with its key id.
 *
 * @example
 * const recipient = await readPublicKey(await readFile('id_rsa.pub'), { source: 'id_rsa.pub' });
 * recipient.keyId; // equals (await readPrivateKey(idRsa)).publicKey.keyId
 */
export async function readPublicKey(
  text: string | Buffer,
  options: ReadPublicKeyOptions = {},
): Promise<PublicKey> {
  if (typeof text !== 'string' && !Buffer.isBuffer(text)) {
    throw new TypeError('readPublicKey takes the key text as a string or Buffer');
  }
  const { source } = options;
  const keyObject = parsePublicKey(typeof text === 'string' ? text : text.toString('utf8'), source);
  return toPublicKey(keyObject, source);
}

function parsePublicKey(text: string, source: string | undefined): KeyObject {
  const firstLine = text
    .split('\n')
    .map((line) => line.trim())
    .find((line) => line !== '' && !line.startsWith('#'));
  const ssh = firstLine === undefined ? null : sshLine.exec(firstLine);
  if (firstLine !== undefined && ssh !== null) return readSshLine(firstLine, ssh[1]!, source);
  const armour = findArmour(text);
  if (armour === undefined) throw new KeyFormatError(source, `no public key found; ${supportedFormats}`);
  const { label, block } = armour;
  if (label.includes('PRIVATE KEY')) {
    throw new KeyFormatError(
      source,
      `it is a private key (${label}); give its public half (the .pub file) instead, private keys stay with the agent`,
    );
  }
  if (!pemPublicLabels.has(label)) {
    throw new KeyFormatError(source, `it holds '${label}', not a public key; ${supportedFormats}`);
  }
  if (block === undefined) {
    throw new KeyFormatError(source, `the '-----END ${label}-----' line is missing; the file is cut short`);
  }
  try {
    return createPublicKey({ key: block, format: 'pem' });
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

function readSshLine(line: string, sshType: string, source: string | undefined): KeyObject {
  if (sshType !== 'ssh-rsa') {
    const nodeType = nodeTypeOf[sshType] ?? (sshType.startsWith('ecdsa-') ? 'ec' : undefined);
    throw new UnsupportedKeyTypeError(
      source,
      nodeType === undefined ? `an ${sshType}` : keyTypeName(nodeType),
    );
  }
  let key: sshpk.Key;
  try {
    key = sshpk.parseKey(line, 'ssh');
  } catch (cause) {
    throw new KeyFormatError(source, 'the ssh-rsa line is damaged', { cause });
  }
  return createPublicKey({ key: key.toBuffer('pkcs8'), format: 'pem' });
}
