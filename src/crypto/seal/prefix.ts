// How a sealed value is recognised among plain values in etcd: a fixed prefix before the JWE.

/**
 * The prefix of every sealed value stored in etcd; the JWE follows it. `v1` names the format of
 * docs/sealed-values.md, so a later format can be told apart.
 *
 * @example
 * const jwe = stored.slice(SEALED_PREFIX.length);
 */
export const SEALED_PREFIX = 'setpoint:sealed:v1:';

/**
 * Whether a stored value is a sealed value (starts with `SEALED_PREFIX`). It looks at the prefix
 * only: a value that passes may still fail to open.
 *
 * @example
 * isSealed('setpoint:sealed:v1:eyJhbGciOi...'); // true
 * isSealed('8080'); // false
 */
export function isSealed(value: string): boolean {
  return typeof value === 'string' && value.startsWith(SEALED_PREFIX);
}
