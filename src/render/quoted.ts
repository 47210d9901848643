// YAML's two quoted scalar styles as a stored value uses them to force a string: '...' ('' for a
// quote) and "..." (backslash escapes, a superset of JSON's). One deliberate difference from a YAML
// file: a line break inside the quotes is kept as it is, never folded into a space.

/**
 * Whether `text` is written quoted: it starts and ends with the same quote character (`'` or `"`)
 * and is at least two characters long.
 *
 * @example
 * looksQuoted("'8080'"); // true
 * looksQuoted("it's"); // false
 */
export function looksQuoted(text: string): boolean {
  if (text.length < 2) return false;
  const first = text[0];
  return (first === '"' || first === "'") && text.endsWith(first);
}

/**
 * The string inside a quoted value, or the reason it is not a valid quoted scalar.
 *
 * @example
 * unquote("'it''s'"); // { value: "it's" }
 * unquote('"\\q"'); // { problem: 'one of its backslash escapes is not one YAML knows' }
 */
export function unquote(text: string): { value: string } | { problem: string } {
  const body = text.slice(1, -1);
  return text[0] === "'" ? unquoteSingle(body) : unquoteDouble(body);
}

function unquoteSingle(body: string): { value: string } | { problem: string } {
  if (body.replace(/''/g, '').includes("'")) {
    return { problem: "it holds a single quote that is not doubled ('' stands for one quote)" };
  }
  return { value: body.replace(/''/g, "'") };
}

const simpleEscapes: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
};

const hexLengths: Record<string, number> = { x: 2, u: 4, U: 8 };

function unquoteDouble(body: string): { value: string } | { problem: string } {
  let value = '';
  for (let i = 0; i < body.length; i++) {
    const char = body[i]!;
    if (char === '"') return { problem: 'it holds a double quote that is not escaped (write \\")' };
    if (char !== '\\') {
      value += char;
      continue;
    }
    const escapeCode = body[i + 1];
    if (escapeCode === undefined) return { problem: 'it ends with a lone backslash' };
    const simple = simpleEscapes[escapeCode];
    if (simple !== undefined) {
      value += simple;
      i += 1;
      continue;
    }
    const length = hexLengths[escapeCode];
    const hex = length === undefined ? undefined : body.slice(i + 2, i + 2 + length);
    if (length === undefined || hex === undefined || !new RegExp(`^[0-9a-fA-F]{${length}}$`).test(hex)) {
      return {
        problem:
          length === undefined
            ? `one of its backslash escapes is not one YAML knows (write \\\\ for a backslash)`
            : `its \\${escapeCode} escape needs ${length} hexadecimal digits`,
      };
    }
    const codePoint = Number.parseInt(hex, 16);
    if (codePoint > 0x10ffff) return { problem: `its \\${escapeCode} escape is beyond Unicode` };
    // \u escapes are UTF-16 code units (as JSON has them), so a surrogate pair takes two.
    value += escapeCode === 'u' ? String.fromCharCode(codePoint) : String.fromCodePoint(codePoint);
    i += 1 + length;
  }
  return { value };
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what needs escaping
const needsDoubleQuotes = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]|[\uD800-\uDFFF]/;

/**
 * `value` quoted so that `unquote` gives it back: single quotes when it holds no control character
 * or line break (easiest to read), else double quotes with escapes.
 *
 * @example
 * quote('8080'); // "'8080'"
 * quote('a\nb'); // '"a\\nb"'
 */
export function quote(value: string): string {
  if (!needsDoubleQuotes.test(value)) return `'${value.replace(/'/g, "''")}'`;
  let text = '"';
  for (let i = 0; i < value.length; i++) {
    const char = value[i]!;
    const unit = value.charCodeAt(i);
    if (char === '"' || char === '\\') text += `\\${char}`;
    else if (char === '\n') text += '\\n';
    else if (char === '\t') text += '\\t';
    else if (char === '\r') text += '\\r';
    else if (unit < 0x20 || (unit >= 0x7f && unit <= 0x9f))
      text += `\\x${unit.toString(16).padStart(2, '0')}`;
    else if (unit === 0x2028) text += '\\L';
    else if (unit === 0x2029) text += '\\P';
    else if (unit >= 0xd800 && unit <= 0xdbff && isLowSurrogate(value.charCodeAt(i + 1))) {
      text += value.slice(i, i + 2);
      i += 1;
    } else if (unit >= 0xd800 && unit <= 0xdfff) text += `\\u${unit.toString(16)}`;
    else text += char;
  }
  return `${text}"`;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}
