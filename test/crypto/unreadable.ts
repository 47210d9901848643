// Test assertions for sealed values: a failure to open is exactly one SealedValueError, and it tells no secret.
import { expect } from 'vitest';
import { SealedValueError } from '../../src/crypto/seal/errors.js';

/**
 * Awaits an attempt to open a value and checks it failed with exactly `SealedValueError`, naming the
 * etcd key and holding none of the given secrets (plaintext, key material) in message, cause or stack.
 *
 * @example
 * await expectUnreadable(openText(tampered, { key, privateKey }), key, [plaintext]);
 */
export async function expectUnreadable(
  attempt: Promise<unknown>,
  key: string,
  secrets: readonly string[],
): Promise<SealedValueError> {
  const error = await attempt.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(SealedValueError);
  const sealedValueError = error as SealedValueError;
  expect(Object.getPrototypeOf(sealedValueError)).toBe(SealedValueError.prototype);
  expect(sealedValueError.code).toBe('SEALED_VALUE_UNREADABLE');
  expect(sealedValueError.key).toBe(key);
  expect(sealedValueError.message).toContain(`'${key}'`);
  expect(sealedValueError.message).toContain('private key does not match');
  expect(sealedValueError.message).toContain('altered');
  const told = [
    sealedValueError.message,
    sealedValueError.stack ?? '',
    String(sealedValueError.cause),
    (sealedValueError.cause as Error | undefined)?.stack ?? '',
  ].join('\n');
  for (const secret of secrets) expect(told.includes(secret), 'the error tells a secret').toBe(false);
  return sealedValueError;
}

/**
 * Flips one bit of the byte in the middle of a base64url segment: a real change to the bytes, unlike
 * editing a character, which may touch only padding bits.
 *
 * @example
 * const [header, ...rest] = jwe.split('.'); const tampered = [flipByte(header), ...rest].join('.');
 */
export function flipByte(segment: string, at?: number): string {
  const bytes = Buffer.from(segment, 'base64url');
  if (bytes.length === 0) throw new Error('cannot flip a byte of an empty segment');
  const index = at ?? Math.floor(bytes.length / 2);
  bytes[index] = (bytes[index] ?? 0) ^ 0x01;
  return bytes.toString('base64url');
}
