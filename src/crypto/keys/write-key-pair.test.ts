// Writing pairs: exact modes whatever the umask, read back intact, never overwriting unless asked.
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyFileExistsError, KeyFileWriteError } from './errors.js';
import { type GeneratedKeyPair, generateKeyPair } from './generate-key-pair.js';
import { readPrivateKey } from './read-private-key.js';
import { readPublicKey } from './read-public-key.js';
import { writeKeyPair } from './write-key-pair.js';

const mode = async (path: string) => (await stat(path)).mode & 0o777;

describe('writeKeyPair', () => {
  let folder: string;
  let rsa: GeneratedKeyPair;
  let x25519: GeneratedKeyPair;
  const path = (name: string) => join(folder, name);

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'setpoint-keys-write-'));
    [rsa, x25519] = await Promise.all([generateKeyPair('rsa', { bits: 2048 }), generateKeyPair('x25519')]);
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it('writes an RSA pair with 0600 and 0644, the .pub as an ssh-rsa line, and reads it back', async () => {
    const written = await writeKeyPair(path('id_rsa'), rsa);
    expect(written).toEqual({ privatePath: path('id_rsa'), publicPath: path('id_rsa.pub') });
    expect(await mode(path('id_rsa'))).toBe(0o600);
    expect(await mode(path('id_rsa.pub'))).toBe(0o644);
    expect(await readFile(path('id_rsa.pub'), 'utf8')).toBe(`${rsa.sshPublicKey}\n`);
    const privateKey = await readPrivateKey(await readFile(path('id_rsa')));
    const publicKey = await readPublicKey(await readFile(path('id_rsa.pub')));
    expect(privateKey.publicKey.keyId).toBe(rsa.publicKey.keyId);
    expect(publicKey.keyId).toBe(rsa.publicKey.keyId);
  });

  it('writes an X25519 pair, the .pub as SPKI PEM', async () => {
    await writeKeyPair(path('agent.key'), x25519);
    expect(await mode(path('agent.key'))).toBe(0o600);
    expect(await mode(path('agent.key.pub'))).toBe(0o644);
    expect(await readFile(path('agent.key.pub'), 'utf8')).toBe(x25519.publicKeyPem);
    expect((await readPrivateKey(await readFile(path('agent.key')))).publicKey.keyId).toBe(
      x25519.publicKey.keyId,
    );
  });

  it('sets the modes exactly even under a umask that would widen or narrow them', async () => {
    const previous = process.umask(0o077);
    try {
      await writeKeyPair(path('umask'), rsa);
    } finally {
      process.umask(previous);
    }
    expect(await mode(path('umask'))).toBe(0o600);
    expect(await mode(path('umask.pub'))).toBe(0o644);
  });

  it('refuses to overwrite the private or the public file, leaving both untouched', async () => {
    await writeKeyPair(path('kept'), rsa);
    const before = await readFile(path('kept'), 'utf8');
    const error = await writeKeyPair(path('kept'), x25519).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(KeyFileExistsError);
    expect(error).toMatchObject({ code: 'KEY_FILE_EXISTS', path: path('kept') });
    expect((error as Error).message).toContain(`will not write ${path('kept')}: the file exists already`);
    expect(await readFile(path('kept'), 'utf8')).toBe(before);

    await writeFile(path('only-pub.pub'), 'someone else\n');
    await expect(writeKeyPair(path('only-pub'), rsa)).rejects.toMatchObject({ path: path('only-pub.pub') });
    expect(await readdir(folder)).not.toContain('only-pub');
    expect(await readFile(path('only-pub.pub'), 'utf8')).toBe('someone else\n');
  });

  it('overwrites when asked, keeping the modes', async () => {
    await writeKeyPair(path('replaced'), rsa);
    await writeKeyPair(path('replaced'), x25519, { overwrite: true });
    expect(await readFile(path('replaced.pub'), 'utf8')).toBe(x25519.publicKeyPem);
    expect(await mode(path('replaced'))).toBe(0o600);
    expect(await mode(path('replaced.pub'))).toBe(0o644);
  });

  it('leaves no temporary file behind', async () => {
    expect((await readdir(folder)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('says which file cannot be written when the folder is missing', async () => {
    const missing = join(folder, 'missing', 'id_rsa');
    const error = await writeKeyPair(missing, rsa).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(KeyFileWriteError);
    expect((error as Error).message).toBe(
      `cannot write ${missing}: the folder does not exist (ENOENT); choose a folder this process can write to`,
    );
  });

  it('rejects an empty path as misuse', async () => {
    await expect(writeKeyPair('', rsa)).rejects.toThrow(TypeError);
  });
});
