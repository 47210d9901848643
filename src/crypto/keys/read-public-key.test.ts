// Public keys made by the real ssh-keygen and openssl: .pub lines and PEM read with matching key ids.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyFormatError, KeyTooSmallError, UnsupportedKeyTypeError } from './errors.js';
import { readPrivateKey } from './read-private-key.js';
import { readPublicKey } from './read-public-key.js';

const run = promisify(execFile);

describe('readPublicKey', () => {
  let folder: string;
  const path = (name: string) => join(folder, name);
  const read = (name: string) => readFile(path(name));
  const sshKeygen = (...args: string[]) => run('/usr/bin/ssh-keygen', ['-q', ...args], { cwd: folder });
  const openssl = (...args: string[]) => run('/usr/bin/openssl', args, { cwd: folder });
  const writeText = (name: string, text: string) => writeFile(path(name), text);

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'setpoint-keys-public-'));
    await Promise.all([
      sshKeygen('-t', 'rsa', '-b', '2048', '-N', '', '-C', 'team-a agent', '-f', 'id_rsa'),
      sshKeygen('-t', 'rsa', '-b', '1024', '-N', '', '-f', 'id_rsa_1024'),
      sshKeygen('-t', 'ed25519', '-N', '', '-f', 'id_ed25519'),
      sshKeygen('-t', 'ecdsa', '-N', '', '-f', 'id_ecdsa'),
      openssl('genpkey', '-algorithm', 'X25519', '-out', 'x25519.pem'),
    ]);
    await Promise.all([
      sshKeygen('-e', '-m', 'PKCS8', '-f', 'id_rsa.pub').then(({ stdout }) => writeText('spki.pem', stdout)),
      sshKeygen('-e', '-m', 'PEM', '-f', 'id_rsa.pub').then(({ stdout }) => writeText('pkcs1.pem', stdout)),
      sshKeygen('-e', '-m', 'PKCS8', '-f', 'id_rsa_1024.pub').then(({ stdout }) =>
        writeText('small.pem', stdout),
      ),
      openssl('pkey', '-in', 'x25519.pem', '-pubout', '-out', 'x25519.pub.pem'),
    ]);
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it.each([
    ['an id_rsa.pub line', 'id_rsa.pub', 'ssh-rsa '],
    ['PEM SPKI', 'spki.pem', '-----BEGIN PUBLIC KEY-----'],
    ['PEM PKCS#1', 'pkcs1.pem', '-----BEGIN RSA PUBLIC KEY-----'],
  ])('reads %s with the key id of the private key', async (_format, name, start) => {
    const text = await read(name);
    expect(text.toString().startsWith(start)).toBe(true);
    const publicKey = await readPublicKey(text, { source: name });
    const privateKey = await readPrivateKey(await read('id_rsa'));
    expect(publicKey).toMatchObject({ type: 'rsa', bits: 2048, keyId: privateKey.publicKey.keyId });
    expect(publicKey.keyObject.type).toBe('public');
  });

  it('reads a .pub line among comments and blank lines, given as a string', async () => {
    const line = (await read('id_rsa.pub')).toString();
    const publicKey = await readPublicKey(`# team A's agent\n\n  ${line}`);
    expect(publicKey.keyId).toBe((await readPublicKey(line)).keyId);
  });

  it('reads an X25519 public key in PEM', async () => {
    const publicKey = await readPublicKey(await read('x25519.pub.pem'));
    const privateKey = await readPrivateKey(await read('x25519.pem'));
    expect(publicKey.type).toBe('x25519');
    expect(publicKey.bits).toBeUndefined();
    expect(publicKey.keyId).toBe(privateKey.publicKey.keyId);
  });

  it.each([
    ['an id_rsa.pub line', 'id_rsa_1024.pub'],
    ['PEM', 'small.pem'],
  ])('refuses a 1024-bit RSA key as %s', async (_format, name) => {
    const error = await readPublicKey(await read(name), { source: name }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(KeyTooSmallError);
    expect((error as Error).message).toContain(`in ${name}: it is a 1024-bit RSA key`);
    expect((error as Error).message).toContain('setpoint keys generate');
  });

  it.each([
    ['Ed25519', 'id_ed25519.pub', 'an Ed25519'],
    ['ECDSA', 'id_ecdsa.pub', 'an elliptic-curve (ECDSA)'],
  ])('refuses an %s .pub line, listing the supported types', async (_type, name, typeName) => {
    const error = await readPublicKey(await read(name), { source: name }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(UnsupportedKeyTypeError);
    expect((error as Error).message).toContain(`it is ${typeName} key, and Setpoint seals only with RSA`);
    expect((error as Error).message).toContain('X25519');
  });

  it.each([
    ['a private key', 'id_rsa', /it is a private key \(OPENSSH PRIVATE KEY\); give its public half/],
    ['a PEM private key', 'x25519.pem', /it is a private key \(PRIVATE KEY\)/],
  ])('refuses %s where a public key is expected', async (_case, name, reason) => {
    const error = await readPublicKey(await read(name), { source: name }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(KeyFormatError);
    expect((error as Error).message).toMatch(reason);
  });

  it.each([
    ['nothing', '', /no public key found/],
    ['a damaged ssh-rsa line', 'ssh-rsa AAAAB3NzaC1yc2E= x\n', /ssh-rsa line is damaged/],
    ['a damaged PEM key', '-----BEGIN PUBLIC KEY-----\nMCow\n-----END PUBLIC KEY-----\n', /block is damaged/],
    [
      'a certificate',
      '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
      /holds 'CERTIFICATE'/,
    ],
  ])('refuses %s with KeyFormatError', async (_case, text, reason) => {
    const error = await readPublicKey(text, { source: 'k.pub' }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(KeyFormatError);
    expect((error as Error).message).toMatch(reason);
  });
});
