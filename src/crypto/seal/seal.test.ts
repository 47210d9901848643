// Tests of seal: round trips through open, the exact format written, and what seal refuses.
import { randomUUID } from 'node:crypto';
import { decodeProtectedHeader, type GeneralJWE } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { generatePrivateKey } from '../../../test/crypto/keys.js';
import type { PrivateKey } from '../keys/index.js';
import { PlaintextTooLargeError } from './errors.js';
import { MAX_PLAINTEXT_BYTES } from './format.js';
import { open, openText } from './open.js';
import { isSealed, SEALED_PREFIX } from './prefix.js';
import { seal } from './seal.js';

const key = 'hack/storage/swift/password';
let rsa: PrivateKey;
let rsaOther: PrivateKey;
let x25519: PrivateKey;
let x25519Other: PrivateKey;

beforeAll(async () => {
  [rsa, rsaOther, x25519, x25519Other] = await Promise.all([
    generatePrivateKey('rsa'),
    generatePrivateKey('rsa'),
    generatePrivateKey('x25519'),
    generatePrivateKey('x25519'),
  ]);
});

function generalOf(sealed: string): GeneralJWE {
  return JSON.parse(sealed.slice(SEALED_PREFIX.length)) as GeneralJWE;
}

describe('seal to one recipient', () => {
  it.each(['rsa', 'x25519'] as const)('round-trips text and bytes with %s', async (type) => {
    const privateKey = type === 'rsa' ? rsa : x25519;
    const recipients = [privateKey.publicKey];
    for (const text of [`plaintext-${randomUUID()}`, '', 'päss wörd ✓ 🔑\n\t"quoted"']) {
      const sealed = await seal(text, { key, recipients });
      expect(isSealed(sealed)).toBe(true);
      expect(await openText(sealed, { key, privateKey })).toBe(text);
    }
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    const sealed = await seal(bytes, { key, recipients });
    expect(await open(sealed, { key, privateKey })).toEqual(bytes);
  });

  it.each([
    ['rsa', 'RSA-OAEP-256'],
    ['x25519', 'ECDH-ES+A256KW'],
  ] as const)('writes %s as a compact JWE with %s, A256GCM, kid and the key name', async (type, alg) => {
    const privateKey = type === 'rsa' ? rsa : x25519;
    const sealed = await seal('value', { key, recipients: [privateKey.publicKey] });
    expect(sealed.startsWith('setpoint:sealed:v1:')).toBe(true);
    const jwe = sealed.slice(SEALED_PREFIX.length);
    expect(jwe.split('.')).toHaveLength(5);
    const { epk, ...header } = decodeProtectedHeader(jwe);
    expect(header).toEqual({ alg, enc: 'A256GCM', kid: privateKey.publicKey.keyId, 'setpoint.key': key });
    if (type === 'x25519') expect(epk).toMatchObject({ kty: 'OKP', crv: 'X25519' });
    else expect(epk).toBeUndefined();
  });

  it('seals the same plaintext differently each time', async () => {
    const recipients = [x25519.publicKey];
    expect(await seal('same', { key, recipients })).not.toBe(await seal('same', { key, recipients }));
  });

  it('seals and opens a plaintext of exactly MAX_PLAINTEXT_BYTES, and refuses one byte more', async () => {
    const recipients = [x25519.publicKey];
    const largest = new Uint8Array(MAX_PLAINTEXT_BYTES).fill(7);
    const opened = await open(await seal(largest, { key, recipients }), { key, privateKey: x25519 });
    expect(Buffer.from(opened).equals(largest)).toBe(true);
    const attempt = seal(new Uint8Array(MAX_PLAINTEXT_BYTES + 1), { key, recipients });
    await expect(attempt).rejects.toThrowError(PlaintextTooLargeError);
    await expect(attempt).rejects.toMatchObject({ code: 'SEALED_PLAINTEXT_TOO_LARGE', key });
  });
});

describe('seal to several recipients', () => {
  it('opens with each private key, RSA and X25519 mixed', async () => {
    const text = `plaintext-${randomUUID()}`;
    const all = [rsa, x25519, rsaOther, x25519Other];
    const sealed = await seal(text, { key, recipients: all.map((privateKey) => privateKey.publicKey) });
    for (const privateKey of all) expect(await openText(sealed, { key, privateKey })).toBe(text);
  });

  it('writes the general JSON serialization: shared protected header, alg and kid per recipient', async () => {
    const recipients = [rsa.publicKey, x25519.publicKey];
    const sealed = await seal('value', { key, recipients });
    const general = generalOf(sealed);
    expect(Object.keys(general).sort()).toEqual(['ciphertext', 'iv', 'protected', 'recipients', 'tag']);
    expect(decodeProtectedHeader(general)).toEqual({
      enc: 'A256GCM',
      'setpoint.key': key,
      'setpoint.kids': [rsa.publicKey.keyId, x25519.publicKey.keyId],
    });
    expect(general.recipients[0]?.header).toEqual({ alg: 'RSA-OAEP-256', kid: rsa.publicKey.keyId });
    const { epk, ...x25519Header } = general.recipients[1]?.header ?? {};
    expect(x25519Header).toEqual({ alg: 'ECDH-ES+A256KW', kid: x25519.publicKey.keyId });
    expect(epk).toMatchObject({ kty: 'OKP', crv: 'X25519' });
  });
});

describe('seal refuses', () => {
  it('an empty recipient list', async () => {
    await expect(seal('v', { key, recipients: [] })).rejects.toThrowError(TypeError);
  });

  it('an empty key name', async () => {
    await expect(seal('v', { key: '', recipients: [rsa.publicKey] })).rejects.toThrowError(TypeError);
  });

  it('the same recipient twice', async () => {
    const recipients = [rsa.publicKey, rsa.publicKey];
    await expect(seal('v', { key, recipients })).rejects.toThrowError(/more than once/);
  });

  it('a private KeyObject as a recipient, or one whose type contradicts its KeyObject', async () => {
    const privateAsPublic = { ...rsa.publicKey, keyObject: rsa.keyObject };
    await expect(seal('v', { key, recipients: [privateAsPublic] })).rejects.toThrowError(TypeError);
    const mislabelled = { ...x25519.publicKey, type: 'rsa' as const };
    await expect(seal('v', { key, recipients: [mislabelled] })).rejects.toThrowError(TypeError);
  });

  it('a string that is not well-formed Unicode, which UTF-8 would silently change', async () => {
    await expect(seal('a\uD800b', { key, recipients: [rsa.publicKey] })).rejects.toThrowError(TypeError);
  });
});
