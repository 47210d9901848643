// Tests of recipientsOf and isSealed: reading a sealed value's recipients without a private key.
import { beforeAll, describe, expect, it } from 'vitest';
import { generatePrivateKey } from '../../../test/crypto/keys.js';
import type { PrivateKey } from '../keys/index.js';
import { SealedValueError } from './errors.js';
import { isSealed, SEALED_PREFIX } from './prefix.js';
import { recipientsOf } from './recipients-of.js';
import { seal } from './seal.js';

const key = 'team-a/api/token';
let rsa: PrivateKey;
let x25519: PrivateKey;

beforeAll(async () => {
  [rsa, x25519] = await Promise.all([generatePrivateKey('rsa'), generatePrivateKey('x25519')]);
});

describe('recipientsOf', () => {
  it('lists the key id of one recipient and of several, in sealing order', async () => {
    expect(recipientsOf(await seal('v', { key, recipients: [x25519.publicKey] }))).toEqual([
      x25519.publicKey.keyId,
    ]);
    const both = [x25519.publicKey, rsa.publicKey];
    expect(recipientsOf(await seal('v', { key, recipients: both }))).toEqual(both.map((k) => k.keyId));
  });

  it('throws SealedValueError for what is not a well-formed sealed value', async () => {
    const sealed = await seal('v', { key, recipients: [rsa.publicKey] });
    for (const value of [
      'plain',
      sealed.slice(SEALED_PREFIX.length),
      `${SEALED_PREFIX}a.b.c`,
      `${SEALED_PREFIX}{`,
    ]) {
      expect(() => recipientsOf(value)).toThrowError(SealedValueError);
    }
  });
});

describe('isSealed', () => {
  it('recognises the prefix only', async () => {
    expect(isSealed(await seal('v', { key, recipients: [rsa.publicKey] }))).toBe(true);
    expect(isSealed(`${SEALED_PREFIX}anything`)).toBe(true);
    expect(isSealed('8080')).toBe(false);
    expect(isSealed('setpoint:sealed:v2:x')).toBe(false);
    expect(isSealed('')).toBe(false);
  });
});
