// Environment files: one `NAME=value` line per scalar, the path joined with '_' and upper-cased, values
// quoted for a POSIX shell (single quotes); read back as a flat map of names to strings.
import { type DocumentMap, formatPath, type PathStep, setEntry } from './document.js';
import { RenderNameCollisionError, RenderNotRepresentableError, RenderParseError } from './errors.js';
import { documentLeaves } from './leaves.js';
import { scalarText } from './scalar.js';
import { lineColumnAt } from './text-position.js';

/**
 * The variable name of a document path: segments joined with `_`, upper-cased, every character other
 * than A-Z, 0-9 and `_` replaced with `_`.
 *
 * @example
 * environmentName(['storage', 'swift', 'auth-url']); // 'STORAGE_SWIFT_AUTH_URL'
 */
export function environmentName(path: readonly PathStep[]): string {
  return path
    .map(String)
    .join('_')
    .toUpperCase()
    .replace(/[^A-Z0-9_]/gu, '_');
}

/** Characters a POSIX shell takes literally in an unquoted word (and no dotenv reader treats specially). */
const unquotedSafe = /^[A-Za-z0-9_@%+=:,./-]+$/;

/**
 * A value as a POSIX shell word: as it is when every character is safe, else in single quotes with
 * each `'` written `'\''`.
 *
 * @example
 * shellWord("it's"); // "'it'\\''s'"
 */
export function shellWord(value: string): string {
  if (value === '' || unquotedSafe.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * A document as an environment file. Empty lists and maps write nothing; null writes an empty value.
 * Throws `RenderNameCollisionError` when two paths make one name, `RenderNotRepresentableError` for a
 * name starting with a digit or a value holding a NUL character.
 *
 * @example
 * formatEnv({ storage: { swift: { password: 's3cr3t!' } } }); // "STORAGE_SWIFT_PASSWORD='s3cr3t!'\n"
 */
export function formatEnv(document: DocumentMap): string {
  const seen = new Map<string, readonly PathStep[]>();
  const lines: string[] = [];
  for (const { path, value } of documentLeaves(document)) {
    const name = environmentName(path);
    if (!/^[A-Z_]/.test(name)) {
      throw new RenderNotRepresentableError(
        'env',
        formatPath(path),
        `its variable name '${name}' does not start with a letter or '_'; rename the key`,
      );
    }
    const other = seen.get(name);
    if (other !== undefined)
      throw new RenderNameCollisionError('env', name, [formatPath(other), formatPath(path)]);
    seen.set(name, path);
    const text = scalarText(value);
    if (text.includes('\0')) {
      throw new RenderNotRepresentableError(
        'env',
        formatPath(path),
        'an environment variable cannot hold a NUL character',
      );
    }
    lines.push(`${name}=${shellWord(text)}`);
  }
  return lines.map((line) => `${line}\n`).join('');
}

const namePattern = /[A-Za-z_][A-Za-z0-9_]*/y;

/**
 * Parses an environment file into a flat map of names to strings, as a POSIX shell reads the
 * assignments: `NAME=value`, optionally after `export`; unquoted, '...' and "..." parts with the
 * shell's backslash rules; `#` comments; no `$` expansion (variables are never read). Spaces around
 * `=` are allowed, as dotenv files have them. A name set twice is an error.
 *
 * @example
 * parseEnv("export PORT=8080\nNAME='my app' # comment\n", 'app.env'); // { PORT: '8080', NAME: 'my app' }
 */
export function parseEnv(text: string, source: string): DocumentMap {
  const result: DocumentMap = {};
  const lines = new Map<string, number>();
  const length = text.length;
  let i = 0;
  const fail = (reason: string, at: number): never => {
    const { line, column } = lineColumnAt(text, at);
    throw new RenderParseError(source, 'env', line, column, reason);
  };
  const isBlank = (char: string | undefined) => char === ' ' || char === '\t';
  const isLineEnd = (char: string | undefined) => char === '\n' || char === '\r';
  const skipBlanks = () => {
    while (isBlank(text[i])) i++;
  };
  const skipLine = () => {
    while (i < length && !isLineEnd(text[i])) i++;
  };

  while (i < length) {
    skipBlanks();
    if (i >= length) break;
    if (isLineEnd(text[i])) {
      i++;
      continue;
    }
    if (text[i] === '#') {
      skipLine();
      continue;
    }
    const start = i;
    if (text.startsWith('export', i) && isBlank(text[i + 6])) {
      i += 6;
      skipBlanks();
    }
    namePattern.lastIndex = i;
    const match = namePattern.exec(text);
    if (match === null)
      fail('expected a variable name (letters, digits and _, not starting with a digit)', i);
    const name = match![0];
    i += name.length;
    skipBlanks();
    if (text[i] !== '=') fail(`expected '=' after the variable name ${name}`, i);
    i++;
    skipBlanks();
    let value = '';
    while (i < length && !isLineEnd(text[i])) {
      const char = text[i]!;
      if (isBlank(char)) {
        skipBlanks();
        if (text[i] === '#') skipLine();
        else if (i < length && !isLineEnd(text[i])) {
          fail('unexpected text after the value; quote a value that holds spaces', i);
        }
        break;
      }
      if (char === "'") {
        const end = text.indexOf("'", i + 1);
        if (end === -1) fail("a single-quoted value is not closed (its closing ' is missing)", i);
        value += text.slice(i + 1, end);
        i = end + 1;
      } else if (char === '"') {
        const open = i;
        i++;
        for (;;) {
          if (i >= length) fail('a double-quoted value is not closed (its closing " is missing)', open);
          const inner = text[i]!;
          if (inner === '"') {
            i++;
            break;
          }
          const next = text[i + 1];
          if (inner === '\\' && next !== undefined && '$`"\\\n'.includes(next)) {
            if (next !== '\n') value += next;
            i += 2;
          } else {
            value += inner;
            i++;
          }
        }
      } else if (char === '\\') {
        const next = text[i + 1];
        if (next !== undefined && next !== '\n') value += next;
        i += 2;
      } else {
        value += char;
        i++;
      }
    }
    const line = lineColumnAt(text, start).line;
    const first = lines.get(name);
    if (first !== undefined)
      fail(`the variable ${name} is set twice (first on line ${first}); keep one`, start);
    lines.set(name, line);
    setEntry(result, name, value);
  }
  return result;
}
