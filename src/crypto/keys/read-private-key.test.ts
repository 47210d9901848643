// Private keys made by the real ssh-keygen and openssl: every format read, refusals typed and clear.

import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  KeyFormatError,
  KeyPassphraseRequiredError,
  KeyTooSmallError,
  UnsupportedKeyEncryptionError,
  UnsupportedKeyTypeError,
  WrongKeyPassphraseError,
} from './errors.js';
import type { PublicKey } from './key-types.js';
import { readPrivateKey } from './read-private-key.js';
import { readPublicKey } from './read-public-key.js';

const run = promisify(execFile);
const passphrase = 'correct horse battery';

/** RFC 7638 computed by hand from Node's own JWK export, to check jose's thumbprint independently. */
function thumbprint(key: PublicKey): string {
  const jwk = key.keyObject.export({ format: 'jwk' });
  const members =
    jwk.kty === 'RSA' ? { e: jwk.e, kty: jwk.kty, n: jwk.n } : { crv: jwk.crv, kty: jwk.kty, x: jwk.x };
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}

describe('readPrivateKey', () => {
  let folder: string;
  const path = (name: string) => join(folder, name);
  const read = (name: string) => readFile(path(name));
  const sshKeygen = (...args: string[]) => run('/usr/bin/ssh-keygen', ['-q', ...args], { cwd: folder });
  const openssl = (...args: string[]) => run('/usr/bin/openssl', args, { cwd: folder });
  /** A copy of id_rsa rewritten by ssh-keygen with another passphrase and format. */
  const convert = async (name: string, newPassphrase: string, format?: string) => {
    await copyFile(path('id_rsa'), path(name));
    await sshKeygen('-p', '-P', '', '-N', newPassphrase, ...(format ? ['-m', format] : []), '-f', name);
  };

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'setpoint-keys-private-'));
    await sshKeygen('-t', 'rsa', '-b', '3072', '-N', '', '-C', 'agent@test', '-f', 'id_rsa');
    await Promise.all([
      convert('id_rsa_secret', passphrase),
      convert('pkcs1.pem', '', 'PEM'),
      convert('pkcs1_secret.pem', passphrase, 'PEM'),
      sshKeygen('-t', 'rsa', '-b', '1024', '-N', '', '-f', 'id_rsa_1024'),
      sshKeygen('-t', 'ed25519', '-N', '', '-f', 'id_ed25519'),
      sshKeygen(
        '-t',
        'rsa',
        '-b',
        '2048',
        '-N',
        passphrase,
        '-Z',
        'chacha20-poly1305@openssh.com',
        '-f',
        'id_chacha',
      ),
      openssl('genpkey', '-algorithm', 'X25519', '-out', 'x25519.pem'),
      openssl('genpkey', '-algorithm', 'ED25519', '-out', 'ed25519.pem'),
      openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ec.pem'),
      openssl('genpkey', '-algorithm', 'RSA-PSS', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'rsa_pss.pem'),
      openssl(
        ...['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
        ...['-aes256', '-pass', `pass:${passphrase}`, '-out', 'openssl_secret.pem'],
      ),
    ]);
    await Promise.all([
      openssl('pkey', '-in', 'pkcs1.pem', '-out', 'pkcs8.pem'),
      openssl(
        'pkcs8',
        '-topk8',
        '-in',
        'pkcs1.pem',
        '-v2',
        'aes-256-cbc',
        '-passout',
        `pass:${passphrase}`,
        '-out',
        'pkcs8_secret.pem',
      ),
      openssl('pkey', '-in', 'x25519.pem', '-pubout', '-out', 'x25519.pub.pem'),
      openssl(
        'rsa',
        '-in',
        'openssl_secret.pem',
        '-passin',
        `pass:${passphrase}`,
        '-traditional',
        '-out',
        'openssl_pkcs1.pem',
      ),
      openssl(
        'pkey',
        '-in',
        'openssl_secret.pem',
        '-passin',
        `pass:${passphrase}`,
        '-pubout',
        '-out',
        'openssl.pub.pem',
      ),
    ]);
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it.each([
    ['OpenSSH', 'id_rsa', false],
    ['OpenSSH with a passphrase', 'id_rsa_secret', true],
    ['PEM PKCS#1', 'pkcs1.pem', false],
    ['PEM PKCS#1 with a passphrase (Proc-Type)', 'pkcs1_secret.pem', true],
    ['PEM PKCS#8', 'pkcs8.pem', false],
    ['PEM encrypted PKCS#8', 'pkcs8_secret.pem', true],
  ])(
    'reads the ssh-keygen RSA key as %s, with the key id of id_rsa.pub',
    async (_format, name, encrypted) => {
      const asked: string[] = [];
      const key = await readPrivateKey(await read(name), {
        source: path(name),
        passphrase: async () => {
          asked.push(name);
          return passphrase;
        },
      });
      const fromPub = await readPublicKey(await read('id_rsa.pub'));
      expect(key.type).toBe('rsa');
      expect(key.keyObject.type).toBe('private');
      expect(key.publicKey.keyObject.type).toBe('public');
      expect(key.publicKey.bits).toBe(3072);
      expect(key.publicKey.keyId).toBe(fromPub.keyId);
      expect(key.publicKey.keyId).toBe(thumbprint(key.publicKey));
      expect(key.publicKey.keyId).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(asked).toEqual(encrypted ? [name] : []);
    },
  );

  it('reads openssl keys: encrypted PKCS#8 (-aes256) and traditional PKCS#1', async () => {
    const encrypted = await readPrivateKey(await read('openssl_secret.pem'), {
      passphrase: async () => passphrase,
    });
    const traditional = await readPrivateKey(await read('openssl_pkcs1.pem'));
    const spki = await readPublicKey(await read('openssl.pub.pem'));
    expect(encrypted.publicKey.bits).toBe(2048);
    expect(encrypted.publicKey.keyId).toBe(spki.keyId);
    expect(traditional.publicKey.keyId).toBe(spki.keyId);
  });

  it('reads an X25519 key in PEM PKCS#8, given as a string', async () => {
    const key = await readPrivateKey((await read('x25519.pem')).toString());
    const publicKey = await readPublicKey(await read('x25519.pub.pem'));
    expect(key.type).toBe('x25519');
    expect(key.publicKey.type).toBe('x25519');
    expect(key.publicKey.bits).toBeUndefined();
    expect(key.publicKey.keyId).toBe(publicKey.keyId);
    expect(key.publicKey.keyId).toBe(thumbprint(key.publicKey));
  });

  it.each([
    ['OpenSSH', 'id_rsa_secret'],
    ['PEM PKCS#1', 'pkcs1_secret.pem'],
    ['PEM PKCS#8', 'pkcs8_secret.pem'],
  ])('refuses a wrong passphrase for %s, naming the file and not the passphrase', async (_format, name) => {
    const wrong = 'not-the-passphrase-42';
    const error = await readPrivateKey(await read(name), {
      source: path(name),
      passphrase: async () => wrong,
    }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(WrongKeyPassphraseError);
    expect(error).toMatchObject({ code: 'KEY_PASSPHRASE_WRONG', source: path(name) });
    const { message } = error as Error;
    expect(message).toContain(path(name));
    expect(message).toContain('passphrase is wrong');
    expect(message).not.toContain(wrong);
    expect(message).not.toContain(passphrase);
    expect((error as Error).cause).toBeUndefined();
  });

  it.each([
    ['no callback', undefined],
    ['a callback that knows none', async () => undefined],
  ])('asks for a passphrase for an encrypted key given %s', async (_case, callback) => {
    for (const name of ['id_rsa_secret', 'pkcs1_secret.pem', 'pkcs8_secret.pem']) {
      const options = callback === undefined ? { source: name } : { source: name, passphrase: callback };
      const error = await readPrivateKey(await read(name), options).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(KeyPassphraseRequiredError);
      expect(error).toMatchObject({ code: 'KEY_PASSPHRASE_REQUIRED' });
      expect((error as Error).message).toMatch(
        new RegExp(`${name}: it is encrypted and no passphrase was given`),
      );
    }
  });

  it('refuses a 1024-bit RSA key, saying the size, the minimum and what to do', async () => {
    const error = await readPrivateKey(await read('id_rsa_1024'), { source: 'old/id_rsa' }).catch(
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(KeyTooSmallError);
    expect(error).toMatchObject({ code: 'KEY_TOO_SMALL', bits: 1024, minimumBits: 2048 });
    expect((error as Error).message).toBe(
      'cannot use the key in old/id_rsa: it is a 1024-bit RSA key and Setpoint needs at least 2048 bits; ' +
        "make a new pair with 'setpoint keys generate' (RSA 4096 by default)",
    );
  });

  it.each([
    ['an OpenSSH Ed25519 key', 'id_ed25519', 'an Ed25519'],
    ['a PEM Ed25519 key', 'ed25519.pem', 'an Ed25519'],
    ['a PEM EC key', 'ec.pem', 'an elliptic-curve (ECDSA)'],
    ['an RSA-PSS key', 'rsa_pss.pem', 'an RSA-PSS'],
  ])('refuses %s, listing the supported types', async (_case, name, typeName) => {
    const error = await readPrivateKey(await read(name), { source: name }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(UnsupportedKeyTypeError);
    expect(error).toMatchObject({ code: 'KEY_TYPE_UNSUPPORTED' });
    const { message } = error as Error;
    expect(message).toContain(`cannot use the key in ${name}: it is ${typeName}`);
    expect(message).toContain('Setpoint seals only with RSA (2048 bits or more) or X25519 keys');
  });

  it('refuses an OpenSSH key encrypted with chacha20-poly1305 before asking for the passphrase', async () => {
    let asked = false;
    const error = await readPrivateKey(await read('id_chacha'), {
      source: 'id_chacha',
      passphrase: async () => {
        asked = true;
        return passphrase;
      },
    }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(UnsupportedKeyEncryptionError);
    expect((error as Error).message).toContain("ssh-keygen -p -Z aes256-ctr -f id_chacha'");
    expect(asked).toBe(false);
  });

  it.each([
    ['an OpenSSH public line', 'id_rsa.pub', /it is an OpenSSH public key \(\.pub\), not a private key/],
    ['a PEM public key', 'x25519.pub.pem', /it is a public key \(PUBLIC KEY\), not a private key/],
  ])('refuses %s where a private key is expected', async (_case, name, reason) => {
    const error = await readPrivateKey(await read(name), { source: name }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(KeyFormatError);
    expect((error as Error).message).toMatch(reason);
  });

  it.each([
    ['text without a key', 'hello', /no private key found; give an RSA private key/],
    [
      'a certificate',
      '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
      /holds 'CERTIFICATE'/,
    ],
    ['a cut-short key', '-----BEGIN PRIVATE KEY-----\nMIIB\n', /END PRIVATE KEY-----' line is missing/],
    [
      'a damaged PEM key',
      '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n',
      /block is damaged/,
    ],
    [
      'a damaged OpenSSH key',
      '-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n',
      /OpenSSH private key is damaged/,
    ],
  ])('refuses %s with KeyFormatError', async (_case, text, reason) => {
    const error = await readPrivateKey(text, { source: 'key.txt' }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(KeyFormatError);
    expect(error).toMatchObject({ code: 'KEY_FORMAT_UNRECOGNISED', source: 'key.txt' });
    expect((error as Error).message).toMatch(reason);
  });

  it('says "given" when no source is named, and rejects a non-text argument as misuse', async () => {
    await expect(readPrivateKey('hello')).rejects.toThrow(/^cannot read the key given: /);
    await expect(readPrivateKey(42 as unknown as string)).rejects.toThrow(TypeError);
  });
});
