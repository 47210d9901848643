// What a document is (nested maps, lists and scalars, as JSON has them), and the few operations every
// format needs on one: checking a value, setting a map key safely, naming a path in messages.

/**
 * A value in a document: what JSON, YAML's core schema and TOML (without dates) have in common.
 *
 * @example
 * const value: DocumentValue = { storage: { swift: { container: 'registry' } }, ports: [5000] };
 */
export type DocumentValue =
  | null
  | boolean
  | number
  | string
  | DocumentValue[]
  | { [key: string]: DocumentValue };

/**
 * A document: a map at the top, as a directory of keys is.
 *
 * @example
 * const document: DocumentMap = { http: { addr: ':5000' } };
 */
export type DocumentMap = { [key: string]: DocumentValue };

/**
 * The scalar types a chart template can force on a key.
 *
 * @example
 * const types = new Map<string, ScalarType>([['http/port', 'integer']]);
 */
export type ScalarType = 'string' | 'integer' | 'number' | 'boolean' | 'null';

/** A step of a path through a document: a map key or a list index. */
export type PathStep = string | number;

/**
 * Whether `value` is a document map (a plain object, not a list).
 *
 * @example
 * isDocumentMap({ a: 1 }); // true
 */
export function isDocumentMap(value: unknown): value is DocumentMap {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Sets `map[key]` as an own property, even for `__proto__`, so a key never reaches the prototype.
 *
 * @example
 * setEntry(map, '__proto__', 'value'); // an ordinary key
 */
export function setEntry(map: DocumentMap, key: string, value: DocumentValue): void {
  Object.defineProperty(map, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * `path` as messages show it: `storage.swift.password`, `headers[0]`, `storage["a/b"]`.
 *
 * @example
 * formatPath(['http', 'headers', 0]); // 'http.headers[0]'
 */
export function formatPath(path: readonly PathStep[]): string {
  if (path.length === 0) return 'the document';
  let text = '';
  for (const step of path) {
    if (typeof step === 'number') text += `[${step}]`;
    else if (/^[\p{L}\p{N}_-]+$/u.test(step)) text += text === '' ? step : `.${step}`;
    else text += `[${JSON.stringify(step)}]`;
  }
  return text;
}

/**
 * Checks that `value` is a document value (plain objects, arrays, strings, numbers, booleans, null),
 * throwing a `TypeError` naming the path of the first thing that is not.
 *
 * @example
 * assertDocumentValue({ a: undefined }, []); // throws TypeError: a is undefined
 */
export function assertDocumentValue(
  value: unknown,
  path: readonly PathStep[],
): asserts value is DocumentValue {
  if (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean'
  ) {
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      assertDocumentValue(item, [...path, index]);
    });
    return;
  }
  if (isDocumentMap(value)) {
    for (const key of Object.keys(value)) assertDocumentValue(value[key], [...path, key]);
    return;
  }
  const kind =
    value === undefined ? 'undefined' : typeof value === 'object' ? value.constructor?.name : typeof value;
  throw new TypeError(
    `${formatPath(path)} is ${kind ?? 'an object'}, which is not a document value ` +
      '(null, boolean, number, string, list or plain map)',
  );
}

/**
 * A scalar's type in words, for messages that must not show the value itself.
 *
 * @example
 * describeValue([]); // 'a list'
 */
export function describeValue(value: DocumentValue): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (typeof value === 'object') return Object.keys(value).length === 0 ? 'an empty map' : 'a map';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return value.includes('\n') ? 'multi-line text' : 'text';
}
