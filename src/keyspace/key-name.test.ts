// The key-name rules, the directory of a key and recipient names, case by case.
import { describe, expect, test } from 'vitest';
import { KeyNameError, RecipientNameError } from './errors.js';
import { directoryOf, MAX_KEY_NAME_BYTES, validateDirectoryName, validateKeyName } from './key-name.js';
import { prefixRangeEnd } from './layout.js';
import { validateRecipientName } from './recipient-keys.js';

describe('validateKeyName', () => {
  test.each([
    'hack/storage/swift/password',
    'app',
    'team-a/ünïcode/ключ',
    'a/.hidden/..dots/x.y',
    '_setpoints/not-reserved',
    'x'.repeat(MAX_KEY_NAME_BYTES),
  ])('accepts %j', (key) => {
    expect(() => validateKeyName(key)).not.toThrow();
  });

  test.each([
    ['', /empty/],
    ['/hack/password', /starts with '\/'.*'hack\/password'/],
    ['hack//password', /segment 2 is empty.*'\/\/'/],
    ['hack/password/', /segment 3 is empty.*ends with/],
    ['hack/./password', /segment 2 is '\.'/],
    ['hack/../etc/passwd', /segment 2 is '\.\.'/],
    ['..', /segment 1 is '\.\.'/],
    ['hack/pass\nword', /segment 2 .* control character U\+000a/],
    ['hack/\u0000', /U\+0000/],
    ['hack/del\u007f', /U\+007f/],
    ['_setpoint/keys/x', /reserved/],
    ['_setpoint', /reserved/],
    ['bad/\ud800', /UTF-8/],
    ['x'.repeat(MAX_KEY_NAME_BYTES + 1), /1025 bytes/],
    ['é'.repeat(513), /1026 bytes/],
  ])('refuses %j, saying why', (key, reason) => {
    let caught: unknown;
    try {
      validateKeyName(key);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(KeyNameError);
    expect((caught as KeyNameError).code).toBe('KEY_NAME_INVALID');
    expect((caught as KeyNameError).message).toMatch(reason);
  });

  test('a key name that is not a string is misuse', () => {
    expect(() => validateKeyName(42 as unknown as string)).toThrow(TypeError);
  });
});

describe('directoryOf', () => {
  test.each([
    ['hack/storage/swift/password', 'hack'],
    ['app', 'app'],
    ['team-a/x', 'team-a'],
  ])('%j is in %j', (key, directory) => {
    expect(directoryOf(key)).toBe(directory);
  });

  test('validates the key first', () => {
    expect(() => directoryOf('hack/../x')).toThrow(KeyNameError);
  });

  test('a directory name is one segment', () => {
    expect(() => validateDirectoryName('hack')).not.toThrow();
    expect(() => validateDirectoryName('hack/sub')).toThrow(/give 'hack' instead/);
    expect(() => validateDirectoryName('_setpoint')).toThrow(/reserved/);
  });
});

describe('validateRecipientName', () => {
  test.each(['team-a', 'ops.agent_2', 'A'])('accepts %j', (name) => {
    expect(() => validateRecipientName(name)).not.toThrow();
  });
  test.each(['', 'team a', 'a/b', '.', '..', 'é', 'x'.repeat(129)])('refuses %j', (name) => {
    expect(() => validateRecipientName(name)).toThrow(RecipientNameError);
  });
});

test('the range end of a prefix covers exactly the keys under it', () => {
  expect(prefixRangeEnd('_setpoint/keys/').toString()).toBe('_setpoint/keys0');
});
