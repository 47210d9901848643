// How one stored value (always a string in etcd) reads as a document value, and the stored form that
// reads back as a given value. Plain values follow YAML 1.2's core schema; quotes force a string.
import type { DocumentValue, ScalarType } from './document.js';
import { RenderValueQuotingError, RenderValueTypeError } from './errors.js';
import { looksQuoted, quote, unquote } from './quoted.js';

// The YAML 1.2 core schema's plain scalars (YAML 1.2.2, section 10.3.2), matched against the whole value.
const nullPattern = /^(?:null|Null|NULL|~)$/;
const truePattern = /^(?:true|True|TRUE)$/;
const falsePattern = /^(?:false|False|FALSE)$/;
const decimalPattern = /^[-+]?[0-9]+$/;
const octalPattern = /^0o[0-7]+$/;
const hexPattern = /^0x[0-9a-fA-F]+$/;
const floatPattern = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const infinityPattern = /^[-+]?(?:\.inf|\.Inf|\.INF)$/;
const nanPattern = /^(?:\.nan|\.NaN|\.NAN)$/;

/** A plain value read as an integer by the core schema, or undefined. */
function readInteger(text: string): number | undefined {
  if (decimalPattern.test(text)) return Number(text);
  if (octalPattern.test(text)) return Number.parseInt(text.slice(2), 8);
  if (hexPattern.test(text)) return Number.parseInt(text.slice(2), 16);
  return undefined;
}

/** A plain value read as a number (integer or float) by the core schema, or undefined. */
function readNumber(text: string): number | undefined {
  const integer = readInteger(text);
  if (integer !== undefined) return integer;
  if (floatPattern.test(text)) return Number(text);
  if (infinityPattern.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (nanPattern.test(text)) return Number.NaN;
  return undefined;
}

/** A plain value read as a boolean by the core schema, or undefined. */
function readBoolean(text: string): boolean | undefined {
  if (truePattern.test(text)) return true;
  if (falsePattern.test(text)) return false;
  return undefined;
}

/** The string inside a quoted stored value; throws when the quoting is not valid. */
function unquoteValue(text: string, key: string): string {
  const result = unquote(text);
  if ('problem' in result) throw new RenderValueQuotingError(key, result.problem);
  return result.value;
}

/**
 * Reads a stored value: empty is `""`; `'...'` or `"..."` is the string inside; `[]` and `{}` are an
 * empty list and map; otherwise YAML 1.2 core schema rules for a plain scalar (null, booleans,
 * integers in decimal, 0o octal and 0x hex, floats with .inf and .nan), and anything else is the text
 * as it is. `key` only names the value in errors.
 *
 * @example
 * readStoredValue('8080', 'http/port'); // 8080
 * readStoredValue("'8080'", 'http/port'); // '8080'
 * readStoredValue('', 'log/level'); // ''
 */
export function readStoredValue(text: string, key: string): DocumentValue {
  if (text === '') return '';
  if (looksQuoted(text)) return unquoteValue(text, key);
  if (text === '[]') return [];
  if (text === '{}') return {};
  if (nullPattern.test(text)) return null;
  return readBoolean(text) ?? readNumber(text) ?? text;
}

/**
 * Reads a stored value as the type a template forces on it. A quoted value is first unquoted; then
 * `string` takes the text as it is, and the other types must match their core schema form (`integer`:
 * decimal, 0o or 0x; `number`: any number; `boolean`; `null`, or an empty value).
 *
 * @example
 * readTypedValue("'8080'", 'integer', 'http/port'); // 8080
 * readTypedValue('true', 'string', 'flag'); // 'true'
 * readTypedValue('abc', 'integer', 'http/port'); // throws RenderValueTypeError
 */
export function readTypedValue(text: string, type: ScalarType, key: string): DocumentValue {
  const quoted = looksQuoted(text);
  const inner = quoted ? unquoteValue(text, key) : text;
  let value: DocumentValue | undefined;
  switch (type) {
    case 'string':
      return inner;
    case 'integer':
      value = readInteger(inner);
      break;
    case 'number':
      value = readNumber(inner);
      break;
    case 'boolean':
      value = readBoolean(inner);
      break;
    case 'null':
      value = inner === '' || nullPattern.test(inner) ? null : undefined;
      break;
    default:
      throw new TypeError(
        `'${String(type)}' is not a scalar type; use string, integer, number, boolean or null`,
      );
  }
  if (value === undefined) throw new RenderValueTypeError(key, describeStoredValue(text), type);
  return value;
}

/**
 * What a stored value looks like, in words that never repeat it.
 *
 * @example
 * describeStoredValue('0.5'); // 'a decimal number'
 */
export function describeStoredValue(text: string): string {
  if (text === '') return 'empty';
  if (looksQuoted(text)) return 'a quoted string';
  if (text === '[]') return 'an empty list';
  if (text === '{}') return 'an empty map';
  if (nullPattern.test(text)) return 'null';
  if (readBoolean(text) !== undefined) return 'a boolean';
  if (readInteger(text) !== undefined) return 'an integer';
  if (readNumber(text) !== undefined) return 'a decimal number';
  return text.includes('\n') ? 'multi-line text' : 'text';
}

/**
 * The text of a number that reads back as exactly that number: `-0`, `.inf`, `-.inf`, `.nan`, and
 * JavaScript's shortest round-tripping form otherwise (`8080`, `0.1`, `1e+21`).
 *
 * @example
 * numberText(-0); // '-0'
 */
export function numberText(value: number): string {
  if (Number.isNaN(value)) return '.nan';
  if (value === Infinity) return '.inf';
  if (value === -Infinity) return '-.inf';
  if (Object.is(value, -0)) return '-0';
  return String(value);
}

/**
 * The stored form of a scalar (or of an empty list or map) that `readStoredValue` reads back as the
 * same value: a string is stored as it is when that reads back as the same string, else quoted.
 *
 * @example
 * storedForm('8080'); // "'8080'"
 * storedForm(8080); // '8080'
 * storedForm('hello'); // 'hello'
 */
export function storedForm(value: DocumentValue): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return numberText(value);
  if (Array.isArray(value)) {
    if (value.length > 0)
      throw new TypeError('storedForm takes a scalar or an empty list, not a list with items');
    return '[]';
  }
  if (typeof value === 'object') {
    if (Object.keys(value).length > 0) throw new TypeError('storedForm takes a scalar or an empty map');
    return '{}';
  }
  return readsBackAs(value) ? value : quote(value);
}

function readsBackAs(text: string): boolean {
  try {
    return readStoredValue(text, '') === text;
  } catch {
    return false;
  }
}

/**
 * A scalar as the text a flat format (env, properties) or a template writes for it: strings as they
 * are, numbers as `numberText`, booleans as true/false, null as the empty string.
 *
 * @example
 * scalarText(null); // ''
 * scalarText(1e21); // '1e+21'
 */
export function scalarText(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return numberText(value);
  return String(value);
}
