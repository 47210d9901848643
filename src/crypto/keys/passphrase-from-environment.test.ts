// The service passphrase: from the variable or the file, asked only for encrypted keys.
import { createPrivateKey } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PassphraseFileError, PassphraseSourcesConflictError } from './errors.js';
import { generateKeyPair } from './generate-key-pair.js';
import { passphraseFromEnvironment } from './passphrase-from-environment.js';
import { readPrivateKey } from './read-private-key.js';

describe('passphraseFromEnvironment', () => {
  let folder: string;
  const path = (name: string) => join(folder, name);

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'setpoint-keys-passphrase-'));
    await writeFile(path('newline'), 'from a file\n');
    await writeFile(path('crlf'), 'from windows\r\n');
    await writeFile(path('kept'), ' spaces and two newlines \n\n');
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it.each([
    ['the variable', { SETPOINT_KEY_PASSPHRASE: 'from the variable' }, 'from the variable'],
    ['a file, trailing newline stripped', { SETPOINT_KEY_PASSPHRASE_FILE: 'newline' }, 'from a file'],
    ['a file, trailing CRLF stripped', { SETPOINT_KEY_PASSPHRASE_FILE: 'crlf' }, 'from windows'],
    [
      'a file, only one newline stripped',
      { SETPOINT_KEY_PASSPHRASE_FILE: 'kept' },
      ' spaces and two newlines \n',
    ],
    ['nothing', {}, undefined],
  ])('reads %s', async (_case, env: Record<string, string>, expected) => {
    const resolved = Object.fromEntries(
      Object.entries(env).map(([name, value]) => [name, name.endsWith('_FILE') ? path(value) : value]),
    );
    expect(await passphraseFromEnvironment(resolved)()).toBe(expected);
  });

  it('refuses both sources at once', async () => {
    const callback = passphraseFromEnvironment({
      SETPOINT_KEY_PASSPHRASE: 'a',
      SETPOINT_KEY_PASSPHRASE_FILE: 'b',
    });
    await expect(callback()).rejects.toThrow(PassphraseSourcesConflictError);
  });

  it('names an unreadable file', async () => {
    const missing = path('missing');
    const error = await passphraseFromEnvironment({ SETPOINT_KEY_PASSPHRASE_FILE: missing })().catch(
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(PassphraseFileError);
    expect((error as Error).message).toContain(
      `SETPOINT_KEY_PASSPHRASE_FILE=${missing}: the file cannot be read (ENOENT)`,
    );
  });

  it('is read only when the key is encrypted', async () => {
    const { privateKeyPem, publicKey } = await generateKeyPair('x25519');
    const broken = passphraseFromEnvironment({ SETPOINT_KEY_PASSPHRASE_FILE: path('missing') });
    const key = await readPrivateKey(privateKeyPem, { passphrase: broken });
    expect(key.publicKey.keyId).toBe(publicKey.keyId);
  });

  it('decrypts an encrypted key from a passphrase file', async () => {
    const { privateKeyPem, publicKey } = await generateKeyPair('x25519');
    const encrypted = createPrivateKey(privateKeyPem)
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'from a file' })
      .toString();
    const passphrase = passphraseFromEnvironment({ SETPOINT_KEY_PASSPHRASE_FILE: path('newline') });
    const key = await readPrivateKey(encrypted, { source: 'agent.key', passphrase });
    expect(key.publicKey.keyId).toBe(publicKey.keyId);
  });
});
