// Turns what a format's parser returned into a document: plain objects (never null-prototype ones),
// lists and scalars; dates (TOML) become their ISO 8601 text; anything else is refused.
import { type DocumentMap, type DocumentValue, formatPath, type PathStep, setEntry } from './document.js';
import { RenderParseError } from './errors.js';

/**
 * Where a parsed value came from, for messages.
 *
 * @example
 * const origin: ParsedOrigin = { source: 'config.toml', format: 'toml' };
 */
export interface ParsedOrigin {
  readonly source: string;
  readonly format: string;
}

/**
 * The document a parser's result makes; the top level must be a map (`null`, an empty file, is `{}`).
 *
 * @example
 * toParsedDocument(TOML.parse(text), { source: 'app.toml', format: 'toml' });
 */
export function toParsedDocument(parsed: unknown, origin: ParsedOrigin): DocumentMap {
  if (parsed === null || parsed === undefined) return {};
  const value = toValue(parsed, [], origin);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new RenderParseError(
      origin.source,
      origin.format,
      1,
      1,
      `the top level is ${Array.isArray(value) ? 'a list' : 'a single value'}, but a document is a map of names ` +
        'to values at the top (as a directory is)',
    );
  }
  return value;
}

function toValue(value: unknown, path: PathStep[], origin: ParsedOrigin): DocumentValue {
  if (
    value === null ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    typeof value === 'number'
  ) {
    return value;
  }
  if (value instanceof Date) return dateText(value);
  if (Array.isArray(value)) return value.map((item, index) => toValue(item, [...path, index], origin));
  if (typeof value === 'object') {
    const prototype = Object.getPrototypeOf(value);
    if (prototype === Object.prototype || prototype === null) {
      const map: DocumentMap = {};
      for (const key of Object.keys(value)) {
        setEntry(map, key, toValue((value as Record<string, unknown>)[key], [...path, key], origin));
      }
      return map;
    }
  }
  const kind = typeof value === 'bigint' ? 'an integer too large for a number' : `a ${typeof value}`;
  throw new RenderParseError(
    origin.source,
    origin.format,
    undefined,
    undefined,
    `${formatPath(path)} is ${kind}, which a document cannot hold`,
  );
}

/** A TOML date or time as its ISO 8601 text (smol-toml's TomlDate keeps the original precision). */
function dateText(date: Date): string {
  return date.toISOString();
}
