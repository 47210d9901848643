// Which names can be one segment of an etcd key: the keyspace's segment rules (src/keyspace/key-name.ts),
// applied to one map key at a time so a message can name the document path at fault.

// C0, DEL and C1 control characters, as the keyspace refuses them.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const controlCharacter = /[\u0000-\u001f\u007f-\u009f]/u;

/** Half of a UTF-16 surrogate pair without its other half: not encodable as UTF-8. */
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why `segment` cannot be one segment of a key, or `undefined` when it can: not empty, not `.` or
 * `..`, no `/`, no control character, valid UTF-8.
 *
 * @example
 * segmentProblem('swift'); // undefined
 * segmentProblem('a/b'); // "it holds '/', which separates key segments"
 */
export function segmentProblem(segment: string): string | undefined {
  if (segment === '') return 'it is empty; a key segment needs at least one character';
  if (segment === '.' || segment === '..') {
    return `it is '${segment}', which a key segment cannot be (it would read as a relative path)`;
  }
  if (segment.includes('/')) return "it holds '/', which separates key segments";
  const control = controlCharacter.exec(segment);
  if (control !== null) {
    const code = control[0].codePointAt(0)!.toString(16).padStart(4, '0');
    return `it holds the control character U+${code}`;
  }
  if (loneSurrogate.test(segment)) return 'it is not valid UTF-8 (it holds a lone surrogate)';
  return undefined;
}

/**
 * Whether `segment` is a list index as keys write them: 0, or digits without a leading zero.
 *
 * @example
 * isListIndex('10'); // true
 * isListIndex('01'); // false
 */
export function isListIndex(segment: string): boolean {
  return /^(?:0|[1-9][0-9]{0,15})$/.test(segment);
}
