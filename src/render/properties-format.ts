// Java properties files: `storage.swift.password=...` with java.util.Properties' escaping (non-ASCII as
// \uXXXX, so ISO-8859-1 and UTF-8 readers agree); read back as Properties.load reads them, then nested
// on '.' with every value read by the scalar rules.
import { type DocumentMap, formatPath, type PathStep } from './document.js';
import { RenderError, RenderNameCollisionError, RenderParseError } from './errors.js';
import { documentLeaves } from './leaves.js';
import { readStoredValue, scalarText } from './scalar.js';
import { lineColumnAt } from './text-position.js';
import { buildTree, type TreeLeaf } from './tree.js';

/**
 * `text` escaped as java.util.Properties.store escapes a key (`escapeSpaces`) or a value.
 *
 * @example
 * escapeProperty('a b=c', true); // 'a\\ b\\=c'
 */
export function escapeProperty(text: string, escapeSpaces: boolean): string {
  let escaped = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    const unit = text.charCodeAt(i);
    if (char === '\\') escaped += '\\\\';
    else if (char === ' ') escaped += escapeSpaces || i === 0 ? '\\ ' : ' ';
    else if (char === '\t') escaped += '\\t';
    else if (char === '\n') escaped += '\\n';
    else if (char === '\r') escaped += '\\r';
    else if (char === '\f') escaped += '\\f';
    else if (char === '=' || char === ':' || char === '#' || char === '!') escaped += `\\${char}`;
    else if (unit < 0x20 || unit > 0x7e) escaped += `\\u${unit.toString(16).toUpperCase().padStart(4, '0')}`;
    else escaped += char;
  }
  return escaped;
}

/**
 * A document as a properties file: one `key=value` line per scalar, the path joined with `.` (list
 * items as `a.0`), values as their text (null as empty). Empty lists and maps write nothing. Throws
 * `RenderNameCollisionError` when two paths make one key (`a.b` and `a: { b }`).
 *
 * @example
 * formatProperties({ storage: { swift: { container: 'registry' } } }); // 'storage.swift.container=registry\n'
 */
export function formatProperties(document: DocumentMap): string {
  const seen = new Map<string, readonly PathStep[]>();
  let text = '';
  for (const { path, value } of documentLeaves(document)) {
    const key = path.map(String).join('.');
    const other = seen.get(key);
    if (other !== undefined)
      throw new RenderNameCollisionError('properties', key, [formatPath(other), formatPath(path)]);
    seen.set(key, path);
    text += `${escapeProperty(key, true)}=${escapeProperty(scalarText(value), false)}\n`;
  }
  return text;
}

/**
 * One key and value of a properties file, with the line it starts on.
 *
 * @example
 * const entry: PropertyEntry = { key: 'server.port', value: '8080', line: 3 };
 */
export interface PropertyEntry {
  readonly key: string;
  readonly value: string;
  readonly line: number;
}

/**
 * The key-value pairs of a properties file as java.util.Properties.load reads them: `#` and `!`
 * comment lines, `=`, `:` or whitespace between key and value, a line ending in an odd number of
 * backslashes continuing on the next, escapes `\t \n \r \f \uXXXX` and `\x` for x. Throws
 * `RenderParseError` for a malformed `\u` escape (as Java does).
 *
 * @example
 * readPropertyEntries('a = 1\nb: two \\\n   lines\n', 'app.properties');
 * // [{ key: 'a', value: '1', line: 1 }, { key: 'b', value: 'two lines', line: 2 }]
 */
export function readPropertyEntries(text: string, source: string): PropertyEntry[] {
  const entries: PropertyEntry[] = [];
  const length = text.length;
  const isBlank = (char: string | undefined) => char === ' ' || char === '\t' || char === '\f';
  const isLineEnd = (char: string | undefined) => char === '\n' || char === '\r';
  const skipLineEnd = (at: number) => (text[at] === '\r' && text[at + 1] === '\n' ? at + 2 : at + 1);
  let i = 0;
  while (i < length) {
    while (isBlank(text[i])) i++;
    if (i >= length) break;
    if (isLineEnd(text[i])) {
      i = skipLineEnd(i);
      continue;
    }
    if (text[i] === '#' || text[i] === '!') {
      while (i < length && !isLineEnd(text[i])) i++;
      continue;
    }
    // One logical line: natural lines joined where a line ends in an odd number of backslashes.
    const start = i;
    const chars: string[] = [];
    const offsets: number[] = [];
    for (;;) {
      while (i < length && !isLineEnd(text[i])) {
        chars.push(text[i]!);
        offsets.push(i);
        i++;
      }
      let backslashes = 0;
      while (backslashes < chars.length && chars[chars.length - 1 - backslashes] === '\\') backslashes++;
      if (backslashes % 2 === 0) break;
      chars.pop();
      offsets.pop();
      if (i >= length) break;
      i = skipLineEnd(i);
      while (isBlank(text[i])) i++;
    }
    const fail = (reason: string, index: number): never => {
      const { line, column } = lineColumnAt(text, offsets[index] ?? start);
      throw new RenderParseError(source, 'properties', line, column, reason);
    };
    const { keyEnd, valueStart } = splitLogicalLine(chars);
    entries.push({
      key: unescapeProperty(chars, 0, keyEnd, fail),
      value: unescapeProperty(chars, valueStart, chars.length, fail),
      line: lineColumnAt(text, start).line,
    });
  }
  return entries;
}

function splitLogicalLine(chars: readonly string[]): { keyEnd: number; valueStart: number } {
  let keyEnd = 0;
  let valueStart = chars.length;
  let separator = false;
  let escaped = false;
  for (; keyEnd < chars.length; keyEnd++) {
    const char = chars[keyEnd];
    if ((char === '=' || char === ':') && !escaped) {
      valueStart = keyEnd + 1;
      separator = true;
      break;
    }
    if ((char === ' ' || char === '\t' || char === '\f') && !escaped) {
      valueStart = keyEnd + 1;
      break;
    }
    escaped = char === '\\' ? !escaped : false;
  }
  for (; valueStart < chars.length; valueStart++) {
    const char = chars[valueStart];
    if (char === ' ' || char === '\t' || char === '\f') continue;
    if (!separator && (char === '=' || char === ':')) {
      separator = true;
      continue;
    }
    break;
  }
  return { keyEnd, valueStart };
}

const escapes: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f' };

function unescapeProperty(
  chars: readonly string[],
  from: number,
  to: number,
  fail: (reason: string, index: number) => never,
): string {
  let text = '';
  for (let i = from; i < to; i++) {
    const char = chars[i]!;
    if (char !== '\\') {
      text += char;
      continue;
    }
    i++;
    if (i >= to) break;
    const escapeChar = chars[i]!;
    if (escapeChar === 'u') {
      const hex = chars.slice(i + 1, Math.min(i + 5, to)).join('');
      if (!/^[0-9a-fA-F]{4}$/.test(hex))
        fail('a \\u escape needs 4 hexadecimal digits (malformed \\uxxxx)', i - 1);
      text += String.fromCharCode(Number.parseInt(hex, 16));
      i += 4;
    } else {
      text += escapes[escapeChar] ?? escapeChar;
    }
  }
  return text;
}

/**
 * Parses a properties file into a nested document: keys split on `.`, items named 0..n-1 make a list,
 * values read by the scalar rules (`8080` is a number, `'8080'` a string, empty is ""). A key given
 * twice, a key that is both a value and a parent, or an empty segment is a `RenderParseError`.
 *
 * @example
 * parseProperties('server.port=8080\nserver.hosts.0=a\n', 'app.properties');
 * // { server: { port: 8080, hosts: ['a'] } }
 */
export function parseProperties(text: string, source: string): DocumentMap {
  const entries = readPropertyEntries(text, source);
  const lineOf = new Map<string, number>();
  const leaves: TreeLeaf[] = [];
  for (const { key, value, line } of entries) {
    const first = lineOf.get(key);
    const fail = (reason: string): never => {
      throw new RenderParseError(source, 'properties', line, undefined, reason);
    };
    if (first !== undefined) fail(`the key '${key}' is set twice (first on line ${first}); keep one`);
    lineOf.set(key, line);
    const segments = key.split('.');
    if (segments.includes('')) {
      fail(
        key === ''
          ? 'the key is empty'
          : `the key '${key}' has an empty segment (it starts or ends with '.', or holds '..')`,
      );
    }
    leaves.push({ segments, name: key, text: value });
  }
  try {
    return buildTree(leaves, {
      join: (segments) => segments.join('.'),
      read: (leaf) => readStoredValue(leaf.text, leaf.name),
    });
  } catch (err) {
    if (!(err instanceof RenderError)) throw err;
    const key = 'childKey' in err ? err.childKey : 'key' in err ? err.key : undefined;
    const line = typeof key === 'string' ? lineOf.get(key) : undefined;
    throw new RenderParseError(source, 'properties', line, undefined, err.message, { cause: err });
  }
}
