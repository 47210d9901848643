// Generated pairs: read back by Setpoint and by the real ssh-keygen, sizes and types as asked.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyTooSmallError } from './errors.js';
import { generateKeyPair } from './generate-key-pair.js';
import { readPrivateKey } from './read-private-key.js';
import { readPublicKey } from './read-public-key.js';

const run = promisify(execFile);

describe('generateKeyPair', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'setpoint-keys-generate-'));
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it('makes RSA 4096 by default, as PKCS#8 and SPKI PEM plus an ssh-rsa line', async () => {
    const pair = await generateKeyPair();
    // A boolean, so a failure never prints the private key.
    expect(pair.privateKeyPem.startsWith('-----BEGIN PRIVATE KEY-----\n')).toBe(true);
    expect(pair.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(pair.sshPublicKey).toMatch(/^ssh-rsa AAAA[A-Za-z0-9+/=]+$/);
    expect(pair.publicKey).toMatchObject({ type: 'rsa', bits: 4096 });
  });

  it('makes an RSA pair that reads back in every form with one key id', async () => {
    const pair = await generateKeyPair('rsa', { bits: 2048, comment: 'agent@web-1' });
    expect(pair.sshPublicKey).toMatch(/ agent@web-1$/);
    const privateKey = await readPrivateKey(pair.privateKeyPem);
    const fromPem = await readPublicKey(pair.publicKeyPem);
    const fromLine = await readPublicKey(pair.sshPublicKey ?? '');
    expect(privateKey.publicKey.bits).toBe(2048);
    for (const key of [privateKey.publicKey, fromPem, fromLine]) expect(key.keyId).toBe(pair.publicKey.keyId);
  });

  it('makes files the real ssh-keygen reads: it derives the same ssh-rsa line', async () => {
    const pair = await generateKeyPair('rsa', { bits: 2048 });
    const privatePath = join(folder, 'generated');
    await writeFile(privatePath, pair.privateKeyPem, { mode: 0o600 });
    const { stdout } = await run('/usr/bin/ssh-keygen', ['-y', '-f', privatePath]);
    expect(stdout.trim()).toBe(pair.sshPublicKey);
  });

  it('makes an X25519 pair, with no ssh line', async () => {
    const pair = await generateKeyPair('x25519');
    const privateKey = await readPrivateKey(pair.privateKeyPem);
    const publicKey = await readPublicKey(pair.publicKeyPem);
    expect(pair.sshPublicKey).toBeUndefined();
    expect(pair.publicKey.type).toBe('x25519');
    expect(privateKey.publicKey.keyId).toBe(pair.publicKey.keyId);
    expect(publicKey.keyId).toBe(pair.publicKey.keyId);
  });

  it('refuses RSA under 2048 bits with the typed error, and nonsense sizes and types as misuse', async () => {
    await expect(generateKeyPair('rsa', { bits: 1024 })).rejects.toThrow(KeyTooSmallError);
    await expect(generateKeyPair('rsa', { bits: 2049 })).rejects.toThrow(TypeError);
    await expect(generateKeyPair('ed25519' as 'rsa')).rejects.toThrow(TypeError);
  });
});
