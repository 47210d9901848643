// Tests of open: the key binding, tampering with every part of both serializations, wrong keys,
// truncation, foreign prefixes and algorithms. Each failure is exactly one SealedValueError.
import { randomUUID } from 'node:crypto';
import { CompactEncrypt, type GeneralJWE } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { generatePrivateKey } from '../../../test/crypto/keys.js';
import { expectUnreadable, flipByte } from '../../../test/crypto/unreadable.js';
import type { PrivateKey } from '../keys/index.js';
import { open, openText } from './open.js';
import { SEALED_PREFIX } from './prefix.js';
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

function compactParts(sealed: string): string[] {
  return sealed.slice(SEALED_PREFIX.length).split('.');
}

function generalOf(sealed: string): GeneralJWE {
  return JSON.parse(sealed.slice(SEALED_PREFIX.length)) as GeneralJWE;
}

function sealedGeneral(jwe: GeneralJWE): string {
  return SEALED_PREFIX + JSON.stringify(jwe);
}

function keyOf(type: 'rsa' | 'x25519'): PrivateKey {
  return type === 'rsa' ? rsa : x25519;
}

describe('the key binding', () => {
  it('does not open a value copied under another key', async () => {
    const plaintext = `plaintext-${randomUUID()}`;
    const sealed = await seal(plaintext, { key, recipients: [rsa.publicKey] });
    const moved = 'hack/storage/swift/user';
    await expectUnreadable(openText(sealed, { key: moved, privateKey: rsa }), moved, [plaintext]);
    const multi = await seal(plaintext, { key, recipients: [rsa.publicKey, x25519.publicKey] });
    await expectUnreadable(openText(multi, { key: moved, privateKey: x25519 }), moved, [plaintext]);
  });

  it('does not open a value whose protected key name was rewritten to the new key', async () => {
    const plaintext = `plaintext-${randomUUID()}`;
    const moved = 'hack/storage/swift/user';
    const [header, ...rest] = compactParts(await seal(plaintext, { key, recipients: [x25519.publicKey] }));
    const decoded = JSON.parse(Buffer.from(header ?? '', 'base64url').toString()) as Record<string, unknown>;
    const rewritten = Buffer.from(JSON.stringify({ ...decoded, 'setpoint.key': moved })).toString(
      'base64url',
    );
    const tampered = SEALED_PREFIX + [rewritten, ...rest].join('.');
    await expectUnreadable(openText(tampered, { key: moved, privateKey: x25519 }), moved, [plaintext]);
  });

  it('does not open a value whose protected header was re-encoded with the same parameters', async () => {
    const plaintext = `plaintext-${randomUUID()}`;
    const [header, ...rest] = compactParts(await seal(plaintext, { key, recipients: [rsa.publicKey] }));
    const decoded = Buffer.from(header ?? '', 'base64url').toString();
    const reencoded = Buffer.from(decoded.replace('{', '{ ')).toString('base64url');
    const tampered = SEALED_PREFIX + [reencoded, ...rest].join('.');
    await expectUnreadable(openText(tampered, { key, privateKey: rsa }), key, [plaintext]);
  });
});

describe.each(['rsa', 'x25519'] as const)('tampering with a compact %s value', (type) => {
  const parts = ['protected header', 'encrypted key', 'initialization vector', 'ciphertext', 'tag'];
  it.each(parts.map((part, index) => [part, index] as const))(
    'a flipped byte in the %s',
    async (_, index) => {
      const plaintext = `plaintext-${randomUUID()}`;
      const privateKey = keyOf(type);
      const original = compactParts(await seal(plaintext, { key, recipients: [privateKey.publicKey] }));
      const tampered = original.map((part, i) => (i === index ? flipByte(part) : part));
      await expectUnreadable(openText(SEALED_PREFIX + tampered.join('.'), { key, privateKey }), key, [
        plaintext,
      ]);
      expect(await openText(SEALED_PREFIX + original.join('.'), { key, privateKey })).toBe(plaintext);
    },
  );

  it('truncation anywhere', async () => {
    const plaintext = `plaintext-${randomUUID()}`;
    const privateKey = keyOf(type);
    const sealed = await seal(plaintext, { key, recipients: [privateKey.publicKey] });
    const cuts = [
      sealed.length - 1,
      sealed.length - 23,
      Math.floor(sealed.length / 2),
      SEALED_PREFIX.length + 5,
    ];
    for (const length of [...cuts, SEALED_PREFIX.length, 3, 0]) {
      await expectUnreadable(openText(sealed.slice(0, length), { key, privateKey }), key, [plaintext]);
    }
    const withoutTag = sealed.slice(0, sealed.lastIndexOf('.') + 1);
    await expectUnreadable(openText(withoutTag, { key, privateKey }), key, [plaintext]);
  });
});

describe('tampering with a general JSON value', () => {
  let plaintext: string;
  let original: GeneralJWE;
  const all = () => [rsa, x25519];

  beforeAll(async () => {
    plaintext = `plaintext-${randomUUID()}`;
    original = generalOf(await seal(plaintext, { key, recipients: all().map((k) => k.publicKey) }));
  });

  it.each(['protected', 'iv', 'ciphertext', 'tag'] as const)(
    'a flipped byte in %s fails for every recipient',
    async (member) => {
      const tampered = sealedGeneral({ ...original, [member]: flipByte(original[member] ?? '') });
      for (const privateKey of all()) {
        await expectUnreadable(openText(tampered, { key, privateKey }), key, [plaintext]);
      }
      for (const privateKey of all()) {
        expect(await openText(sealedGeneral(original), { key, privateKey })).toBe(plaintext);
      }
    },
  );

  it.each([0, 1])(
    "a flipped byte in recipient %i's encrypted_key fails for that recipient",
    async (index) => {
      const recipients = original.recipients.map((recipient, i) =>
        i === index ? { ...recipient, encrypted_key: flipByte(recipient.encrypted_key ?? '') } : recipient,
      );
      const tampered = sealedGeneral({ ...original, recipients });
      await expectUnreadable(openText(tampered, { key, privateKey: all()[index]! }), key, [plaintext]);
    },
  );

  it("a changed ephemeral key in the X25519 recipient's header", async () => {
    const recipients = original.recipients.map((recipient, i) => {
      const epk = recipient.header?.epk as { x: string } | undefined;
      return i === 1 && epk
        ? { ...recipient, header: { ...recipient.header, epk: { ...epk, x: flipByte(epk.x) } } }
        : recipient;
    });
    await expectUnreadable(
      openText(sealedGeneral({ ...original, recipients }), { key, privateKey: x25519 }),
      key,
      [plaintext],
    );
  });

  it("a recipient's kid swapped to another recipient's", async () => {
    const [first, second] = original.recipients;
    const swapped = [
      { ...first, header: { ...first?.header, kid: second?.header?.kid } },
      { ...second, header: { ...second?.header, kid: first?.header?.kid } },
    ];
    for (const privateKey of all()) {
      const tampered = sealedGeneral({ ...original, recipients: swapped });
      await expectUnreadable(openText(tampered, { key, privateKey }), key, [plaintext]);
    }
  });

  it('a recipient removed, added parts, or truncation', async () => {
    const withoutRsa = sealedGeneral({ ...original, recipients: original.recipients.slice(1) });
    await expectUnreadable(openText(withoutRsa, { key, privateKey: x25519 }), key, [plaintext]);
    const withAad = sealedGeneral({ ...original, aad: 'eA' });
    await expectUnreadable(openText(withAad, { key, privateKey: rsa }), key, [plaintext]);
    const withUnprotected = sealedGeneral({ ...original, unprotected: { cty: 'text/plain' } });
    await expectUnreadable(openText(withUnprotected, { key, privateKey: rsa }), key, [plaintext]);
    const sealed = sealedGeneral(original);
    for (const length of [sealed.length - 1, Math.floor(sealed.length / 2), SEALED_PREFIX.length + 1]) {
      await expectUnreadable(openText(sealed.slice(0, length), { key, privateKey: rsa }), key, [plaintext]);
    }
  });
});

describe('open refuses', () => {
  it('a private key that is not a recipient, of either type', async () => {
    const plaintext = `plaintext-${randomUUID()}`;
    const single = await seal(plaintext, { key, recipients: [rsa.publicKey] });
    const multi = await seal(plaintext, { key, recipients: [rsa.publicKey, x25519.publicKey] });
    for (const sealed of [single, multi]) {
      for (const privateKey of [rsaOther, x25519Other]) {
        await expectUnreadable(openText(sealed, { key, privateKey }), key, [plaintext]);
      }
    }
    await expectUnreadable(openText(single, { key, privateKey: x25519 }), key, [plaintext]);
  });

  it('a private key posing as the recipient (its key id, another key)', async () => {
    const plaintext = `plaintext-${randomUUID()}`;
    const sealed = await seal(plaintext, { key, recipients: [rsa.publicKey] });
    const impostor = { ...rsaOther, publicKey: rsa.publicKey };
    await expectUnreadable(openText(sealed, { key, privateKey: impostor }), key, [plaintext]);
  });

  it('values that are not sealed, or carry another prefix', async () => {
    const plaintext = `plaintext-${randomUUID()}`;
    const sealed = await seal(plaintext, { key, recipients: [rsa.publicKey] });
    const jwe = sealed.slice(SEALED_PREFIX.length);
    for (const value of [jwe, `setpoint:sealed:v2:${jwe}`, `SETPOINT:SEALED:V1:${jwe}`, '8080', '']) {
      await expectUnreadable(openText(value, { key, privateKey: rsa }), key, [plaintext]);
    }
    await expectUnreadable(openText(`${SEALED_PREFIX}{"recipients":[]}`, { key, privateKey: rsa }), key, [
      plaintext,
    ]);
  });

  it.each([
    ['RSA-OAEP', 'A256GCM', 'rsa'],
    ['RSA-OAEP-256', 'A128GCM', 'rsa'],
    ['RSA-OAEP-256', 'A256CBC-HS512', 'rsa'],
    ['ECDH-ES', 'A256GCM', 'x25519'],
    ['ECDH-ES+A128KW', 'A256GCM', 'x25519'],
  ] as const)('a well-formed JWE with alg %s and enc %s', async (alg, enc, type) => {
    const plaintext = `plaintext-${randomUUID()}`;
    const privateKey = keyOf(type);
    const jwe = await new CompactEncrypt(new TextEncoder().encode(plaintext))
      .setProtectedHeader({ alg, enc, kid: privateKey.publicKey.keyId, 'setpoint.key': key })
      .encrypt(privateKey.publicKey.keyObject);
    await expectUnreadable(openText(SEALED_PREFIX + jwe, { key, privateKey }), key, [plaintext]);
  });

  it('a critical header parameter', async () => {
    const plaintext = `plaintext-${randomUUID()}`;
    const jwe = await new CompactEncrypt(new TextEncoder().encode(plaintext))
      .setProtectedHeader({
        alg: 'RSA-OAEP-256',
        enc: 'A256GCM',
        kid: rsa.publicKey.keyId,
        'setpoint.key': key,
        'setpoint.expires': '2030-01-01',
        crit: ['setpoint.expires'],
      })
      .encrypt(rsa.publicKey.keyObject, { crit: { 'setpoint.expires': true } });
    await expectUnreadable(openText(SEALED_PREFIX + jwe, { key, privateKey: rsa }), key, [plaintext]);
  });

  it('a compressed ("zip": "DEF") value', async () => {
    const plaintext = `plaintext-${randomUUID()}`;
    const jwe = await new CompactEncrypt(new TextEncoder().encode(plaintext))
      .setProtectedHeader({
        alg: 'ECDH-ES+A256KW',
        enc: 'A256GCM',
        zip: 'DEF',
        kid: x25519.publicKey.keyId,
        'setpoint.key': key,
      })
      .encrypt(x25519.publicKey.keyObject);
    await expectUnreadable(openText(SEALED_PREFIX + jwe, { key, privateKey: x25519 }), key, [plaintext]);
  });

  it('misuse with a TypeError: no key name, no private key', async () => {
    const sealed = await seal('v', { key, recipients: [rsa.publicKey] });
    await expect(open(sealed, { key: '', privateKey: rsa })).rejects.toThrowError(TypeError);
    await expect(open(sealed, { key, privateKey: undefined as unknown as PrivateKey })).rejects.toThrowError(
      TypeError,
    );
    await expect(
      open(sealed, { key, privateKey: { ...rsa, keyObject: rsa.publicKey.keyObject } }),
    ).rejects.toThrowError(TypeError);
  });

  it('openText on a value sealed from bytes that are not UTF-8, with a TypeError', async () => {
    const sealed = await seal(Uint8Array.of(0xff, 0xfe, 0x00), { key, recipients: [x25519.publicKey] });
    await expect(openText(sealed, { key, privateKey: x25519 })).rejects.toThrowError(/not UTF-8/);
  });
});
