// Password hashes: the stored format, verification, refusal of damaged hashes, and the policy.
import { describe, expect, test } from 'vitest';
import { PasswordHashError, PasswordTooWeakError } from './errors.js';
import {
  checkPasswordPolicy,
  DEFAULT_SCRYPT_PARAMS,
  generatePassword,
  hashPassword,
  parsePasswordHash,
  verifyPassword,
} from './passwords.js';

describe('hashPassword and verifyPassword', () => {
  test('stores parameters, a 16-byte salt and the hash in one string', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).toMatch(/^scrypt\$N=16384,r=8,p=1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/);
    const { params, salt, hash } = parsePasswordHash(stored);
    expect(params).toEqual(DEFAULT_SCRYPT_PARAMS);
    expect(salt).toHaveLength(16);
    expect(hash).toHaveLength(32);
    expect(stored).not.toContain('correct horse battery');
  });

  test('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  test('two hashes of one password differ (random salt)', async () => {
    expect(await hashPassword('correct horse battery')).not.toBe(await hashPassword('correct horse battery'));
  });

  test('reads its parameters from the stored string', async () => {
    const stored = await hashPassword('correct horse battery', { params: { N: 1024, r: 4, p: 2 } });
    expect(stored).toMatch(/^scrypt\$N=1024,r=4,p=2\$/);
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
  });

  test('the same text in another Unicode form verifies', async () => {
    const stored = await hashPassword('caf\u00e9 au lait please');
    expect(await verifyPassword('cafe\u0301 au lait please', stored)).toBe(true);
  });

  test.each([
    ['another scheme', 'md5$abc'],
    [
      'N not a power of two',
      'scrypt$N=1000,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
    ],
    [
      'N too large',
      'scrypt$N=4194304,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
    ],
    ['a short hash', 'scrypt$N=1024,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA'],
  ])('refuses a stored hash with %s', async (_name, stored) => {
    await expect(verifyPassword('correct horse battery', stored)).rejects.toThrow(PasswordHashError);
  });
});

describe('checkPasswordPolicy', () => {
  test.each([
    ['too short', 'short-pass1', 'alice', /11 characters and at least 12/],
    ['the user name', 'alicealicealice', 'alice', /user name 'alice'/],
    ['the user name in capitals', 'ADMINISTRATOR'.slice(0, 5).repeat(3), 'admin', /user name/],
    ['one character repeated', 'aaaaaaaaaaaaaaaa', 'bob', /one character repeated/],
    ['too long', 'x'.repeat(1000) + 'y'.repeat(100), 'bob', /at most 1024/],
  ])('refuses %s with a clear message', (_name, password, userName, message) => {
    expect(() => checkPasswordPolicy(password, { userName })).toThrow(PasswordTooWeakError);
    expect(() => checkPasswordPolicy(password, { userName })).toThrow(message);
  });

  test('accepts a long passphrase and a generated password', () => {
    checkPasswordPolicy('correct horse battery', { userName: 'alice' });
    const generated = generatePassword();
    expect(generated).toMatch(/^[A-Za-z0-9_-]{32}$/);
    checkPasswordPolicy(generated, { userName: 'admin' });
  });

  test('counts characters, not UTF-16 units', () => {
    expect(() => checkPasswordPolicy('\u{1F511}'.repeat(6), { userName: 'a' })).toThrow(/6 characters/);
  });
});
