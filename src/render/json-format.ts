// JSON documents: written with a 2-space indent and a trailing newline (as JSON.stringify, but -0 stays
// -0 and NaN or infinity is refused, not turned into null); read strictly (RFC 8259) by a small reader
// that reports the line and column of a mistake without quoting the text, which JSON.parse does not.
import { type DocumentMap, type DocumentValue, formatPath, type PathStep, setEntry } from './document.js';
import { RenderNotRepresentableError, RenderParseError } from './errors.js';
import { toParsedDocument } from './parsed-document.js';
import { lineColumnAt } from './text-position.js';

/**
 * A document or any value as JSON text: 2-space indent, trailing newline. Throws
 * `RenderNotRepresentableError` for NaN and infinities, which JSON cannot hold.
 *
 * @example
 * formatJson({ a: [1, -0] }); // '{\n  "a": [\n    1,\n    -0\n  ]\n}\n'
 */
export function formatJson(value: DocumentValue): string {
  return `${jsonText(value, [], '')}\n`;
}

function jsonText(value: DocumentValue, path: PathStep[], indent: string): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new RenderNotRepresentableError(
        'json',
        formatPath(path),
        'JSON has no NaN or infinity; choose YAML or TOML, or store the value as a string',
      );
    }
    return Object.is(value, -0) ? '-0' : JSON.stringify(value);
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    const items = value.map((item, index) => `${inner}${jsonText(item, [...path, index], inner)}`);
    return `[\n${items.join(',\n')}\n${indent}]`;
  }
  const keys = Object.keys(value);
  if (keys.length === 0) return '{}';
  const entries = keys.map(
    (key) => `${inner}${JSON.stringify(key)}: ${jsonText(value[key]!, [...path, key], inner)}`,
  );
  return `{\n${entries.join(',\n')}\n${indent}}`;
}

/**
 * Parses JSON text into a document (a key given twice in one object is an error). Throws
 * `RenderParseError` naming `source`, the line and column, and what is wrong.
 *
 * @example
 * parseJson('{ "http": { "addr": ":5000" } }', 'config.json'); // { http: { addr: ':5000' } }
 */
export function parseJson(text: string, source: string): DocumentMap {
  const reader = new JsonReader(text, source);
  const value = reader.document();
  return toParsedDocument(value, { source, format: 'json' });
}

/** Deep enough for any configuration file, shallow enough to never exhaust the stack. */
const maxDepth = 512;

const numberPattern = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?/y;

class JsonReader {
  private position = 0;

  constructor(
    private readonly text: string,
    private readonly source: string,
  ) {}

  document(): DocumentValue {
    const value = this.value(0);
    this.skipSpace();
    if (this.position < this.text.length) this.fail('unexpected text after the end of the document');
    return value;
  }

  private fail(reason: string, at = this.position): never {
    const { line, column } = lineColumnAt(this.text, at);
    throw new RenderParseError(this.source, 'json', line, column, reason);
  }

  private skipSpace(): void {
    while (this.position < this.text.length && ' \t\n\r'.includes(this.text[this.position]!)) this.position++;
  }

  private value(depth: number): DocumentValue {
    if (depth > maxDepth) this.fail(`the document is nested more than ${maxDepth} levels deep`);
    this.skipSpace();
    const char = this.text[this.position];
    if (char === '{') return this.object(depth);
    if (char === '[') return this.array(depth);
    if (char === '"') return this.string();
    if (char === '-' || (char !== undefined && char >= '0' && char <= '9')) return this.number();
    for (const [word, value] of [
      ['true', true],
      ['false', false],
      ['null', null],
    ] as const) {
      if (this.text.startsWith(word, this.position)) {
        this.position += word.length;
        return value;
      }
    }
    if (char === undefined) this.fail('the text ends where a value should be');
    return this.fail('expected a value: a string in double quotes, a number, true, false, null, [ or {');
  }

  private object(depth: number): DocumentMap {
    this.position++;
    const map: DocumentMap = {};
    const seen = new Set<string>();
    this.skipSpace();
    if (this.text[this.position] === '}') {
      this.position++;
      return map;
    }
    for (;;) {
      this.skipSpace();
      const keyStart = this.position;
      if (this.text[this.position] !== '"') this.fail('expected a key in double quotes');
      const key = this.string();
      if (seen.has(key)) this.fail('this key appears twice in the same object', keyStart);
      seen.add(key);
      this.skipSpace();
      if (this.text[this.position] !== ':') this.fail("expected ':' after the key");
      this.position++;
      setEntry(map, key, this.value(depth + 1));
      this.skipSpace();
      const next = this.text[this.position];
      this.position++;
      if (next === '}') return map;
      if (next !== ',') this.fail("expected ',' or '}' after the value", this.position - 1);
    }
  }

  private array(depth: number): DocumentValue[] {
    this.position++;
    const items: DocumentValue[] = [];
    this.skipSpace();
    if (this.text[this.position] === ']') {
      this.position++;
      return items;
    }
    for (;;) {
      items.push(this.value(depth + 1));
      this.skipSpace();
      const next = this.text[this.position];
      this.position++;
      if (next === ']') return items;
      if (next !== ',') this.fail("expected ',' or ']' after the item", this.position - 1);
    }
  }

  private string(): string {
    const start = this.position;
    this.position++;
    for (;;) {
      if (this.position >= this.text.length)
        this.fail('a string is not closed (its closing double quote is missing)', start);
      const unit = this.text.charCodeAt(this.position);
      if (unit === 0x22) break;
      if (unit < 0x20)
        this.fail('a string holds a raw control character or line break; escape it (\\n, \\t, \\u0000)');
      if (unit === 0x5c) {
        const escapeCode = this.text[this.position + 1] ?? '';
        if (escapeCode !== '' && '"\\/bfnrt'.includes(escapeCode)) this.position += 2;
        else if (
          escapeCode === 'u' &&
          /^[0-9a-fA-F]{4}$/.test(this.text.slice(this.position + 2, this.position + 6))
        ) {
          this.position += 6;
        } else this.fail('a string holds a backslash escape JSON does not know (write \\\\ for a backslash)');
        continue;
      }
      this.position++;
    }
    this.position++;
    // The token is valid JSON now; JSON.parse decodes its escapes exactly.
    return JSON.parse(this.text.slice(start, this.position)) as string;
  }

  private number(): number {
    numberPattern.lastIndex = this.position;
    const match = numberPattern.exec(this.text);
    if (match === null) this.fail('a number is malformed (JSON numbers look like -12, 0.5 or 1e-3)');
    this.position += match[0].length;
    return Number(match[0]);
  }
}
