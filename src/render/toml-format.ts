// TOML documents through `smol-toml`. TOML has no null (refused, naming the path) and no -0 integer
// (-0 is written 0); dates and times read back as their ISO 8601 text.
import { parse, stringify, TomlError } from 'smol-toml';
import { type DocumentMap, type DocumentValue, formatPath, type PathStep } from './document.js';
import { RenderNotRepresentableError, RenderParseError } from './errors.js';
import { toParsedDocument } from './parsed-document.js';

/**
 * A document as TOML text. Throws `RenderNotRepresentableError` naming the path of a null.
 *
 * @example
 * formatToml({ http: { addr: ':5000' } }); // '[http]\naddr = ":5000"\n'
 */
export function formatToml(document: DocumentMap): string {
  refuseUnwritable(document, []);
  const text = stringify(document);
  if (text.trim() === '') return '';
  return text.endsWith('\n') ? text : `${text}\n`;
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function refuseUnwritable(value: DocumentValue, path: PathStep[]): void {
  if (typeof value === 'string' && loneSurrogate.test(value)) {
    throw new RenderNotRepresentableError(
      'toml',
      formatPath(path),
      'the string holds a lone UTF-16 surrogate',
    );
  }
  if (value === null) {
    throw new RenderNotRepresentableError(
      'toml',
      formatPath(path),
      'TOML has no null; remove the key, give it a value, or choose YAML or JSON',
    );
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      refuseUnwritable(item, [...path, index]);
    });
  } else if (typeof value === 'object') {
    for (const key of Object.keys(value)) {
      if (loneSurrogate.test(key)) {
        throw new RenderNotRepresentableError(
          'toml',
          formatPath(path),
          'a key holds a lone UTF-16 surrogate',
        );
      }
      refuseUnwritable(value[key]!, [...path, key]);
    }
  }
}

/**
 * Parses TOML text into a document. Throws `RenderParseError` naming `source`, the line and column,
 * and what is wrong (never the text there).
 *
 * @example
 * parseToml('[http]\naddr = ":5000"\n', 'config.toml'); // { http: { addr: ':5000' } }
 */
export function parseToml(text: string, source: string): DocumentMap {
  let parsed: unknown;
  try {
    parsed = parse(text);
  } catch (cause) {
    if (!(cause instanceof TomlError)) throw cause;
    throw new RenderParseError(source, 'toml', cause.line, cause.column, tomlReason(cause), { cause });
  }
  return toParsedDocument(parsed, { source, format: 'toml' });
}

/** smol-toml's reason, without the excerpt of the file it appends (it may show a secret). */
function tomlReason(error: TomlError): string {
  const first = error.message.split('\n', 1)[0]!.replace(/^Invalid TOML document: /, '');
  // Its reasons are fixed phrases; anything else (a message passed through from elsewhere) is not shown.
  return /^[a-z][a-z ,:.\-()]*$/i.test(first) ? first : 'the TOML is malformed';
}
