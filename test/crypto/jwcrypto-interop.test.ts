// Interop with python3-jwcrypto, an independent JOSE implementation: values Setpoint seals open there
// (following docs/sealed-values.md), and values it seals in Setpoint's format open in Setpoint.
import { execFileSync, spawnSync } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrivateKey } from '../../src/crypto/keys/index.js';
import { openText, recipientsOf, SEALED_PREFIX, seal } from '../../src/crypto/seal/index.js';
import { privateKeyOf } from './keys.js';
import { expectUnreadable } from './unreadable.js';

// Debian's jwcrypto loads under the system Python only; the python3 first on PATH cannot see it.
const python = '/usr/bin/python3';
const tool = fileURLToPath(new URL('./jwcrypto-tool.py', import.meta.url));
const key = 'hack/storage/swift/password';

let folder: string;
/** Key files and the keys Setpoint reads from them. */
const keys: Record<string, { privateFile: string; publicFile: string; privateKey: PrivateKey }> = {};

function jwcrypto(args: string[], input: string | Uint8Array): { status: number | null; stdout: string } {
  const { status, stdout } = spawnSync(python, [tool, ...args], { input, encoding: 'utf8' });
  return { status, stdout };
}

function openInJwcrypto(sealed: string, name: string, etcdKey = key) {
  const { status, stdout } = jwcrypto(['open', keys[name]!.privateFile, etcdKey], sealed);
  if (status !== 0) return undefined;
  const { plaintext, protected: header } = JSON.parse(stdout) as { plaintext: string; protected: unknown };
  return { plaintext: Buffer.from(plaintext, 'base64url').toString('utf8'), protected: header };
}

function sealInJwcrypto(plaintext: string, names: string[], etcdKey = key): string {
  const recipients = names.map(
    (name) => `${keys[name]!.publicFile}:${keys[name]!.privateKey.publicKey.keyId}`,
  );
  const { status, stdout } = jwcrypto(['seal', etcdKey, ...recipients], plaintext);
  expect(status).toBe(0);
  return stdout;
}

async function addKey(name: string, privatePem?: string): Promise<void> {
  const privateFile = join(folder, name);
  if (privatePem !== undefined) writeFileSync(privateFile, privatePem, { mode: 0o600 });
  const privateKey = await privateKeyOf(createPrivateKey(readFileSync(privateFile)));
  const publicFile = join(folder, `${name}.pub.pem`);
  writeFileSync(publicFile, privateKey.publicKey.keyObject.export({ type: 'spki', format: 'pem' }));
  keys[name] = { privateFile, publicFile, privateKey };
}

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'setpoint-jwcrypto-'));
  // A real id_rsa, as the original agent was given: ssh-keygen's PEM (PKCS#1) private key.
  execFileSync('/usr/bin/ssh-keygen', [
    '-q',
    '-t',
    'rsa',
    '-b',
    '3072',
    '-m',
    'PEM',
    '-N',
    '',
    '-f',
    join(folder, 'id_rsa'),
  ]);
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const x25519 = generateKeyPairSync('x25519').privateKey;
  await addKey('id_rsa');
  await addKey('rsa.pem', rsa.export({ type: 'pkcs8', format: 'pem' }).toString());
  await addKey('x25519.pem', x25519.export({ type: 'pkcs8', format: 'pem' }).toString());
});

afterAll(() => {
  if (folder) rmSync(folder, { recursive: true, force: true });
});

describe('a value sealed by Setpoint opens in jwcrypto', () => {
  it('reads the id_rsa ssh-keygen wrote (PKCS#1 PEM) through Node crypto', () => {
    expect(readFileSync(keys.id_rsa!.privateFile, 'utf8')).toContain('BEGIN RSA PRIVATE KEY');
    expect(keys.id_rsa!.privateKey.keyObject.asymmetricKeyDetails?.modulusLength).toBe(3072);
  });

  it.each(['rsa.pem', 'id_rsa', 'x25519.pem'])('sealed to %s, compact', async (name) => {
    const plaintext = `plaintext-${randomUUID()} ✓`;
    const privateKey = keys[name]!.privateKey;
    const sealed = await seal(plaintext, { key, recipients: [privateKey.publicKey] });
    const opened = openInJwcrypto(sealed, name);
    expect(opened?.plaintext === plaintext, 'jwcrypto opens it').toBe(true);
    expect(opened?.protected).toMatchObject({
      alg: privateKey.type === 'rsa' ? 'RSA-OAEP-256' : 'ECDH-ES+A256KW',
      enc: 'A256GCM',
      kid: privateKey.publicKey.keyId,
      'setpoint.key': key,
    });
    expect(
      openInJwcrypto(sealed, name, 'hack/storage/swift/user'),
      'the recipe checks the key',
    ).toBeUndefined();
  });

  it('sealed to several recipients, general JSON: each key opens it', async () => {
    const plaintext = `plaintext-${randomUUID()}`;
    const names = ['id_rsa', 'x25519.pem', 'rsa.pem'];
    const recipients = names.map((name) => keys[name]!.privateKey.publicKey);
    const sealed = await seal(plaintext, { key, recipients });
    for (const name of names) {
      const opened = openInJwcrypto(sealed, name);
      expect(opened?.plaintext === plaintext, `jwcrypto opens it with ${name}`).toBe(true);
      expect(opened?.protected).toEqual({
        enc: 'A256GCM',
        'setpoint.key': key,
        'setpoint.kids': recipients.map((recipient) => recipient.keyId),
      });
    }
  });
});

describe('a value sealed by jwcrypto in Setpoint format opens in Setpoint', () => {
  it.each(['rsa.pem', 'id_rsa', 'x25519.pem'])('sealed to %s, compact', async (name) => {
    const plaintext = `plaintext-${randomUUID()} ✓`;
    const privateKey = keys[name]!.privateKey;
    const sealed = sealInJwcrypto(plaintext, [name]);
    expect(sealed.startsWith(SEALED_PREFIX)).toBe(true);
    expect(recipientsOf(sealed)).toEqual([privateKey.publicKey.keyId]);
    expect((await openText(sealed, { key, privateKey })) === plaintext, 'Setpoint opens it').toBe(true);
    const moved = 'hack/storage/swift/user';
    await expectUnreadable(openText(sealed, { key: moved, privateKey }), moved, [plaintext]);
  });

  it('sealed to several recipients, general JSON: each key opens it', async () => {
    const plaintext = `plaintext-${randomUUID()}`;
    const names = ['x25519.pem', 'id_rsa'];
    const sealed = sealInJwcrypto(plaintext, names);
    expect(sealed.slice(SEALED_PREFIX.length).startsWith('{')).toBe(true);
    expect(recipientsOf(sealed)).toEqual(names.map((name) => keys[name]!.privateKey.publicKey.keyId));
    for (const name of names) {
      const privateKey = keys[name]!.privateKey;
      expect(
        (await openText(sealed, { key, privateKey })) === plaintext,
        `Setpoint opens it with ${name}`,
      ).toBe(true);
    }
    await expectUnreadable(openText(sealed, { key, privateKey: keys['rsa.pem']!.privateKey }), key, [
      plaintext,
    ]);
  });
});
